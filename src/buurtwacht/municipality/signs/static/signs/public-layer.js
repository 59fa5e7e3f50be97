/* The placed street signs on the public map: for every map element with data-signs-src (after map.js made it a
 * Leaflet map, element.buurtwachtMap), fetch the GeoJSON of placed signs and draw a small marker per sign. */
(function () {
  "use strict";

  document.querySelectorAll("[data-signs-src]").forEach(function (element) {
    var map = element.buurtwachtMap;
    if (!map) return;
    var label = element.dataset.signsLabel || "";
    fetch(element.dataset.signsSrc, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, {
              radius: 6, weight: 2, color: "#ffffff", fillColor: "#b00020", fillOpacity: 1, className: "sign-marker",
            });
          },
          onEachFeature: function (feature, marker) {
            var text = document.createElement("span");
            text.textContent = label + (feature.properties.gemeente ? " · " + feature.properties.gemeente : "");
            marker.bindTooltip(text);
          },
        }).addTo(map);
        element.dataset.signsCount = String(layer.getLayers().length);
      })
      .catch(function () { element.dataset.signsCount = "0"; });
  });
})();
