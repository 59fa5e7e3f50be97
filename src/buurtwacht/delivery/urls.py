"""Delivery pages, mounted at the site root (namespace "delivery"): the service worker must be served from / so
that its scope is the whole site."""

from django.urls import path

from buurtwacht.delivery import views, whatsapp_webhook

app_name = "delivery"
urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("meldingen-ontvangen/", views.settings_page, name="settings"),
    path("webhooks/whatsapp", whatsapp_webhook.webhook, name="whatsapp_webhook"),
]
