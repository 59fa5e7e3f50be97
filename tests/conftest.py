"""Shared test set-up (settings: buurtwacht.settings_test): a fresh spatial index per test, and a test town."""

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from buurtwacht.geo.index import layers

pytest_plugins = ["tests.servers", "tests.whatsapp_server"]


@pytest.fixture(autouse=True)
def fresh_spatial_index():
    layers.clear()
    yield
    layers.clear()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits count in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; Django sends to it and the test reads `smtp.messages`."""
    from tests.mailserver import Inbox, free_port

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def dutch_first():
    """Every test starts in Dutch, the default language; a request in English must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def town(db):
    """A small fictional gemeente of 2 wijken x 2 buurten (see tests.factories.make_town)."""
    from tests.factories import make_town

    return make_town()
