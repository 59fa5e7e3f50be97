/* Alert pages: react without leaving the page (the card itself is updated by the live stream), and mark new
 * cards that arrive live. Without JavaScript the reaction buttons are ordinary forms. */
(function () {
  "use strict";

  var meta = document.querySelector("meta[name='csrf-token']");
  var token = meta ? meta.content : "";

  // The answer to a reaction ("Uw reactie is geplaatst.", or why not) goes in a line right after the card, not in
  // it: the live stream replaces the whole card when the reaction arrives, and would wipe it. The line is a
  // polite live region, made before the answer comes so that screen readers announce the text put in it.
  function statusFor(form) {
    var card = form.closest("article[id]");
    if (!card) return null;
    var id = card.id + "-status";
    var status = document.getElementById(id);
    if (!status) {
      status = document.createElement("p");
      status.id = id;
      status.className = "reaction-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      card.insertAdjacentElement("afterend", status);
    }
    return status;
  }

  function say(status, text, ok) {
    if (!status) return;
    status.classList.toggle("reaction-status--ok", ok);
    status.classList.toggle("reaction-status--error", !ok);
    status.textContent = text;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-reaction-form]")) return;
    event.preventDefault();
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) body.set(event.submitter.name, event.submitter.value);
    body.set("csrfmiddlewaretoken", token);
    var status = statusFor(form);
    say(status, "", true); // emptied first, so that the same answer twice is read out twice
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": token, Accept: "application/json" },
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) { say(status, answer.detail || "", Boolean(answer.ok)); })
      .catch(function () {
        // No answer (offline?): send the form the ordinary way, with the token and the chosen reaction.
        [["csrfmiddlewaretoken", token], ["kind", body.get("kind")]].forEach(function (pair) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = pair[0];
          input.value = pair[1] || "";
          form.appendChild(input);
        });
        form.submit();
      });
  });

  // A form that the server sent back with errors (an addition that was refused): its first field with an error in
  // view, with the focus on it.
  var invalid = document.querySelector("form:not([data-reaction-form]) [aria-invalid='true']");
  if (invalid) {
    invalid.focus({ preventScroll: true });
    (invalid.closest(".field") || invalid).scrollIntoView({ block: "center" });
  } else {
    // Just sent (an alert, a reaction, a notice): the page opens on the message that says so, not on the body,
    // so that a screen reader reads it first and the next Tab goes on from there.
    var said = document.querySelector(".messages");
    if (said) {
      said.tabIndex = -1;
      said.focus();
    }
  }

  document.addEventListener("buurtwacht:live", function (event) {
    var detail = event.detail || {};
    var card = detail.target ? document.getElementById(detail.target) : null;
    if (!card) return;
    var list = card.closest("[data-live-list]");
    var empty = list ? list.querySelector(".live-empty") : null;
    if (empty) empty.remove();
    card.classList.add("is-new");
    if (detail.kind === "alert" && navigator.vibrate) navigator.vibrate([200, 100, 200]);
  });
})();
