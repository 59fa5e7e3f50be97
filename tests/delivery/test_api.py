"""/api/v1/push: the VAPID key, and storing or forgetting this browser's subscription (session + CSRF)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from buurtwacht.accounts.models import RoleKind
from buurtwacht.delivery.models import PushSubscription
from tests.delivery.pushserver import PushServer
from tests.factories import UserFactory, login_with_second_factor, make_role

pytestmark = pytest.mark.django_db

KEY_URL = "/api/v1/push/key"
URL = "/api/v1/push/subscriptions"
FCM = "https://fcm.googleapis.com/fcm/send/"


@pytest.fixture
def browser():
    """Keys made as a browser makes them; endpoints are set per test."""
    return PushServer().subscribe()


def body(browser, endpoint: str = FCM + "abc123") -> dict:
    return {**browser.as_json(), "endpoint": endpoint}


def post(client, data, **extra):
    return client.post(URL, json.dumps(data), content_type="application/json", **extra)


def delete(client, data):
    return client.delete(URL, json.dumps(data), content_type="application/json")


@pytest.fixture
def sanne_client(client, sanne):
    client.force_login(sanne)
    return client


def test_signed_out_there_is_no_key_and_no_subscribing(client, browser):
    assert client.get(KEY_URL).status_code == 401
    assert post(client, body(browser)).status_code == 401


def test_a_member_gets_the_public_key(sanne_client, vapid_keys):
    response = sanne_client.get(KEY_URL)
    assert response.status_code == 200 and response.json() == {"public_key": vapid_keys[1]}


def test_staff_without_their_second_factor_are_refused(client, town, browser):
    officer = UserFactory()
    make_role(officer, RoleKind.MUNICIPAL, town.gemeente)
    client.force_login(officer)
    assert client.get(KEY_URL).status_code == 403
    assert post(client, body(browser)).status_code == 403

    login_with_second_factor(client, officer)
    assert client.get(KEY_URL).status_code == 200


def test_a_member_stores_this_browsers_subscription(sanne_client, sanne, browser):
    response = post(sanne_client, body(browser), HTTP_USER_AGENT="Mozilla/5.0 (Android 14) Chrome/130")

    assert response.status_code == 201
    assert response.json() == {"endpoint": FCM + "abc123", "created": True}
    subscription = PushSubscription.objects.get(user=sanne)
    assert (subscription.p256dh, subscription.auth) == (browser.p256dh, browser.auth)
    assert "Android" in subscription.user_agent


def test_storing_it_again_updates_the_keys(sanne_client, sanne, browser):
    post(sanne_client, body(browser))
    renewed = PushServer().subscribe()

    response = post(sanne_client, body(renewed))

    assert response.status_code == 200 and response.json()["created"] is False
    assert PushSubscription.objects.get(user=sanne).p256dh == renewed.p256dh


def test_a_browser_follows_the_person_who_turned_push_on_last(client, sanne, tom, browser):
    client.force_login(sanne)
    post(client, body(browser))
    client.force_login(tom)  # the same (shared) browser

    post(client, body(browser))

    assert PushSubscription.objects.get().user == tom


def test_writes_need_the_csrf_token(sanne, browser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sanne)
    assert post(client, body(browser)).status_code == 403
    client.get("/meldingen-ontvangen/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert post(client, body(browser), HTTP_X_CSRFTOKEN=token).status_code == 201


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://fcm.googleapis.com/fcm/send/abc", "geen geldig adres"),
        ("https://evil.example.org/push/abc", "pushdienst die Buurtwacht niet kent"),
        ("https://intranet.local/admin", "pushdienst die Buurtwacht niet kent"),
        ("geen url", "geen geldig adres"),
        ("", "geen geldig adres"),
    ],
)
def test_an_endpoint_that_is_not_a_push_service_is_refused(sanne_client, browser, endpoint, message, settings):
    settings.DEV_MODE = settings.DEBUG = False
    response = post(sanne_client, body(browser, endpoint))
    assert response.status_code == 400 and message in response.json()["detail"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    ["https://10.0.0.5/push/abc", "https://[::1]/push/abc", "https://169.254.169.254/latest", "https://intranet/x"],
)
def test_any_push_service_still_means_one_on_the_internet(sanne_client, browser, endpoint, settings):
    settings.DEV_MODE = settings.DEBUG = False
    settings.PUSH_SERVICE_HOSTS = ["*"]
    assert post(sanne_client, body(browser, endpoint)).status_code == 400
    assert post(sanne_client, body(browser, "https://push.example.net/abc")).status_code == 201


def test_a_local_push_service_is_accepted_only_in_dev_mode(sanne_client, browser, settings):
    local = "http://127.0.0.1:8765/push/abc"
    settings.DEV_MODE = settings.DEBUG = False
    assert post(sanne_client, body(browser, local)).status_code == 400
    settings.DEV_MODE = True
    assert post(sanne_client, body(browser, local)).status_code == 201


def test_the_known_push_services_of_the_big_browsers_are_accepted(sanne_client, browser, settings):
    settings.DEV_MODE = settings.DEBUG = False
    for endpoint in [
        "https://fcm.googleapis.com/fcm/send/dXk",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
        "https://wns2-db5p.notify.windows.com/w/?token=BQYAAA",
        "https://web.push.apple.com/QGx0",
    ]:
        assert post(sanne_client, body(browser, endpoint)).status_code == 201, endpoint


@pytest.mark.parametrize(
    "keys",
    [
        {"p256dh": "dGVzdA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"},  # too short
        {"p256dh": "BA" + "A" * 85, "auth": "AAAAAAAAAAAAAAAAAAAAAA"},  # 65 bytes, but not a point on the curve
        {"p256dh": None, "auth": "c2hvcnQ"},  # replaced below by a valid key; auth is 5 bytes
        {"p256dh": "!!!!", "auth": "AAAAAAAAAAAAAAAAAAAAAA"},
    ],
)
def test_keys_that_are_not_a_browsers_keys_are_refused(sanne_client, browser, keys):
    keys = {**keys, "p256dh": keys["p256dh"] or browser.p256dh}
    response = post(sanne_client, {"endpoint": FCM + "abc", "keys": keys})
    assert response.status_code == 400
    assert "sleutels van dit pushabonnement kloppen niet" in response.json()["detail"]


def test_missing_keys_get_a_dutch_message(sanne_client):
    response = post(sanne_client, {"endpoint": FCM + "abc"})
    assert response.status_code == 400 and "Ongeldige waarde voor: keys" in response.json()["detail"]


def test_a_member_keeps_at_most_ten_browsers(sanne_client, sanne, browser):
    for number in range(12):
        post(sanne_client, body(browser, f"{FCM}device-{number}"))
    endpoints = set(PushSubscription.objects.filter(user=sanne).values_list("endpoint", flat=True))
    assert len(endpoints) == 10 and FCM + "device-11" in endpoints and FCM + "device-0" not in endpoints


def test_a_member_forgets_their_own_subscription(sanne_client, sanne, browser):
    post(sanne_client, body(browser))
    assert delete(sanne_client, {"endpoint": FCM + "abc123"}).status_code == 204
    assert not PushSubscription.objects.exists()


def test_nobody_forgets_someone_elses_subscription(client, sanne, tom, browser):
    client.force_login(sanne)
    post(client, body(browser))
    client.force_login(tom)

    response = delete(client, {"endpoint": FCM + "abc123"})

    assert response.status_code == 404 and "geen pushabonnement met dit adres" in response.json()["detail"]
    assert PushSubscription.objects.get().user == sanne
