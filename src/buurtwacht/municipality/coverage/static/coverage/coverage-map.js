/* The coverage map: the gemeente's buurten coloured by the share of their addresses inside an active group's area.
 *
 * data-src      URL of the buurten as GeoJSON, each with properties code, name, share, addresses,
 *               covered_addresses, groups and class (the key of its legend class, decided on the server)
 * data-legend   id of a <script type="application/json"> with the classes: key, label, colour, dashed
 * data-bounds   "south,west,north,east" of the gemeente
 * data-tiles / data-attribution / data-status / data-loaded / data-failed: as on the other maps (map.js)
 *
 * The colours are never the only cue: the gaps have a dashed outline, every buurt says its name, share and class
 * in its tooltip, and the table under the map holds the same numbers.
 */
(function () {
  "use strict";

  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function initMap(element) {
    var data = element.dataset;
    var legend = {};
    JSON.parse(document.getElementById(data.legend).textContent).forEach(function (item) {
      legend[item.key] = item;
    });
    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false });
    L.control.zoom({
      zoomInTitle: document.body.dataset.zoomIn || "+",
      zoomOutTitle: document.body.dataset.zoomOut || "-",
    }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19, minZoom: 6, attribution: data.attribution || "" }).addTo(map);
    }
    var bounds = data.bounds ? data.bounds.split(",").map(Number) : [50.75, 3.36, 53.55, 7.23];
    map.fitBounds([[bounds[0], bounds[1]], [bounds[2], bounds[3]]]);
    var status = data.status ? document.getElementById(data.status) : null;
    function say(message) {
      if (status) status.textContent = message;
    }

    function style(feature) {
      var item = legend[feature.properties["class"]] || {};
      return {
        color: item.dashed ? "#8a2c0d" : "#12365f",
        weight: item.dashed ? 2 : 1,
        dashArray: item.dashed ? "5 4" : null,
        fillColor: item.colour || "#ffffff",
        fillOpacity: 0.7,
      };
    }

    function tooltip(properties) {
      // Built from DOM nodes, never from HTML strings.
      var box = document.createElement("div");
      box.appendChild(text("strong", properties.name));
      var item = legend[properties["class"]];
      if (properties.addresses !== null && properties.addresses !== undefined) {
        var share = (100 * (properties.share || 0)).toFixed(1).replace(".", ",");
        box.appendChild(text("div", properties.covered_addresses + " / " + properties.addresses + " " +
          data.addresses + " (" + share + "%)"));
      }
      if (item) box.appendChild(text("div", item.label));
      return box;
    }

    fetch(data.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (collection) {
        L.geoJSON(collection, {
          style: style,
          onEachFeature: function (feature, layer) {
            layer.bindTooltip(tooltip(feature.properties), { sticky: true });
          },
        }).addTo(map);
        say(data.loaded);
      })
      .catch(function () {
        say(data.failed);
      });
  }

  document.querySelectorAll("[data-coverage-map]").forEach(initMap);
})();
