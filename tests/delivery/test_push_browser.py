"""In Chromium: the service worker turns a push message into a notification (delivered through the DevTools
protocol, as a push service would deliver it), and the page "Meldingen ontvangen" works on a phone."""

from __future__ import annotations

import json
import time

import pytest

from tests.browser.conftest import PHONE, sign_in
from tests.browser.conftest import chromium as chromium  # noqa: F401, PLC0414 - the browser tests' fixtures
from tests.browser.conftest import open_tab as open_tab  # noqa: F401, PLC0414
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def member():
    return UserFactory(first_name="Sanne", email="sanne@example.org")


def registration_id(cdp, page) -> str:
    """The service worker registration's id, as DevTools reports it."""
    found: dict = {}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.update({r["scopeURL"]: r["registrationId"] for r in event["registrations"]}),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if found:
            return next(iter(found.values()))
        page.wait_for_timeout(100)
    raise AssertionError("DevTools reported no service worker registration")


def notifications_once(page, script: str, condition, timeout: float = 10.0) -> list[dict]:
    """The shown notifications, as soon as `condition` holds for them. Polled from here: page.wait_for_function
    does not wait for a promise the predicate returns."""
    deadline = time.monotonic() + timeout
    while True:
        shown = page.evaluate(script)
        if condition(shown):
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"notifications never matched: {shown}")
        page.wait_for_timeout(50)


def test_a_push_message_becomes_a_notification_that_a_resend_replaces(open_tab, live_server, member):
    tab = open_tab(PHONE)
    tab.page.context.grant_permissions(["notifications"], origin=live_server.url)
    page = tab.open("/")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == live_server.url + "/"

    cdp = page.context.new_cdp_session(page)
    registration = registration_id(cdp, page)
    message = {
        "title": "Inbraak: Molenhoek",
        "body": "21:04 · Molenweg 12",
        "url": "/groepen/x/meldingen/12/",
        "tag": "alert-12",
    }
    notifications = (
        "navigator.serviceWorker.ready.then(r => r.getNotifications())"
        ".then(ns => ns.map(n => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url, icon: n.icon})))"
    )
    shown = []
    for body in ("21:04 · Molenweg 12", "21:04 · Molenweg 12 · 112 gebeld"):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": live_server.url, "registrationId": registration, "data": json.dumps({**message, "body": body})},
        )
        shown = notifications_once(page, notifications, lambda ns, body=body: any(n["body"] == body for n in ns))
    assert len(shown) == 1  # the second message with the same tag replaced the first
    assert shown[0]["title"] == "Inbraak: Molenhoek" and shown[0]["tag"] == "alert-12"
    assert shown[0]["body"].endswith("112 gebeld")
    assert shown[0]["url"] == "/groepen/x/meldingen/12/" and shown[0]["icon"].endswith(".png")


def test_the_settings_page_fits_a_phone_and_says_what_this_browser_can_do(open_tab, live_server, member):
    tab = open_tab(PHONE)
    page = tab.page
    sign_in(page, live_server.url, member.email, PASSWORD, "/meldingen-ontvangen/")
    page.wait_for_url("**/meldingen-ontvangen/")

    page.wait_for_function("document.querySelector('[data-push]').dataset.pushStatus !== undefined")
    status = page.eval_on_selector("[data-push]", "el => el.dataset.pushStatus")
    assert status in {"off", "unsupported", "denied"}
    visible = page.locator(f"[data-push-state={status}]")
    assert visible.is_visible() and page.locator("[data-push-state=checking]").is_hidden()
    if status == "off":
        assert page.get_by_role("button", name="Pushberichten aanzetten").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("Altijd, ook naast pushberichten").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Uw keuze voor e-mail is opgeslagen.").wait_for()
    member.refresh_from_db()
    assert member.alert_mail == "altijd"
