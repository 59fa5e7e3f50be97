/* Buurtwacht maps: every element with [data-map] becomes a Leaflet map of group areas.
 *
 * data-tiles        tile URL template; empty: no tiles, the areas on a plain background
 * data-attribution  HTML credit for the tiles (from the settings, so trusted; everything else is shown as text)
 * data-features     id of a <script type="application/json"> holding a GeoJSON FeatureCollection
 * data-src          URL of a GeoJSON FeatureCollection to fetch (the map page: /api/v1/groups)
 * data-marker       "lat,lon" of a point to mark (the searched address), with data-marker-label
 * data-members      label for the member count in tooltips
 *
 * A click (or tap) on a group's area opens that group's page, as the map page says; hovering shows its name.
 * data-bounds       "south,west,north,east" to show first, and keep (no fitting to the areas)
 * data-passive      areas are background only: no tooltips, not clickable, not editable (the drawing map)
 * data-status       id of an element that receives status text (loaded, failed), read out politely
 * data-loaded / data-failed / data-empty   the texts for that element
 */
(function () {
  "use strict";

  var NL = [[50.75, 3.36], [53.55, 7.23]];
  var AREA_STYLE = { color: "#12365f", weight: 2, opacity: 0.9, fillColor: "#2f6fb3", fillOpacity: 0.25 };
  var PASSIVE_STYLE = { color: "#4a525c", weight: 1, dashArray: "4 4", fillColor: "#4a525c", fillOpacity: 0.12 };
  var HOVER_STYLE = { weight: 4, fillOpacity: 0.4 };

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  function label(properties, membersLabel) {
    // Built from DOM nodes, never from HTML strings: group names are user input.
    var box = document.createElement("div");
    box.appendChild(text("strong", properties.name));
    var details = [];
    if (properties.gemeente) details.push(properties.gemeente);
    if (membersLabel && properties.member_count !== undefined) {
      details.push(membersLabel + ": " + properties.member_count);
    }
    if (properties.alert_place_label) details.push(properties.alert_place_label);
    if (details.length) box.appendChild(text("div", details.join(" · ")));
    return box;
  }

  function initMap(element) {
    var data = element.dataset;
    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false });
    element.buurtwachtMap = map; // for layers that other scripts add (the placed street signs)
    L.control.zoom({
      zoomInTitle: document.body.dataset.zoomIn || "+",
      zoomOutTitle: document.body.dataset.zoomOut || "-",
    }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19, minZoom: 6, attribution: data.attribution || "" }).addTo(map);
    }
    var start = data.bounds ? data.bounds.split(",").map(Number) : null;
    map.fitBounds(start ? [[start[0], start[1]], [start[2], start[3]]] : NL);
    var passive = data.passive !== undefined;

    var status = data.status ? document.getElementById(data.status) : null;
    function say(message) {
      if (status && message) status.textContent = message;
    }

    var areas = L.geoJSON(null, {
      // pmIgnore: the drawing tool (Leaflet-Geoman) leaves existing groups alone.
      interactive: !passive,
      pmIgnore: true,
      style: function () { return passive ? PASSIVE_STYLE : AREA_STYLE; },
      onEachFeature: function (feature, layer) {
        var properties = feature.properties || {};
        if (passive || !properties.url) return;
        // Leaflet sets string content as HTML: tooltips get DOM nodes, as group names are user input.
        layer.bindTooltip(label(properties, data.members), { sticky: true });
        if (properties.url !== window.location.pathname) {
          layer.on("click", function () { window.location.assign(properties.url); });
        }
        layer.on("mouseover", function () { layer.setStyle(HOVER_STYLE); });
        layer.on("mouseout", function () { areas.resetStyle(layer); });
      },
    }).addTo(map);

    var marker = null;
    if (data.marker) {
      var point = data.marker.split(",").map(Number);
      marker = L.circleMarker(point, {
        radius: 8, color: "#1b1f24", weight: 3, fillColor: "#ffbf47", fillOpacity: 1, className: "address-marker",
      }).addTo(map);
      if (data.markerLabel) marker.bindTooltip(text("span", data.markerLabel), { permanent: false });
    }

    function fit() {
      if (start || passive) return;
      var bounds = areas.getLayers().length ? areas.getBounds() : null;
      if (marker) bounds = bounds ? bounds.extend(marker.getLatLng()) : L.latLngBounds([marker.getLatLng()]);
      if (bounds) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 });
    }

    function show(collection) {
      areas.addData(collection);
      element.dataset.loadedCount = String(areas.getLayers().length);
      if (marker) marker.bringToFront();
      fit();
      say(areas.getLayers().length ? data.loaded : data.empty);
    }

    if (data.features) {
      var source = document.getElementById(data.features);
      show(source ? JSON.parse(source.textContent) : { type: "FeatureCollection", features: [] });
    }
    if (data.src) {
      fetch(data.src, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(show)
        .catch(function () { say(data.failed); });
    }
    return map;
  }

  window.buurtwachtMap = initMap;
  document.querySelectorAll("[data-map]").forEach(initMap);
})();
