/* The registration form: draw the group's area with Leaflet-Geoman into the hidden "area" field (GeoJSON),
 * and filter the list of buurten. Without JavaScript the form still works with the buurten alone. */
(function () {
  "use strict";

  function initDrawing(section) {
    var element = section.querySelector("#draw-map");
    var input = document.getElementById("id_area");
    if (!element || !input || !window.L || !L.PM) return;
    section.hidden = false;
    var map = window.buurtwachtMap(element);
    var status = document.getElementById(element.dataset.status);
    var drawn = null;
    var lang = document.documentElement.lang === "en" ? "en" : "nl";

    map.pm.setLang(lang);
    map.pm.setGlobalOptions({ allowSelfIntersection: false, snappable: true });
    map.pm.addControls({
      position: "topleft",
      drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawCircle: false, drawText: false,
      drawRectangle: true, drawPolygon: true,
      editMode: true, dragMode: false, cutPolygon: false, rotateMode: false, removalMode: true,
    });

    // Geoman puts each button's title on its container; give the button itself that name for screen readers.
    element.querySelectorAll(".button-container[title] > .leaflet-buttons-control-button").forEach(function (button) {
      button.setAttribute("aria-label", button.parentNode.getAttribute("title"));
    });

    function save() {
      input.value = drawn ? JSON.stringify(drawn.toGeoJSON().geometry) : "";
      status.textContent = drawn ? element.dataset.drawn : element.dataset.cleared;
    }

    function keep(layer) {
      if (drawn && drawn !== layer) map.removeLayer(drawn);
      drawn = layer;
      drawn.on("pm:edit", save);
      save();
    }

    map.on("pm:create", function (event) { keep(event.layer); });
    map.on("pm:remove", function (event) {
      if (event.layer === drawn) { drawn = null; save(); }
    });
    section.querySelector("[data-draw-clear]").addEventListener("click", function () {
      if (drawn) map.removeLayer(drawn);
      drawn = null;
      save();
    });

    // After a rejected submit, show what was drawn so it can be corrected.
    if (input.value) {
      try {
        var restored = L.geoJSON(JSON.parse(input.value)).getLayers()[0];
        if (restored) {
          restored.addTo(map);
          map.fitBounds(restored.getBounds(), { padding: [16, 16] });
          keep(restored);
        }
      } catch (error) {
        input.value = "";
      }
    }
  }

  function initFilter(box) {
    var field = box.querySelector("input");
    var counter = box.querySelector("[role=status]");
    var wijken = document.querySelectorAll("[data-wijk]");
    box.hidden = false;
    field.addEventListener("input", function () {
      var query = field.value.trim().toLowerCase();
      var shown = 0;
      wijken.forEach(function (wijk) {
        var legend = wijk.querySelector("legend").textContent.toLowerCase();
        var any = false;
        wijk.querySelectorAll("li").forEach(function (item) {
          var match = !query || legend.indexOf(query) >= 0 || item.textContent.toLowerCase().indexOf(query) >= 0;
          // Keep chosen buurten visible, so a filter never hides a choice.
          var chosen = item.querySelector("input").checked;
          item.hidden = !(match || chosen);
          if (!item.hidden) { any = true; shown += 1; }
        });
        wijk.hidden = !any;
      });
      counter.textContent = query ? shown + " / " + document.querySelectorAll("[data-wijk] li").length : "";
    });
  }

  var section = document.querySelector("[data-draw]");
  if (section) initDrawing(section);
  var filter = document.querySelector("[data-filter]");
  if (filter) initFilter(filter);
})();
