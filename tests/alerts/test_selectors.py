"""Reads: "is this the same incident?" (open alerts nearby in the last hour) and the feed."""

import datetime as dt

import pytest
from django.utils import timezone

from buurtwacht.alerts import selectors, services
from buurtwacht.alerts.models import Alert, AlertKind, Outcome, PoliceCall
from buurtwacht.delivery.models import Event
from tests.alerts.neighbours import SPOT, make_neighbours, post_alert
from tests.factories import GroupFactory, UserFactory, cell, make_member

pytestmark = pytest.mark.django_db

LON, LAT = SPOT


@pytest.fixture
def hood(town):
    return make_neighbours()


def nearby(hood, lon=LON, lat=LAT, viewer=None):
    viewer = viewer or hood.carla
    return selectors.nearby_open_alerts(
        group_id=hood.group.pk, viewer_group_ids=selectors.member_group_ids(viewer), lon=lon, lat=lat
    )


def test_an_open_alert_close_by_is_offered_with_its_112_call(hood):
    alert = post_alert(hood.group, hood.bram)
    found = nearby(hood, lon=LON + 0.002)  # ~137 m east
    assert [item.alert for item in found] == [alert]
    assert 120 <= found[0].distance_m <= 150 and found[0].readable


def test_far_closed_or_old_alerts_are_not_offered(hood, settings):
    far = post_alert(hood.group, hood.bram, lon=LON + 0.008)  # ~550 m
    closed = post_alert(hood.group, hood.carla)
    services.alert_close(alert=closed, by=hood.carla, outcome=Outcome.GONE)
    old = post_alert(hood.group, hood.anna)
    Alert.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(minutes=61))
    assert nearby(hood) == []
    settings.ALERT_NEARBY_METRES = 1000
    assert [item.alert for item in nearby(hood)] == [far]


def test_nearest_first(hood):
    further = post_alert(hood.group, hood.bram, lon=LON + 0.003)
    nearer = post_alert(
        hood.group, hood.carla, lon=LON + 0.001, kind=AlertKind.VANDALISM, police_call=PoliceCall.NOT_NEEDED
    )
    assert [item.alert for item in nearby(hood)] == [nearer, further]


def test_another_group_covering_the_spot_shows_without_its_content(hood):
    other = GroupFactory(name="Buurtwacht Molenhoek-Oost", geometry=cell(0, 0))
    stranger = make_member(other, UserFactory(first_name="Eva"))
    theirs = post_alert(other, stranger)
    found = nearby(hood)
    assert [item.alert for item in found] == [theirs] and not found[0].readable
    both = make_member(other, hood.carla)
    assert nearby(hood, viewer=both)[0].readable


def test_the_feed_puts_open_alerts_first(hood):
    closed = post_alert(hood.group, hood.bram)
    services.alert_close(alert=closed, by=hood.bram, outcome=Outcome.RESOLVED)
    open_ = post_alert(hood.group, hood.carla)
    assert selectors.feed([hood.group.pk]) == [open_, closed]
    assert selectors.feed([]) == []


def test_last_event_id_is_where_a_page_starts_listening(hood):
    assert selectors.last_event_id(hood.anna) == 0
    alert = post_alert(hood.group, hood.bram)
    assert selectors.last_event_id(hood.anna) == Event.objects.get(topic=f"alert:{alert.pk}").pk
    assert selectors.last_event_id(UserFactory()) == 0  # not a recipient: an outsider's page starts nowhere
