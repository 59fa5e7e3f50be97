/* Street signs: the spot editor ([data-spot-map]), the inventory and sign maps ([data-signs-map]).
 *
 * Spot editor: the form's rows (fieldsets [data-spot-row] with inputs [data-part=lat|lon|postcode|number|note])
 * stay the truth, so the form works without this script. A click on the map fills the first empty row (a new row
 * is added when all are full), a marker per filled row can be dragged, and each row gets a remove button. With
 * data-checks-url the rule checks (#sign-checks) are asked again for the number of spots whenever it changes.
 *
 * Signs map: circle markers from a GeoJSON <script> (data-features) coloured by status; with data-pick a click
 * fills the inputs [data-pick-target] (lat, lon) of the forms on the page.
 *
 * Every map: with data-layers (the id of a JSON <script> {area, signs}) the group's area and the signs that already
 * stand are drawn under the spots. On a touch screen one finger scrolls the page, not the map: the map moves with
 * two fingers (pinch), a tap still places a spot.
 *
 * A form that comes back with mistakes has an error summary ([data-error-summary]) at its top: it gets the focus,
 * so that it is in sight (and read out) at once.
 */
(function () {
  "use strict";

  var COLOURS = { placed: "#12365f", approved: "#b07400", removed: "#6b7280" };

  function baseMap(element) {
    var data = element.dataset;
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false, dragging: !L.Browser.mobile });
    L.control.zoom({
      zoomInTitle: document.body.dataset.zoomIn || "+",
      zoomOutTitle: document.body.dataset.zoomOut || "-",
    }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19, minZoom: 6, attribution: data.attribution || "" }).addTo(map);
    }
    var bounds = data.bounds ? data.bounds.split(",").map(Number) : null;
    if (bounds && bounds.every(function (n) { return !isNaN(n); })) {
      map.fitBounds([[bounds[0], bounds[1]], [bounds[2], bounds[3]]]);
    } else {
      map.fitBounds([[50.75, 3.36], [53.55, 7.23]]);
    }
    var layers = data.layers ? document.getElementById(data.layers) : null;
    if (layers) {
      drawLayers(map, JSON.parse(layers.textContent), data);
    } else if (data.area) {
      var area = data.area.split(",").map(Number);
      if (area.every(function (n) { return !isNaN(n); })) {
        L.rectangle([[area[0], area[1]], [area[2], area[3]]], {
          color: "#4a525c", weight: 1, dashArray: "4 4", fill: false, interactive: false,
        }).addTo(map);
      }
    }
    element.signsMap = map;
    return map;
  }

  function drawLayers(map, layers, data) {
    if (layers.area) {
      var outline = L.geoJSON(layers.area, {
        style: { color: "#4a525c", weight: 2, dashArray: "6 4", fillOpacity: 0.05, interactive: false },
      }).addTo(map);
      labelled(outline, data.areaLabel);
    }
    if (layers.signs && layers.signs.features.length) {
      L.geoJSON(layers.signs, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            radius: 7, weight: 2, color: "#ffffff", fillColor: COLOURS[feature.properties.status] || "#12365f",
            fillOpacity: 0.9, bubblingMouseEvents: false, className: "sign-marker sign-marker--existing",
          });
        },
        onEachFeature: function (feature, marker) {
          var text = document.createElement("span");
          text.textContent = (data.signLabel || "") + ": " + feature.properties.group + " · " +
            feature.properties.status_label + (feature.properties.note ? " · " + feature.properties.note : "");
          marker.bindTooltip(text);
        },
      }).addTo(map);
    }
  }

  function labelled(layer, label) {
    if (label) layer.bindTooltip(label, { sticky: true });
  }

  function part(row, name) { return row.querySelector('[data-part="' + name + '"]'); }

  function filled(row) {
    return ["lat", "lon", "postcode", "number"].some(function (name) {
      var input = part(row, name);
      return input && input.value.trim() !== "";
    });
  }

  function initEditor(element) {
    var data = element.dataset;
    var map = baseMap(element);
    var container = element.closest("form").querySelector("[data-spot-rows]");
    var status = data.status ? document.getElementById(data.status) : null;
    var max = Number(data.max || 20);
    var markers = new Map();
    var lastCount = "";

    function say(message) { if (status && message) status.textContent = message; }
    function rows() { return Array.prototype.slice.call(container.querySelectorAll("[data-spot-row]")); }

    function count() { return rows().filter(filled).length; }

    // The checks are asked again when the number of spots or a spot's place changes (where a spot lies is checked
    // against the group's area and the signs that stand).
    function spotsAt() {
      return rows().map(rowLatLng).filter(Boolean).map(function (p) {
        return p.lat.toFixed(6) + "," + p.lng.toFixed(6);
      }).join(";");
    }

    function updateChecks() {
      var n = count();
      var at = spotsAt();
      var key = n + "|" + at;
      if (key === lastCount || !data.checksUrl) { lastCount = key; return; }
      lastCount = key;
      var url = data.checksUrl + "?spots=" + n + (at ? "&at=" + encodeURIComponent(at) : "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (checks) { renderChecks(checks, n); })
        .catch(function () { /* the checks shown stay those of the page; the service checks again on sending */ });
    }

    function renderChecks(checks, n) {
      var list = document.getElementById("sign-checks");
      if (!list) return;
      var labels = { ok: list.dataset.ok, broken: list.dataset.broken, info: list.dataset.info };
      var marks = {};
      list.querySelectorAll(".sign-check").forEach(function (item) {
        var kind = item.className.match(/sign-check--(\w+)/);
        var mark = item.querySelector(".sign-check__mark");
        if (kind && mark) marks[kind[1]] = mark.textContent;
      });
      var fallbacks = { ok: "Voldoet:", broken: "Voldoet niet:", info: "Let op:" };
      if (!checks.length) return;
      list.textContent = "";
      checks.forEach(function (check) {
        var kind = check.ok === true ? "ok" : (check.ok === false ? "broken" : "info");
        var item = document.createElement("li");
        item.className = "sign-check sign-check--" + kind;
        item.dataset.key = check.key;
        var mark = document.createElement("span");
        mark.className = "sign-check__mark";
        mark.textContent = labels[kind] || marks[kind] || fallbacks[kind];
        item.appendChild(mark);
        item.appendChild(document.createTextNode(" " + check.reason));
        list.appendChild(item);
      });
      var counter = document.getElementById("checks-count");
      if (counter && counter.dataset.many) {
        counter.textContent = n === 1 ? counter.dataset.one : counter.dataset.many.replace("[n]", String(n));
      }
    }

    function rowLatLng(row) {
      var lat = parseFloat((part(row, "lat").value || "").replace(",", "."));
      var lon = parseFloat((part(row, "lon").value || "").replace(",", "."));
      return isNaN(lat) || isNaN(lon) ? null : L.latLng(lat, lon);
    }

    function setRow(row, latlng) {
      part(row, "lat").value = latlng.lat.toFixed(6);
      part(row, "lon").value = latlng.lng.toFixed(6);
    }

    function syncMarker(row) {
      var latlng = rowLatLng(row);
      var marker = markers.get(row);
      if (!latlng) {
        if (marker) { map.removeLayer(marker); markers.delete(row); }
        return;
      }
      var label = (data.spotLabel || "Plek") + " " + (rows().indexOf(row) + 1);
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, title: label, alt: label, keyboard: true }).addTo(map);
        marker.on("dragend", function () { setRow(row, marker.getLatLng()); updateChecks(); });
        markers.set(row, marker);
      } else {
        marker.setLatLng(latlng);
      }
    }

    function renumber() {
      rows().forEach(function (row, index) {
        ["lat", "lon", "postcode", "number", "note"].forEach(function (name) {
          var input = part(row, name);
          if (!input) return;
          var label = row.querySelector('label[for="' + input.id + '"]');
          input.name = "spot-" + index + "-" + name;
          input.id = "spot-" + index + "-" + name;
          if (label) label.htmlFor = input.id;
        });
        var legend = row.querySelector("legend");
        if (legend) legend.textContent = (data.spotLabel || "Plek") + " " + (index + 1);
        row.dataset.index = String(index);
      });
    }

    function clearRow(row) {
      ["lat", "lon", "postcode", "number", "note"].forEach(function (name) {
        var input = part(row, name);
        if (input) input.value = "";
      });
      var error = row.querySelector(".errorlist");
      if (error) error.remove();
      syncMarker(row);
      updateChecks();
      tidy();
      say(data.removed);
    }

    function decorate(row) {
      if (row.querySelector("[data-remove-spot]")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary";
      button.dataset.removeSpot = "";
      button.textContent = data.removeLabel || "Plek verwijderen";
      button.addEventListener("click", function () { clearRow(row); });
      row.appendChild(button);
      ["lat", "lon"].forEach(function (name) {
        part(row, name).addEventListener("change", function () { syncMarker(row); updateChecks(); tidy(); });
      });
      ["postcode", "number"].forEach(function (name) {
        var input = part(row, name);
        if (input) input.addEventListener("change", function () { updateChecks(); tidy(); });
      });
    }

    // With the map at hand, one empty row is enough to type an address in; the others wait, hidden.
    function tidy() {
      var shown = false;
      rows().forEach(function (row) {
        var empty = !filled(row);
        row.hidden = empty && shown;
        if (empty) shown = true;
      });
    }

    function emptyRow() {
      var free = rows().filter(function (row) { return !filled(row); })[0];
      if (free) return free;
      if (rows().length >= max) return null;
      var copy = rows()[rows().length - 1].cloneNode(true);
      var button = copy.querySelector("[data-remove-spot]");
      if (button) button.remove();
      container.appendChild(copy);
      ["lat", "lon", "postcode", "number", "note"].forEach(function (name) {
        var input = part(copy, name);
        if (input) input.value = "";
      });
      renumber();
      decorate(copy);
      return copy;
    }

    rows().forEach(function (row) { decorate(row); syncMarker(row); });
    var placed = Array.from(markers.values());
    if (placed.length) {
      map.fitBounds(L.featureGroup(placed).getBounds(), { padding: [32, 32], maxZoom: 17 });
    } else if (data.area) {
      var area = data.area.split(",").map(Number);
      if (area.every(function (n) { return !isNaN(n); })) map.fitBounds([[area[0], area[1]], [area[2], area[3]]]);
    }
    map.on("click", function (event) {
      var row = emptyRow();
      if (!row) return;
      setRow(row, event.latlng);
      syncMarker(row);
      updateChecks();
      tidy();
      say(data.added);
    });
    tidy();
    lastCount = count() + "|" + spotsAt();  // the page already shows the checks for these spots
  }

  function initSigns(element) {
    var data = element.dataset;
    var map = baseMap(element);
    var source = document.getElementById(data.features);
    var collection = source ? JSON.parse(source.textContent) : { features: [] };
    var layer = L.geoJSON(collection, {
      pointToLayer: function (feature, latlng) {
        var status = feature.properties.status;
        return L.circleMarker(latlng, {
          radius: 8, weight: 2, color: "#ffffff", fillColor: COLOURS[status] || "#12365f", fillOpacity: 1,
          className: "sign-marker sign-marker--" + status,
        });
      },
      onEachFeature: function (feature, marker) {
        var properties = feature.properties;
        var box = document.createElement("div");
        var name = document.createElement("strong");
        name.textContent = properties.group;
        box.appendChild(name);
        box.appendChild(document.createElement("br"));
        box.appendChild(document.createTextNode(properties.status_label + (properties.note ? " · " + properties.note : "")));
        marker.bindTooltip(box);
        if (properties.anchor && document.getElementById(properties.anchor)) {
          marker.on("click", function () {
            var row = document.getElementById(properties.anchor);
            row.scrollIntoView({ block: "center" });
            var link = row.querySelector("a");
            if (link) link.focus();
          });
        }
      },
    }).addTo(map);
    element.dataset.loadedCount = String(layer.getLayers().length);
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [32, 32], maxZoom: 17 });
    }
    if (data.pick !== undefined) {
      var picked = null;
      map.on("click", function (event) {
        if (picked) map.removeLayer(picked);
        picked = L.circleMarker(event.latlng, { radius: 8, color: "#1b1f24", weight: 3, fillColor: "#ffbf47", fillOpacity: 1 })
          .addTo(map);
        document.querySelectorAll("[data-pick-target]").forEach(function (target) {
          var inputs = target.querySelectorAll("input");
          if (inputs.length >= 2) {
            inputs[0].value = event.latlng.lat.toFixed(6);
            inputs[1].value = event.latlng.lng.toFixed(6);
          }
        });
      });
    }
  }

  document.querySelectorAll("[data-spot-map]").forEach(initEditor);
  document.querySelectorAll("[data-signs-map]").forEach(initSigns);

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
})();
