/* The SAAR composer, step by step: 1 Signaleer (what, where, when), 2 Alarmeer (the police call), 3 App
 * (description, signalement, photo). The place is checked by the server as soon as it is known and again when the
 * member leaves step 1, so a refused place is said before the description is written. Without JavaScript the
 * form shows all steps at once and still works (the place then comes from the address fields, and a refusal
 * shows beside "Waar?" after sending). Texts come from the form's data-* attributes (translated). */
(function () {
  "use strict";

  var form = document.querySelector("form.composer");
  if (!form) return;
  var data = form.dataset;
  var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-step]"));
  var send = form.querySelector(".composer__send");
  var nearbyBox = form.querySelector("[data-nearby]");
  var urgent = (data.urgent || "").split(",");
  var lat = form.querySelector("#id_lat");
  var lon = form.querySelector("#id_lon");
  var seen = form.querySelector("#id_seen_nearby");
  var placeStatus = form.querySelector("[data-place-status]");
  var postcode = form.querySelector("#id_postcode");
  var number = form.querySelector("#id_huisnummer");

  function value(name) {
    var checked = form.querySelector("input[name='" + name + "']:checked");
    return checked ? checked.value : "";
  }

  function hasPlace() {
    if (lat.value && lon.value) return true;
    return Boolean(postcode && number && postcode.value.trim() && number.value.trim());
  }

  function problem(index) {
    var name = steps[index].dataset.step;
    if (name === "signaleer") {
      if (!value("kind")) return data.needKind;
      if (!hasPlace()) return data.needPlace;
    }
    if (name === "alarmeer" && !value("police_call")) return data.needCall;
    return "";
  }

  // The offer "is this the same incident?" shows whenever there is one, whichever step is open.
  function nearbyToggle() {
    nearbyBox.hidden = !nearbyBox.querySelector("section");
  }

  // One step at a time; its legend is the step's only title. Moving on puts the focus on it (read out), the
  // first showing of the page does not.
  function show(index, focusLegend) {
    steps.forEach(function (step, i) { step.hidden = i !== index; });
    send.hidden = index !== steps.length - 1;
    nearbyToggle();
    var legend = steps[index].querySelector("legend");
    if (legend && focusLegend !== false) { legend.tabIndex = -1; legend.focus(); }
  }

  function navigation(index) {
    var bar = document.createElement("p");
    bar.className = "step-nav";
    if (index > 0) {
      var back = document.createElement("button");
      back.type = "button";
      back.className = "button button--secondary";
      back.textContent = data.back;
      back.addEventListener("click", function () { show(index - 1); });
      bar.appendChild(back);
    }
    if (index < steps.length - 1) {
      var next = document.createElement("button");
      next.type = "button";
      next.className = "button";
      next.textContent = data.next;
      next.dataset.nextStep = steps[index].dataset.step;
      var message = document.createElement("span");
      message.className = "step-nav__problem";
      message.setAttribute("role", "alert");
      next.addEventListener("click", function () {
        var text = problem(index);
        message.textContent = text;
        if (text) return;
        if (steps[index].dataset.step !== "signaleer") { show(index + 1); return; }
        placeChecked(next, message).then(function (accepted) { if (accepted) show(index + 1); });
      });
      bar.appendChild(next);
      bar.appendChild(message);
    }
    steps[index].appendChild(bar);
  }

  // Urgent kinds: only "I called 112" or "not yet"; the 0900 and "not needed" answers are for the rest.
  function kindChanged() {
    var isUrgent = urgent.indexOf(value("kind")) !== -1;
    form.querySelectorAll(".police-option").forEach(function (label) {
      var call = label.dataset.call;
      var allowed = !isUrgent || call === "112" || call === "nog_niet";
      label.hidden = !allowed;
      if (!allowed) label.querySelector("input").checked = false;
    });
    form.querySelector("[data-urgent-note]").classList.toggle("urgent-note--strong", isUrgent);
  }

  // Where: a pin on the map, or "here" from the phone's location. Then: open alerts nearby?
  var marker = null;
  var map = null;
  function place(latitude, longitude, message) {
    lat.value = latitude.toFixed(6);
    lon.value = longitude.toFixed(6);
    if (map) {
      var point = [latitude, longitude];
      if (marker) marker.setLatLng(point);
      else marker = L.marker(point, { keyboard: false, title: data.pinned }).addTo(map);
      map.setView(point, Math.max(map.getZoom(), 16));
    }
    placeStatus.textContent = message || data.pinned;
    lookNearby();
  }

  // The spot to look around: the point (pin or "here") when there is one, as the server does; else a complete
  // postcode and house number. "" when neither is known yet.
  function nearbyQuery() {
    if (lat.value && lon.value) return "lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value);
    if (!postcode || !number) return "";
    var code = postcode.value.replace(/\s+/g, "");
    var house = number.value.trim();
    if (!/^[0-9]{4}[a-zA-Z]{2}$/.test(code) || !/[0-9]/.test(house)) return "";
    return "postcode=" + encodeURIComponent(code) + "&huisnummer=" + encodeURIComponent(house);
  }

  // One question to the server per place: may the member alert about it (the same rules as the final send), and
  // which open alerts are near it? The answer is kept per place, so leaving step 1 asks only when it changed.
  var placeErrors = form.querySelector("[data-place-errors]");
  var answers = {};
  var latest = "";

  function showAnswer(answer) {
    if (answer.ok) {
      nearbyBox.innerHTML = answer.html; // server-rendered and escaped by Django
      var section = nearbyBox.querySelector("[data-nearby-ids]");
      seen.value = section ? section.dataset.nearbyIds : "";
      placeErrors.innerHTML = "";
    } else {
      nearbyBox.innerHTML = "";
      seen.value = "";
      placeErrors.innerHTML = answer.html; // why the place is refused, per field
    }
    placeErrors.hidden = answer.ok;
    [[postcode, "postcode"], [number, "house_number"]].forEach(function (pair) {
      if (!pair[0]) return;
      var refused = !answer.ok && placeErrors.querySelector("[data-field='" + pair[1] + "']");
      if (refused) pair[0].setAttribute("aria-invalid", "true");
      else if (!pair[0].closest(".field").querySelector(".errorlist")) pair[0].removeAttribute("aria-invalid");
    });
    nearbyToggle();
  }

  // A promise of the answer for the place as it is now: {ok, html}, or null when there is no place yet or the
  // server could not be asked (the final send checks again).
  function lookNearby() {
    var query = nearbyQuery();
    latest = query;
    if (!query) return Promise.resolve(null);
    if (!answers[query]) {
      answers[query] = fetch(data.nearbyUrl + "?" + query, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (response.status !== 200 && response.status !== 400) throw new Error(String(response.status));
          return response.text().then(function (html) { return { ok: response.ok, html: html }; });
        })
        .catch(function () { delete answers[query]; return null; });
    }
    return answers[query].then(function (answer) {
      if (answer && query === latest) showAnswer(answer); // not an answer for a place typed earlier
      return answer;
    });
  }

  // Leaving step 1: ask about the place first, and stay with the refusal beside "Waar?" when it is refused.
  function placeChecked(button, message) {
    button.disabled = true;
    message.textContent = data.checkingPlace;
    return lookNearby().then(function (answer) {
      button.disabled = false;
      message.textContent = "";
      if (!answer || answer.ok) return true;
      placeErrors.tabIndex = -1;
      placeErrors.focus({ preventScroll: true });
      placeErrors.scrollIntoView({ block: "center" });
      return false;
    });
  }

  // A postcode and house number instead of a point: look as soon as both are filled in (a moment after typing).
  var typing = null;
  function addressChanged(event) {
    if (typing) window.clearTimeout(typing);
    typing = null;
    if (event.type === "input") typing = window.setTimeout(lookNearby, 600);
    else lookNearby();
  }
  [postcode, number].forEach(function (input) {
    if (!input) return;
    ["input", "change", "blur"].forEach(function (type) { input.addEventListener(type, addressChanged); });
  });

  var mapElement = document.getElementById("compose-map");
  if (mapElement && window.L && window.buurtwachtMap) {
    map = window.buurtwachtMap(mapElement);
    map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng); });
    if (lat.value && lon.value) place(Number(lat.value), Number(lon.value));
  }

  var here = form.querySelector("[data-here]");
  if (here) {
    if (!navigator.geolocation) here.hidden = true;
    here.addEventListener("click", function () {
      placeStatus.textContent = data.locating;
      navigator.geolocation.getCurrentPosition(
        function (position) { place(position.coords.latitude, position.coords.longitude, data.located); },
        function () { placeStatus.textContent = data.noLocation; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  // A photo only after confirming it is needed for the description (house rule 8).
  var needed = form.querySelector("#id_photo_needed");
  var photoField = form.querySelector("[data-photo-field]");
  function photoToggle() { photoField.hidden = !needed.checked && !photoField.querySelector(".errorlist"); }
  needed.addEventListener("change", photoToggle);
  photoToggle();

  form.querySelectorAll("input[name='kind']").forEach(function (input) { input.addEventListener("change", kindChanged); });
  kindChanged();
  steps.forEach(function (step, index) { navigation(index); });
  form.classList.add("composer--steps");
  lookNearby(); // a refused post with an address: offer the nearby alerts again (a point was looked up above)

  // After a refused post: open the step that holds the first field with an error (Django renders an .errorlist
  // beside the field and aria-invalid on it), and bring that field into view with the focus on it. Errors that
  // belong to no field are shown on top of the form: then step 1, with that message in view.
  function firstError() {
    for (var i = 0; i < steps.length; i++) {
      var mark = steps[i].querySelector(".errorlist, [aria-invalid='true']");
      if (mark) return { index: i, mark: mark };
    }
    return null;
  }

  function bringIntoView(target, focus) {
    if (!focus.matches("input, select, textarea, button")) focus.tabIndex = -1;
    focus.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }

  var error = firstError();
  if (error) {
    show(error.index, false);
    for (var node = error.mark.parentNode; node && node !== form; node = node.parentNode) {
      if (node.tagName === "DETAILS") node.open = true; // a signalement with an error
    }
    var field = error.mark.closest(".field");
    var control = field && field.querySelector("[aria-invalid='true'], textarea, select, input:not([type='hidden'])");
    var message = field ? field.querySelector(".errorlist") || error.mark : error.mark;
    bringIntoView(message, control || message);
  } else {
    show(0, false);
    var onTop = form.querySelector("[data-form-errors]");
    if (onTop) bringIntoView(onTop, onTop);
  }
})();
