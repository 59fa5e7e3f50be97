"""People and a push service for the delivery tests.

The group "Buurtpreventie Molenhoek" has these members:
    sanne  Dutch, push on (one browser)            -> push
    tom    English, push on                         -> push
    mila   no push, e-mail "only without push"      -> e-mail
    joost  push on, e-mail "always"                 -> push and e-mail
    noor   no push, e-mail "never"                  -> nothing
The push service is a real local server (tests/delivery/pushserver.py) that checks VAPID and decrypts what it gets.
"""

from __future__ import annotations

import pytest
from py_vapid import Vapid02

from buurtwacht.accounts.models import AlertMail
from buurtwacht.delivery.models import Event, PushSubscription
from buurtwacht.delivery.vapid import public_key_of, raw_private_key
from tests.delivery.pushserver import Browser, PushServer
from tests.factories import GroupFactory, UserFactory, group_event, make_member


@pytest.fixture(scope="session")
def vapid_pair() -> tuple[str, str]:
    vapid = Vapid02()
    vapid.generate_keys()
    return raw_private_key(vapid), public_key_of(vapid)


@pytest.fixture(autouse=True)
def vapid_keys(settings, vapid_pair):
    """The site's VAPID keys come from the settings in these tests (nothing is written to DATA_DIR)."""
    settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = vapid_pair
    return vapid_pair


@pytest.fixture
def push_server():
    with PushServer() as server:
        yield server


def subscribe(push_server: PushServer, user, *, public_key: str | None = None) -> Browser:
    """`user` turns push on in a new browser (subscribed with the site's key, stored as the API would)."""
    from django.conf import settings

    browser = push_server.subscribe(application_server_key=public_key or settings.VAPID_PUBLIC_KEY)
    PushSubscription.objects.create(user=user, endpoint=browser.endpoint, p256dh=browser.p256dh, auth=browser.auth)
    return browser


@pytest.fixture
def group(town):
    return GroupFactory(name="Buurtpreventie Molenhoek", slug="buurtpreventie-molenhoek")


@pytest.fixture
def sanne(group):
    return make_member(group, UserFactory(first_name="Sanne", email="sanne@example.org", language="nl"))


@pytest.fixture
def tom(group):
    return make_member(group, UserFactory(first_name="Tom", email="tom@example.org", language="en"))


@pytest.fixture
def mila(group):
    return make_member(group, UserFactory(first_name="Mila", email="mila@example.org"))


@pytest.fixture
def joost(group):
    return make_member(group, UserFactory(first_name="Joost", email="joost@example.org", alert_mail=AlertMail.ALWAYS))


@pytest.fixture
def noor(group):
    return make_member(group, UserFactory(first_name="Noor", email="noor@example.org", alert_mail=AlertMail.NEVER))


def alert_payload(number: int = 12, *, slug: str = "buurtpreventie-molenhoek", languages=("nl", "en")) -> dict:
    """An event payload in the shape delivery/services.py makes (see the brief)."""
    texts = {
        "nl": {
            "title": "Inbraak: Buurtpreventie Molenhoek",
            "body": "21:04 · Molenweg 12 · 112 gebeld om 21:05 door Sanne",
            "text": "Inbraak: Buurtpreventie Molenhoek\n\n21:04\nMolenweg 12\n\nTwee personen bij de achterdeur.",
        },
        "en": {
            "title": "Burglary: Buurtpreventie Molenhoek",
            "body": "21:04 · Molenweg 12 · 112 called at 21:05 by Sanne",
            "text": "Burglary: Buurtpreventie Molenhoek\n\n21:04\nMolenweg 12\n\nTwo people at the back door.",
        },
    }
    return {
        "target": f"alert-{number}",
        "list": "alerts",
        "url": f"/groepen/{slug}/meldingen/{number}/",
        "html": dict.fromkeys(languages, f"<article id=alert-{number}>…</article>"),
        "message": {lang: texts[lang] for lang in languages},
        "tag": f"alert-{number}",
    }


def make_event(group, *, kind: str = "alert", payload: dict | None = None) -> Event:
    return group_event(group, kind=kind, payload=payload or alert_payload())
