"""Alerts made straight with the ORM, for tests of the parts around the services (retention, photos)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from buurtwacht.alerts.models import Alert, AlertKind, PoliceCall
from tests.factories import GroupFactory, UserFactory, make_member


@pytest.fixture
def alert_group(town):
    return GroupFactory(name="Buurtpreventie Molenhoek")


@pytest.fixture
def alert_author(alert_group):
    return make_member(alert_group, UserFactory(first_name="Bram", last_name="Bakker"))


@pytest.fixture
def make_alert(alert_group, alert_author):
    """make_alert(created_at=..., **fields): an alert by Bram, posted at `created_at` (default now)."""

    def make(created_at=None, **fields) -> Alert:
        values = {
            "group": alert_group,
            "author": alert_author,
            "kind": AlertKind.BURGLARY,
            "lat": 52.005123,
            "lon": 5.004567,
            "location_text": "Molenweg 12",
            "happened_at": timezone.now(),
            "police_call": PoliceCall.CALLED_112,
            "called_112_at": timezone.now(),
            "called_112_by": alert_author,
            "description": "Man met koevoet bij de achterdeur van nummer 12.",
            "person": {"sex": "man", "clothing": "zwarte jas"},
            "vehicle": {"plate": "12-BXR-3"},
        }
        alert = Alert.objects.create(**(values | fields))
        if created_at is not None:
            Alert.objects.filter(pk=alert.pk).update(created_at=created_at)
            alert.refresh_from_db()
        return alert

    return make
