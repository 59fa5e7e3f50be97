/* Alert pages: react without leaving the page (the card itself is updated by the live stream), and mark new
 * cards that arrive live. Without JavaScript the reaction buttons are ordinary forms. */
(function () {
  "use strict";

  var meta = document.querySelector("meta[name='csrf-token']");
  var token = meta ? meta.content : "";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-reaction-form]")) return;
    event.preventDefault();
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) body.set(event.submitter.name, event.submitter.value);
    body.set("csrfmiddlewaretoken", token);
    var status = form.parentNode.querySelector("[data-reaction-status]");
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": token, Accept: "application/json" },
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) { if (status) status.textContent = answer.detail || ""; })
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
