/* The police console.
 *
 * The composer (form.console-composer): a pin on the map or a postcode and house number (the last one given
 * counts), a circle or chosen buurten, and a preview that the server computes with the same rules as the send
 * (GET data-reach-url with the form's fields): the area and the groups inside it on the map, the counts, the text
 * as it will read, and what the service would still refuse. Asked again, a moment after typing, whenever a field
 * changes. Without JavaScript the form still sends (the place then comes from the address).
 *
 * The message page (section[data-receipts]): the map with the area and the groups, and the receipts, drawn from
 * the embedded JSON and read again every few seconds while the page is visible; new tips are fetched as they come.
 *
 * Texts come from data-* attributes and JSON in the page (translated); names from the server are put in as text,
 * never as HTML.
 */
(function () {
  "use strict";

  var AREA_STYLE = { color: "#a4161a", weight: 3, dashArray: "6 4", fillColor: "#a4161a", fillOpacity: 0.08 };
  var GROUP_STYLE = { color: "#12365f", weight: 2, opacity: 0.9, fillColor: "#2f6fb3", fillOpacity: 0.25 };
  var GROUP_OFF_STYLE = { color: "#4a525c", weight: 1, dashArray: "4 4", fillColor: "#4a525c", fillOpacity: 0.12 };
  var PLACE_KEYS = ["place", "postcode", "house_number"];

  function fill(template, values) {
    return String(template).replace(/%\((\w+)\)s/g, function (_match, key) {
      return values[key] === undefined || values[key] === null ? "" : String(values[key]);
    });
  }

  function node(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = text;
    if (className) element.className = className;
    return element;
  }

  function clear(element) {
    while (element.firstChild) element.removeChild(element.firstChild);
  }

  function json(id) {
    var source = id ? document.getElementById(id) : null;
    return source ? JSON.parse(source.textContent) : null;
  }

  function groupLayer(groups) {
    return L.geoJSON(
      { type: "FeatureCollection", features: groups.map(function (g) {
        return { type: "Feature", geometry: g.area, properties: { name: g.name, off: g.police_messages === false } };
      }) },
      {
        style: function (feature) { return feature.properties.off ? GROUP_OFF_STYLE : GROUP_STYLE; },
        onEachFeature: function (feature, layer) { layer.bindTooltip(node("span", feature.properties.name), { sticky: true }); },
      }
    );
  }

  // --- the composer -------------------------------------------------------------------------------------------

  function composer(form) {
    var data = form.dataset;
    var lat = form.querySelector("#id_lat");
    var lon = form.querySelector("#id_lon");
    var postcode = form.querySelector("#id_postcode");
    var number = form.querySelector("#id_huisnummer");
    var placeStatus = form.querySelector("[data-place-status]");
    var placeErrors = form.querySelector("[data-place-errors]");
    var preview = form.querySelector("[data-preview]");
    var status = preview.querySelector("[data-preview-status]");
    var counts = preview.querySelector("[data-counts]");
    var groupsPart = preview.querySelector("[data-groups-part]");
    var groupsList = preview.querySelector("[data-groups]");
    var textPart = preview.querySelector("[data-text-part]");
    var textBox = preview.querySelector("[data-text]");
    var refusalsPart = preview.querySelector("[data-refusals-part]");
    var refusalsList = preview.querySelector("[data-refusals]");

    var map = null;
    var pin = null;
    var layers = null;
    var mapElement = document.getElementById("console-map");
    if (mapElement && window.L && window.buurtwachtMap) {
      map = window.buurtwachtMap(mapElement);
      layers = L.layerGroup().addTo(map);
      map.on("click", function (event) { pinAt(event.latlng.lat, event.latlng.lng); });
    }

    function checked(name) {
      var input = form.querySelector("input[name='" + name + "']:checked");
      return input ? input.value : "";
    }

    function showPin(latitude, longitude) {
      if (!map) return;
      if (pin) pin.setLatLng([latitude, longitude]);
      else pin = L.marker([latitude, longitude], { keyboard: false }).addTo(map);
    }

    // A pin on the map: it counts, and the address no longer does.
    function pinAt(latitude, longitude) {
      lat.value = latitude.toFixed(6);
      lon.value = longitude.toFixed(6);
      showPin(latitude, longitude);
      placeStatus.textContent = data.pinned;
      refresh(true);
    }

    // An address typed after a pin: the address counts, the pin goes.
    function addressTyped() {
      if (lat.value || lon.value) {
        lat.value = "";
        lon.value = "";
        if (pin && map) { map.removeLayer(pin); pin = null; }
      }
      placeStatus.textContent = addressComplete() ? data.address : "";
    }

    function addressComplete() {
      var code = postcode.value.replace(/\s+/g, "");
      return /^[0-9]{4}[a-zA-Z]{2}$/.test(code) && /[0-9]/.test(number.value);
    }

    function hasPlace() {
      return Boolean(lat.value && lon.value) || addressComplete();
    }

    // The area: a circle (radius) or buurten; only the chosen one is shown.
    function areaChanged() {
      var mode = checked("area") || "cirkel";
      form.querySelectorAll("[data-area-part]").forEach(function (part) {
        part.hidden = part.dataset.areaPart !== mode && !part.querySelector(".errorlist");
      });
    }

    // The family's consent: asked for a missing person's photo.
    var consent = form.querySelector("[data-consent-field]");
    function incidentChanged() {
      if (consent) consent.hidden = checked("incident") !== "vermissing" && !consent.querySelector(".errorlist");
    }

    function query() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (key === "csrfmiddlewaretoken" || typeof value !== "string") return;
        params.append(key, value);
      });
      return params.toString();
    }

    function labelOf(key) {
      var input = form.querySelector("[name='" + key.replace(".", "-") + "']");
      if (!input) return "";
      if (input.type === "radio" || input.type === "checkbox") {
        var group = input.closest("fieldset");
        var legend = group && group.querySelector("legend");
        if (input.type === "radio" && legend) return legend.textContent.replace(/^\d+\.\s*/, "");
      }
      var label = input.id ? form.querySelector("label[for='" + input.id + "']") : null;
      return label ? label.textContent.trim() : "";
    }

    function showRefusals(refusals) {
      clear(refusalsList);
      var keys = Object.keys(refusals || {});
      keys.forEach(function (key) {
        refusals[key].forEach(function (message) {
          var label = labelOf(key);
          refusalsList.appendChild(node("li", label ? label + ": " + message : message));
        });
      });
      refusalsPart.hidden = keys.length === 0;
    }

    function showPlaceRefusals(refusals) {
      clear(placeErrors);
      var list = node("ul", null, "errorlist");
      PLACE_KEYS.forEach(function (key) {
        (refusals[key] || []).forEach(function (message) { list.appendChild(node("li", message)); });
      });
      if (list.childNodes.length) placeErrors.appendChild(list);
      placeErrors.hidden = !list.childNodes.length;
      [[postcode, "postcode"], [number, "house_number"]].forEach(function (pair) {
        if (refusals[pair[1]]) pair[0].setAttribute("aria-invalid", "true");
        else pair[0].removeAttribute("aria-invalid");
      });
    }

    function drawReach(body) {
      if (!map) return;
      layers.clearLayers();
      groupLayer(body.groups).addTo(layers);
      var area = L.geoJSON(body.area, { style: function () { return AREA_STYLE; }, interactive: false }).addTo(layers);
      if (!(lat.value && lon.value)) showPin(body.point.lat, body.point.lon);
      map.fitBounds(area.getBounds(), { padding: [16, 16], maxZoom: 16 });
    }

    function showReach(body) {
      var c = body.counts;
      Object.keys(c).forEach(function (key) {
        var cell = counts.querySelector("[data-count='" + key + "']");
        if (cell) cell.textContent = c[key];
      });
      counts.hidden = false;
      clear(groupsList);
      body.groups.forEach(function (g) {
        var item = node("li", g.name);
        if (g.police_messages === false) item.appendChild(node("span", " (" + data.groupOff + ")", "muted"));
        groupsList.appendChild(item);
      });
      if (!body.groups.length) groupsList.appendChild(node("li", data.noGroups));
      groupsPart.hidden = false;
      textBox.textContent = body.text;
      textPart.hidden = !body.text;
      var kind = checked("kind") || "dispatch";
      counts.querySelectorAll("[data-kinds]").forEach(function (box) {
        box.hidden = box.dataset.kinds.split(" ").indexOf(kind) === -1;
      });
      status.textContent = body.summary;
      drawReach(body);
    }

    function show(answer) {
      var body = answer.body || {};
      showPlaceRefusals(body.refusals || {});
      showRefusals(body.refusals);
      if (answer.ok) { showReach(body); return; }
      counts.hidden = true;
      groupsPart.hidden = true;
      textPart.hidden = true;
      if (layers) layers.clearLayers();
      var first = Object.keys(body.refusals || {})[0];
      status.textContent = first ? body.refusals[first][0] : data.failed;
    }

    var latest = "";
    var timer = null;
    function ask() {
      timer = null;
      if (!hasPlace()) {
        latest = "";
        status.textContent = data.waiting;
        return;
      }
      var q = query();
      if (q === latest) return;
      latest = q;
      status.textContent = data.checking;
      fetch(data.reachUrl + "?" + q, {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", Accept: "application/json" },
      })
        .then(function (response) {
          if ([200, 400, 403].indexOf(response.status) === -1) throw new Error(String(response.status));
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (answer) { if (q === latest) show(answer); })
        .catch(function () {
          if (q !== latest) return;
          latest = "";
          status.textContent = data.failed;
        });
    }

    // At once for a choice or a pin; a moment after typing stops.
    function refresh(now) {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(ask, now ? 0 : 600);
    }

    [postcode, number].forEach(function (input) { input.addEventListener("input", addressTyped); });
    form.addEventListener("input", function (event) {
      refresh(event.target.type === "radio" || event.target.type === "checkbox");
    });
    form.addEventListener("change", function (event) {
      if (event.target.name === "area") areaChanged();
      if (event.target.name === "incident") incidentChanged();
      refresh(true);
    });

    areaChanged();
    incidentChanged();
    if (lat.value && lon.value) {
      showPin(Number(lat.value), Number(lon.value));
      placeStatus.textContent = data.pinned;
    }
    ask();

    // After a refused send: the first field with an error in view, with the focus on it.
    var mark = form.querySelector(".errorlist, [data-form-errors]");
    if (mark) {
      var details = mark.closest("details");
      if (details) details.open = true;
      var field = mark.closest(".field, fieldset, [data-place-errors]") || mark;
      var control = field.querySelector("[aria-invalid='true'], textarea, select, input:not([type='hidden'])");
      var target = control || mark;
      if (!control) target.tabIndex = -1;
      target.focus({ preventScroll: true });
      mark.scrollIntoView({ block: "center" });
    }
  }

  // --- the message page ---------------------------------------------------------------------------------------

  function messageMap(element) {
    if (!element || !window.L || !window.buurtwachtMap) return;
    var map = window.buurtwachtMap(element);
    var area = json(element.dataset.messageArea);
    if (!area) return;
    var layer = L.geoJSON(area, { style: function () { return AREA_STYLE; }, interactive: false }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [16, 16], maxZoom: 16 });
  }

  function receipts(section) {
    var strings = json("receipt-strings") || {};
    var headline = section.querySelector("[data-headline]");
    var groups = section.querySelector("[data-receipt-groups]");
    var tipsBox = document.querySelector("[data-tips]");
    var lang = document.documentElement.lang || "nl";
    var shown = "";

    function duration(seconds) {
      if (seconds === null || seconds === undefined) return strings.not_yet;
      if (seconds < 60) return fill(strings.seconds, { s: Math.round(seconds) });
      return fill(strings.minutes, { m: Math.floor(seconds / 60), s: Math.round(seconds % 60) });
    }

    function clock(iso) {
      try {
        return new Date(iso).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });
      } catch (error) {
        return new Date(iso).toLocaleTimeString();
      }
    }

    function stat(label, value, key) {
      var box = node("div");
      box.appendChild(node("dt", label));
      var dd = node("dd", value);
      dd.dataset.receipt = key;
      box.appendChild(dd);
      headline.appendChild(box);
    }

    function group(g) {
      var item = node("li", null, "card");
      item.dataset.group = g.group_id;
      item.appendChild(node("h4", g.name));
      // An area alert's admins received nothing themselves: they may only pass it on.
      if (g.admins && section.dataset.kind === "dispatch") item.appendChild(node("p", fill(strings.admins, g)));
      if (g.forwards.length) {
        item.appendChild(node("p", g.forwards.map(function (f) {
          return fill(strings.forward, { label: f.label, time: clock(f.at) });
        }).join("; ")));
      } else {
        item.appendChild(node("p", strings.not_forwarded, "muted"));
      }
      if (g.members) {
        item.appendChild(node("p", fill(strings.members, g.members)));
        item.appendChild(node("p", fill(strings.called_112, { n: g.called_112 })));
      }
      return item;
    }

    function render(r) {
      var now = JSON.stringify(r);
      if (now === shown) return;
      shown = now;
      clear(headline);
      var within = r.percent_reached || {};
      stat(strings.recipients, r.recipients, "recipients");
      stat(strings.delivered, r.delivered, "delivered");
      stat(strings.seen, r.seen, "seen");
      stat(strings.first_seen, duration(r.seconds_to_first_seen), "first_seen");
      stat(strings.first_forward, duration(r.seconds_to_first_forward), "first_forward");
      stat(strings.within_1, (within.within_1_min || 0) + "%", "within_1");
      stat(strings.within_5, (within.within_5_min || 0) + "%", "within_5");
      if (r.tips !== undefined) stat(strings.tips, r.tips, "tips");
      clear(groups);
      (r.groups || []).forEach(function (g) { groups.appendChild(group(g)); });
      if (!(r.groups || []).length) groups.appendChild(node("li", strings.no_groups, "muted"));
      newTips(r.tips);
    }

    function newTips(count) {
      var url = section.dataset.tipsUrl;
      if (!url || !tipsBox || count === undefined) return;
      var marker = tipsBox.querySelector("[data-tip-count]");
      if (marker && Number(marker.dataset.tipCount) >= count) return;
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null) tipsBox.innerHTML = html; }) // rendered and escaped by Django
        .catch(function () { /* the next round tries again */ });
    }

    var EVERY_MS = 5000;
    function refresh() {
      if (document.visibilityState !== "visible") return;
      fetch(section.dataset.receipts, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (r) { if (r) render(r); })
        .catch(function () { /* offline for a moment: the next round tries again */ });
    }

    render(json("message-receipts") || {});
    window.setInterval(refresh, EVERY_MS);
    document.addEventListener("visibilitychange", refresh);
  }

  var form = document.querySelector("form.console-composer");
  if (form) composer(form);
  messageMap(document.getElementById("message-map"));
  var section = document.querySelector("section[data-receipts]");
  if (section) receipts(section);
})();
