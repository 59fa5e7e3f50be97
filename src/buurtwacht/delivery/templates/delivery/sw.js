{% load static %}/* Buurtwacht service worker (served at /sw.js).
 * push: show the message as a notification; its tag makes a resend replace the earlier one, never add a second.
 * notificationclick: focus a tab that already shows the alert, else open it.
 * fetch (page loads only): when the network is gone, a short page that says so and how to reach 112. */
"use strict";

const ICON = "{% static 'buurtwacht/icons/icon-192.png' %}";
const BADGE = "{% static 'buurtwacht/icons/badge-96.png' %}";
const HOME = "{{ home_url|escapejs }}";
const OFFLINE = "{{ offline_html|escapejs }}";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    if (self.registration.navigationPreload) {
      await self.registration.navigationPreload.enable();
    }
    await self.clients.claim();
  })());
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { body: event.data ? event.data.text() : "" };
  }
  const options = {
    body: data.body || "",
    icon: ICON,
    badge: BADGE,
    data: { url: data.url || HOME },
  };
  if (data.tag) {
    options.tag = data.tag;
    options.renotify = true;
  }
  event.waitUntil(self.registration.showNotification(data.title || "Buurtwacht", options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || HOME, self.location.origin);
  if (target.origin !== self.location.origin) {
    return;
  }
  event.waitUntil((async () => {
    const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const tab of tabs) {
      if (tab.url === target.href && "focus" in tab) {
        return tab.focus();
      }
    }
    return self.clients.openWindow(target.href);
  })());
});

self.addEventListener("fetch", (event) => {
  if (event.request.mode !== "navigate") {
    return;
  }
  event.respondWith((async () => {
    try {
      const preloaded = await event.preloadResponse;
      return preloaded || await fetch(event.request);
    } catch (error) {
      return new Response(OFFLINE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    }
  })());
});
