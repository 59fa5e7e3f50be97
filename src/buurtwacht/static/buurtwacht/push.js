/* Buurtwacht push messages in the browser.
 *
 * On every page: register the service worker (/sw.js: notifications, and an installable web app). When signed in
 * and push is on in this browser, tell the server this browser's subscription once per session (the browser may
 * have renewed it), and signing out turns push off for this browser first.
 * On /meldingen-ontvangen/ ([data-push]): show whether push is on here, and turn it on or off.
 * The texts are in the page (translated by Django); this file shows or hides them and holds none itself.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var swUrl = script && script.dataset.sw;
  var apiUrl = script && script.dataset.subscriptions; // only present when signed in
  var logoutUrl = script && script.dataset.logout;
  var canPush = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  var SYNCED = "buurtwacht-push-synced";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    base64 += "===".slice((base64.length + 3) % 4);
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function usesKey(subscription, key) {
    var own = subscription.options && subscription.options.applicationServerKey;
    if (!own || !key) return true; // the browser does not say: assume it is ours
    var a = new Uint8Array(own);
    var b = keyBytes(key);
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function send(method, body, keepalive) {
    return fetch(apiUrl, {
      method: method,
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok && !(method === "DELETE" && response.status === 404)) {
        throw new Error("push API answered " + response.status);
      }
      return response;
    });
  }

  function registration() {
    return navigator.serviceWorker.register(swUrl, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function currentSubscription() {
    return registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    });
  }

  // Tell the server about this browser's subscription, once per session.
  function sync() {
    if (!apiUrl || !canPush || Notification.permission !== "granted") return;
    currentSubscription().then(function (subscription) {
      if (!subscription || sessionStorage.getItem(SYNCED) === subscription.endpoint) return;
      return send("POST", subscription.toJSON()).then(function () {
        sessionStorage.setItem(SYNCED, subscription.endpoint);
      });
    }).catch(function () { /* the settings page shows problems; other pages stay quiet */ });
  }

  // Signing out: this browser stops getting the messages of the person who signs out.
  function turnOffOnLogout() {
    if (!apiUrl || !logoutUrl || !canPush) return;
    document.querySelectorAll('form[action="' + logoutUrl + '"]').forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.pushDone) return;
        event.preventDefault();
        form.dataset.pushDone = "1";
        var done = function () { sessionStorage.removeItem(SYNCED); form.submit(); };
        var work = navigator.serviceWorker.getRegistration("/").then(function (reg) {
          return reg && reg.pushManager.getSubscription();
        }).then(function (subscription) {
          if (!subscription) return;
          return send("DELETE", { endpoint: subscription.endpoint }, true).then(function () {
            return subscription.unsubscribe();
          });
        });
        Promise.race([work, new Promise(function (resolve) { setTimeout(resolve, 3000); })]).then(done, done);
      });
    });
  }

  function settingsPanel(panel) {
    var key = panel.dataset.key;
    var onButton = panel.querySelector("[data-push-on]");
    var offButton = panel.querySelector("[data-push-off]");

    function show(state) {
      panel.querySelectorAll("[data-push-state]").forEach(function (element) {
        element.hidden = element.dataset.pushState !== state;
      });
      onButton.hidden = !(state === "off" || state === "error");
      offButton.hidden = state !== "on";
      panel.dataset.pushStatus = state;
    }

    function markThisDevice(subscription) {
      document.querySelectorAll("[data-endpoint]").forEach(function (item) {
        var mark = item.querySelector("[data-this-device]");
        if (mark) mark.hidden = !(subscription && item.dataset.endpoint === subscription.endpoint);
      });
    }

    function refresh() {
      if (!canPush || !swUrl) return show("unsupported");
      if (Notification.permission === "denied") return show("denied");
      return currentSubscription().then(function (subscription) {
        var on = subscription && Notification.permission === "granted" && usesKey(subscription, key);
        markThisDevice(on ? subscription : null);
        show(on ? "on" : "off");
      }).catch(function () { show("error"); });
    }

    function turnOn() {
      show("working");
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") return show(permission === "denied" ? "denied" : "off");
        return registration().then(function (reg) {
          return reg.pushManager.getSubscription().then(function (existing) {
            if (existing && usesKey(existing, key)) return existing;
            var stale = existing ? existing.unsubscribe() : Promise.resolve();
            return stale.then(function () {
              return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
            });
          });
        }).then(function (subscription) {
          return send("POST", subscription.toJSON()).then(function () {
            sessionStorage.setItem(SYNCED, subscription.endpoint);
            window.location.reload();
          });
        });
      }).catch(function () { show("error"); });
    }

    function turnOff() {
      show("working");
      currentSubscription().then(function (subscription) {
        if (!subscription) return;
        return send("DELETE", { endpoint: subscription.endpoint }).then(function () {
          return subscription.unsubscribe();
        });
      }).then(function () {
        sessionStorage.removeItem(SYNCED);
        window.location.reload();
      }).catch(function () { show("error"); });
    }

    onButton.addEventListener("click", turnOn);
    offButton.addEventListener("click", turnOff);
    refresh();
  }

  function start() {
    if ("serviceWorker" in navigator && swUrl) {
      navigator.serviceWorker.register(swUrl, { scope: "/" }).catch(function () { /* no offline page, no push */ });
    }
    var panel = document.querySelector("[data-push]");
    if (panel) settingsPanel(panel);
    sync();
    turnOffOnLogout();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
