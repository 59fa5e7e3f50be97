/* A police message's page, for admins: "Tekst kopiëren" puts the message's text on the clipboard and records it
 * (a POST with channel "kopie" to the form's action), without leaving the page.
 *
 * Without JavaScript (or when the browser refuses the clipboard) the form is sent the ordinary way: the server
 * records it and shows the page again with the text opened in a read-only field (#tekst), to select and copy.
 */
(function () {
  "use strict";

  var source = document.querySelector("[data-copy-source]");
  var meta = document.querySelector("meta[name='csrf-token']");
  var token = meta ? meta.content : "";
  if (!source || !navigator.clipboard || !window.fetch) return;

  function statusOf(form) {
    var group = form.closest("[data-share-group]");
    return group ? group.querySelector("[data-copy-status]") : null;
  }

  function say(status, text) {
    if (!status) return;
    status.textContent = ""; // emptied first, so that the same answer twice is read out twice
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function record(form) {
    var body = new FormData(form);
    body.set("channel", "kopie");
    body.set("csrfmiddlewaretoken", token);
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": token, Accept: "application/json" },
    }).then(function (response) { return response.json(); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-copy-form]")) return;
    event.preventDefault();
    var status = statusOf(form);
    navigator.clipboard.writeText(source.value)
      .then(function () {
        return record(form).then(function (answer) { say(status, answer.detail || ""); });
      })
      .catch(function () {
        // No clipboard (or no answer): the ordinary form, which records it and opens the text to copy by hand.
        var channel = document.createElement("input");
        channel.type = "hidden";
        channel.name = "channel";
        channel.value = "kopie";
        form.appendChild(channel);
        form.submit();
      });
  });
})();
