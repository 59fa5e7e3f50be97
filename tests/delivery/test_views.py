"""The installable web app (manifest, service worker) and the member's page "Meldingen ontvangen"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from buurtwacht.accounts.models import AlertMail
from buurtwacht.delivery.models import PushSubscription
from buurtwacht.delivery.views import device_name
from tests.delivery.conftest import subscribe

pytestmark = pytest.mark.django_db

SETTINGS = "/meldingen-ontvangen/"


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get(reverse("delivery:service_worker"))
    assert reverse("delivery:service_worker") == "/sw.js"
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assert 'addEventListener("push"' in script and "showNotification" in script and "renotify" in script
    assert 'addEventListener("notificationclick"' in script and "openWindow" in script
    assert "Geen verbinding" in script  # the page shown when the network is gone


def test_the_manifest_makes_an_installable_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Buurtwacht" and manifest["short_name"] == "Buurtwacht"
    assert manifest["display"] == "standalone" and manifest["lang"] == "nl"
    assert manifest["theme_color"] == "#12365f" and manifest["background_color"] == "#ffffff"
    assert manifest["start_url"].startswith("/")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_every_page_links_the_manifest_and_loads_push_js(client, sanne):
    page = client.get("/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert 'name="theme-color"' in page and "apple-touch-icon" in page
    assert "buurtwacht/push.js" in page and 'data-sw="/sw.js"' in page
    assert "data-subscriptions" not in page  # signed out: nothing to tell the server

    client.force_login(sanne)
    page = client.get("/").content.decode()
    assert 'data-subscriptions="/api/v1/push/subscriptions"' in page and 'data-logout="/account/uitloggen/"' in page


def test_the_settings_page_needs_a_signed_in_person(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")


def test_a_member_sees_push_controls_their_devices_and_the_mail_choice(client, sanne, push_server, vapid_keys):
    browser = subscribe(push_server, sanne)
    PushSubscription.objects.update(user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36")
    client.force_login(sanne)

    page = client.get(SETTINGS).content.decode()

    assert "Pushberichten op dit apparaat" in page
    assert f'data-key="{vapid_keys[1]}"' in page
    assert "Deze browser kan geen pushberichten ontvangen" in page  # shown by push.js when it is so
    assert "Chrome op Android" in page and f'data-endpoint="{browser.endpoint}"' in page
    assert re.search(r'<input type="radio" name="alert_mail" value="zonder_push"[^>]* checked', page)


def test_a_member_chooses_mail_always(client, sanne):
    client.force_login(sanne)
    response = client.post(SETTINGS, {"alert_mail": AlertMail.ALWAYS})
    assert response.status_code == 302
    sanne.refresh_from_db()
    assert sanne.alert_mail == AlertMail.ALWAYS
    assert "Uw keuze voor e-mail is opgeslagen." in client.get(SETTINGS).content.decode()


def test_never_mail_without_push_is_saved_with_a_warning(client, sanne, push_server):
    client.force_login(sanne)
    client.post(SETTINGS, {"alert_mail": AlertMail.NEVER})
    assert "er staat geen apparaat met pushberichten aan" in client.get(SETTINGS).content.decode()
    subscribe(push_server, sanne)
    client.post(SETTINGS, {"alert_mail": AlertMail.NEVER})
    assert "er staat geen apparaat met pushberichten aan" not in client.get(SETTINGS).content.decode()


def test_an_unknown_mail_choice_gets_a_dutch_message(client, sanne):
    client.force_login(sanne)
    response = client.post(SETTINGS, {"alert_mail": "soms"})
    assert response.status_code == 200
    assert "Kies een van de drie mogelijkheden." in response.content.decode()
    sanne.refresh_from_db()
    assert sanne.alert_mail == AlertMail.WITHOUT_PUSH


def test_a_member_removes_one_of_their_devices(client, sanne, push_server):
    subscribe(push_server, sanne)
    client.force_login(sanne)
    response = client.post(SETTINGS, {"remove": PushSubscription.objects.get().pk}, follow=True)
    assert "Dit apparaat krijgt geen pushberichten meer." in response.content.decode()
    assert not PushSubscription.objects.exists()


def test_nobody_removes_someone_elses_device(client, sanne, tom, push_server):
    subscribe(push_server, tom)
    client.force_login(sanne)
    response = client.post(SETTINGS, {"remove": PushSubscription.objects.get().pk}, follow=True)
    assert "stond al niet (meer) in de lijst" in response.content.decode()
    assert PushSubscription.objects.filter(user=tom).exists()


def test_the_page_is_in_english_for_english_readers(client, tom):
    client.force_login(tom)
    client.cookies["django_language"] = "en"
    assert client.get(SETTINGS).status_code == 200


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Safari/604.1",
            "Safari op iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36 Edg/130.0",
            "Edge op Windows",
        ),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox op Linux"),
        ("", "Onbekend apparaat"),
    ],
)
def test_devices_are_named_from_their_browser(user_agent, name):
    assert device_name(user_agent) == name
