/* The network of groups on a map (networks/gemeente.html): group areas, blue when they take part and grey when
 * not, and lines between neighbours, solid when both take part. The same data is in the table on the page.
 *
 * <div data-network-map="<id of a JSON script with a FeatureCollection>" data-tiles data-attribution
 *      data-opted-in="doet mee" data-not-opted-in="doet niet mee">
 */
(function () {
  "use strict";

  var IN = { color: "#12365f", weight: 2, fillColor: "#2f6fb3", fillOpacity: 0.3 };
  var OUT = { color: "#4a525c", weight: 1, dashArray: "4 4", fillColor: "#4a525c", fillOpacity: 0.12 };
  var LINKED = { color: "#0b6b2b", weight: 4, opacity: 0.9 };
  var UNLINKED = { color: "#8a4b00", weight: 2, opacity: 0.8, dashArray: "6 6" };

  function init(element) {
    var data = element.dataset;
    var source = document.getElementById(data.networkMap);
    if (!source || typeof L === "undefined") return;
    var collection = JSON.parse(source.textContent);
    // The same setup as the other maps (buurtwacht/map.js): the zoom buttons' titles in the page's language.
    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false });
    L.control.zoom({
      zoomInTitle: document.body.dataset.zoomIn || "+",
      zoomOutTitle: document.body.dataset.zoomOut || "-",
    }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19, minZoom: 6, attribution: data.attribution || "" }).addTo(map);
    }
    var layer = L.geoJSON(collection, {
      style: function (feature) {
        var p = feature.properties;
        if (p.kind === "neighbours") return p.both_opted_in ? LINKED : UNLINKED;
        return p.opted_in ? IN : OUT;
      },
      onEachFeature: function (feature, item) {
        var p = feature.properties;
        if (p.kind !== "group") return;
        var box = document.createElement("div");
        var name = document.createElement("strong");
        name.textContent = p.name; // group names are user input: text, never HTML
        box.appendChild(name);
        var state = document.createElement("div");
        state.textContent = p.opted_in ? data.optedIn : data.notOptedIn;
        box.appendChild(state);
        item.bindTooltip(box);
      },
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [12, 12] });
    } else {
      map.fitBounds([[50.75, 3.36], [53.55, 7.23]]);
    }
  }

  document.querySelectorAll("[data-network-map]").forEach(init);
})();
