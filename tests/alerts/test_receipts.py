"""The author and the admins of an alert see how far it got: "Bezorgd bij 1, gezien door 1 van 2 deelnemers"
(alerts.selectors.alert_receipts over delivery's receipts), on the alert's page and in the API."""

from __future__ import annotations

import pytest
from django.test import TestCase

from buurtwacht.alerts import selectors
from buurtwacht.delivery.models import AlertMail
from tests.alerts.neighbours import make_neighbours, post_alert
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hood(town):
    """Anna (admin), Bram (posts), Carla (e-mail when she has no push); Dirk hears nothing but the open page."""
    hood = make_neighbours()
    hood.bram.alert_mail = AlertMail.NEVER
    hood.bram.save()
    return hood


def posted(hood):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return post_alert(hood.group, hood.bram)


def page(client, user, alert):
    client.force_login(user)
    return client.get(alert.get_absolute_url()).content.decode()


def test_receipts_count_the_members_the_alert_was_for_without_its_author(hood):
    alert = posted(hood)
    # Anna and Carla get it by e-mail (no push in these tests); Bram wrote it.
    assert selectors.alert_receipts(alert) == {"recipients": 2, "delivered": 2, "seen": 0}


def test_opening_the_alert_counts_as_seen(client, hood):
    alert = posted(hood)
    page(client, hood.carla, alert)
    assert selectors.alert_receipts(alert) == {"recipients": 2, "delivered": 2, "seen": 1}


def test_a_member_who_gets_no_mail_and_has_no_push_is_reached_only_by_opening_it(client, hood):
    hood.carla.alert_mail = AlertMail.NEVER
    hood.carla.save()
    alert = posted(hood)
    assert selectors.alert_receipts(alert)["delivered"] == 1
    page(client, hood.carla, alert)
    assert selectors.alert_receipts(alert) == {"recipients": 2, "delivered": 2, "seen": 1}


def test_the_author_and_the_admins_see_the_line_and_other_members_do_not(client, hood):
    alert = posted(hood)
    page(client, hood.carla, alert)  # Carla saw it
    assert "Bezorgd bij 2, gezien door 1 van 2 deelnemers" in page(client, hood.bram, alert)
    assert "Bezorgd bij 2, gezien door 2 van 2 deelnemers" in page(client, hood.anna, alert)  # she is seeing it
    carla_sees = page(client, hood.carla, alert)
    assert "Bezorgd bij" not in carla_sees and "data-receipts" not in carla_sees


def test_the_api_gives_the_receipts_to_the_author_and_refuses_other_members(client, hood):
    alert = posted(hood)
    url = f"/api/v1/alerts/{alert.pk}/receipts"
    client.force_login(hood.bram)
    body = client.get(url).json()
    assert body == {"recipients": 2, "delivered": 2, "seen": 0, "text": "Bezorgd bij 2, gezien door 0 van 2 deelnemers"}
    client.force_login(hood.carla)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403  # not a member: not even that it exists
