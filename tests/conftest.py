"""Shared test set-up (settings: buurtwacht.settings_test): a fresh spatial index per test, and a test town."""

import pytest
from django.conf import settings
from django.utils import translation

from buurtwacht.geo.index import layers


@pytest.fixture(autouse=True)
def fresh_spatial_index():
    layers.clear()
    yield
    layers.clear()


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
