/* The live stream of a page (server-sent events from /live/, see delivery/live.py).
 *
 * The page has <div data-live-stream data-url="/live/" data-since="<last event id>" data-lang="nl">, a
 * <span data-live-status> for the connection's state, and lists <div data-live-list="alerts">. A list may carry
 * data-live-groups="3 7": then only events of those groups are added to it (a group's page, an alert's page).
 *
 * On an event: the element with id data.target is replaced by the server's fragment data.html[lang] (fallback
 * "nl"); if there is none, the fragment is put at the top of the list named data.list. Then the event
 * "buurtwacht:live" is dispatched on document with the data as its detail. The fragments are escaped by Django;
 * this script never builds HTML from text.
 *
 * The browser reconnects by itself and sends Last-Event-ID, so the server replays what was missed. When the
 * browser gives up (an HTTP error, a server that restarts), this script opens a new stream with ?since=<the
 * last id it saw>, waiting longer each time.
 */
(function () {
  "use strict";

  var TEXT = {
    nl: { connecting: "verbinding maken…", open: "verbonden", retrying: "verbinding herstellen…" },
    en: { connecting: "connecting…", open: "connected", retrying: "reconnecting…" },
  };

  function start(root) {
    if (!window.EventSource) return;
    var lang = TEXT[root.dataset.lang] ? root.dataset.lang : "nl";
    var url = root.dataset.url || "/live/";
    var lastId = root.dataset.since || "";
    var source = null;
    var delay = 3000;
    var timer = null;

    function status(state) {
      root.dataset.state = state === "open" ? "open" : state === "retrying" ? "error" : "connecting";
      document.querySelectorAll("[data-live-status]").forEach(function (element) {
        element.textContent = TEXT[lang][state];
      });
    }

    function wanted(list, group) {
      var groups = list.dataset.liveGroups;
      return !groups || groups.split(/\s+/).indexOf(String(group)) !== -1;
    }

    function apply(data) {
      var html = data.html && (data.html[lang] || data.html.nl);
      if (!html) return;
      var existing = data.target && document.getElementById(data.target);
      if (existing) {
        existing.outerHTML = html;
      } else if (data.list) {
        document.querySelectorAll('[data-live-list="' + CSS.escape(data.list) + '"]').forEach(function (list) {
          if (!wanted(list, data.group)) return;
          list.querySelectorAll(":scope > .live-empty").forEach(function (empty) { empty.remove(); });
          list.insertAdjacentHTML("afterbegin", html);
        });
      }
    }

    function receive(event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (event.lastEventId) lastId = event.lastEventId;
      apply(data);
      document.dispatchEvent(new CustomEvent("buurtwacht:live", { detail: data }));
    }

    function open() {
      timer = null;
      var address = url + (lastId ? (url.indexOf("?") === -1 ? "?" : "&") + "since=" + encodeURIComponent(lastId) : "");
      source = new EventSource(address);
      source.onmessage = receive; // every kind of event: the kind is in the data
      source.onopen = function () {
        delay = 3000;
        status("open");
      };
      source.onerror = function () {
        status("retrying");
        if (source.readyState === EventSource.CLOSED) {
          // The browser gave up (an HTTP error or a restart): try again ourselves, from the last id seen.
          source = null;
          if (!timer) timer = window.setTimeout(open, delay);
          delay = Math.min(delay * 2, 60000);
        }
      };
    }

    function close() {
      if (timer) window.clearTimeout(timer);
      timer = null;
      if (source) source.close();
      source = null;
    }

    // Leaving the page (or the back/forward cache keeping it) closes the stream; coming back reopens it.
    window.addEventListener("pagehide", close);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && !source) {
        status("connecting");
        open();
      }
    });
    status("connecting");
    open();
  }

  function init() {
    var root = document.querySelector("[data-live-stream]");
    if (root) start(root);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
