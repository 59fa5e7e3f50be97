"""Where an alert may be placed and what the composer shows of places: the group's own streets (with a margin),
the street kept beside "waar precies", a rough distance and no names for other groups' alerts, and times that
have not come yet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from buurtwacht.alerts.forms import local_moment
from buurtwacht.alerts.models import Alert
from buurtwacht.alerts.rules import check_point_near_area, point_near_area
from tests.alerts.neighbours import SPOT, make_neighbours, post_alert
from tests.factories import AddressFactory, GroupFactory, UserFactory, cell, make_member

pytestmark = pytest.mark.django_db

LON, LAT = SPOT
FAR = (LON + 0.1, LAT + 0.1)  # about 13 km away: another town's streets


@pytest.fixture
def hood(town):
    return make_neighbours()


def nearby_url(hood):
    return reverse("alerts:nearby", args=[hood.group.slug])


def test_a_spot_far_outside_the_group_is_refused_with_the_distance(hood, settings):
    assert point_near_area(hood.group, lon=LON, lat=LAT) == 0
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.bram, lon=FAR[0], lat=FAR[1])
    assert "buiten het gebied van Buurtpreventie Molenhoek" in refused.value.messages[0]
    assert not Alert.objects.exists()
    settings.ALERT_AREA_MARGIN_METRES = 20_000
    check_point_near_area(hood.group, lon=FAR[0], lat=FAR[1])  # within the margin now: no error


def test_a_group_name_ending_in_a_full_stop_gets_no_second_one(hood):
    hood.group.name = "Buurtpreventie Molenhoek e.o."
    hood.group.save(update_fields=["name"])
    with pytest.raises(ValidationError) as refused:
        check_point_near_area(hood.group, lon=FAR[0], lat=FAR[1])
    assert "gebied van Buurtpreventie Molenhoek e.o. Meld hier" in refused.value.messages[0]


def test_a_spot_just_across_the_edge_is_allowed(hood):
    outside = (hood.group.max_lon + 0.002, LAT)  # ~137 m east of the area
    assert 100 < point_near_area(hood.group, lon=outside[0], lat=outside[1]) < 200
    assert post_alert(hood.group, hood.bram, lon=outside[0], lat=outside[1]).pk


def test_a_member_cannot_probe_other_groups_alerts_far_from_their_own_streets(hood, client):
    far_group = GroupFactory(name="Buurtwacht Elders", geometry=cell(10, 10))
    elsewhere = (far_group.min_lon + 0.005, far_group.min_lat + 0.005)
    post_alert(far_group, make_member(far_group, UserFactory(first_name="Eva")), lon=elsewhere[0], lat=elsewhere[1])
    client.force_login(hood.bram)
    fragment = client.get(nearby_url(hood), {"lon": elsewhere[0], "lat": elsewhere[1]}).content.decode()
    assert "Gaat het om hetzelfde voorval?" not in fragment and "Eva" not in fragment


def test_another_groups_alert_shows_a_rough_distance_and_no_name(hood, client):
    other = GroupFactory(name="Buurtwacht Molenhoek-Oost", geometry=cell(0, 0))
    post_alert(other, make_member(other, UserFactory(first_name="Eva")), lon=LON + 0.001)  # ~68 m east
    client.force_login(hood.bram)
    fragment = client.get(nearby_url(hood), {"lon": LON, "lat": LAT}).content.decode()
    assert "ongeveer 50 m hiervandaan (Buurtwacht Molenhoek-Oost)" in fragment
    assert "112 gebeld om" in fragment and "Eva" not in fragment and "koevoet" not in fragment


def test_the_nearby_check_also_takes_a_postcode_and_house_number(hood, client):
    AddressFactory(street="Molenweg", number=14, postcode="9901AB", lon=LON + 0.0005, lat=LAT)
    first = post_alert(hood.group, hood.carla)
    client.force_login(hood.bram)
    fragment = client.get(nearby_url(hood), {"postcode": "9901 ab", "huisnummer": "14"}).content.decode()
    assert f'data-nearby-ids="{first.pk}"' in fragment and "Carla" in fragment
    unknown = client.get(nearby_url(hood), {"postcode": "9901 ab", "huisnummer": "99"})
    assert unknown.status_code == 400 and "data-nearby-ids" not in unknown.content.decode()
    assert "We kennen geen adres met deze postcode en dit huisnummer." in unknown.content.decode()


def test_the_street_stays_beside_what_the_member_adds(hood, client):
    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=LON, lat=LAT)
    client.force_login(hood.bram)
    data = {
        "kind": "inbraak",
        "postcode": "9901AB",
        "huisnummer": "12",
        "location_text": "achterdeur, via het brandgangetje",
        "police_call": "112",
        "description": "Man met koevoet.",
    }
    client.post(reverse("alerts:compose", args=[hood.group.slug]), data)
    assert Alert.objects.get().location_text == "Molenweg 12, achterdeur, via het brandgangetje"


def test_a_time_that_has_not_come_yet_is_asked_again(hood, client):
    now = timezone.localtime()
    later = (now + dt.timedelta(minutes=30)).time()
    if (now + dt.timedelta(minutes=30)).date() != now.date():
        pytest.skip("around midnight the half hour ahead is tomorrow")
    client.force_login(hood.bram)
    data = {"kind": "inbraak", "lon": LON, "lat": LAT, "police_call": "112", "description": "Man met koevoet."}
    response = client.post(reverse("alerts:compose", args=[hood.group.slug]), data | {"when": later.strftime("%H:%M")})
    assert response.status_code == 200 and not Alert.objects.exists()
    assert "Dat tijdstip is nog niet geweest" in response.content.decode()


def test_a_late_evening_time_typed_after_midnight_was_yesterday():
    ten_past_midnight = timezone.make_aware(dt.datetime(2026, 11, 21, 0, 10))
    assert local_moment(dt.time(23, 50), ten_past_midnight) == timezone.make_aware(dt.datetime(2026, 11, 20, 23, 50))
    assert local_moment(dt.time(0, 12), ten_past_midnight).day == 21  # two minutes ahead: a slow clock
    assert local_moment(dt.time(0, 40), ten_past_midnight).day == 21  # ahead today: the service refuses it


# --- an alert forwarded from a neighbouring group -----------------------------------------------------------------


def test_an_alert_forwarded_from_a_neighbouring_group_may_lie_in_that_groups_area(hood):
    """networks forwards a neighbour's alert (AlertInput.forwarded_from): its place is the neighbour's street, and
    that is the point. A member's own alert there is still refused."""
    neighbour = GroupFactory(name="Buurtpreventie Verderop", geometry=cell(2, 0))  # ~690 m east of Molenhoek
    there = (neighbour.min_lon + 0.006, LAT)  # ~1.1 km from Molenhoek's area, inside Verderop's
    assert point_near_area(hood.group, lon=there[0], lat=there[1]) > 1000
    with pytest.raises(ValidationError):
        post_alert(hood.group, hood.bram, lon=there[0], lat=there[1])
    alert = post_alert(hood.group, hood.anna, lon=there[0], lat=there[1], forwarded_from=neighbour)
    assert alert.group == hood.group and (alert.lon, alert.lat) == there


def test_a_forwarded_alert_near_neither_area_is_refused_saying_so_to_the_forwarder(hood):
    neighbour = GroupFactory(name="Buurtpreventie Verderop", geometry=cell(2, 0))
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.anna, lon=FAR[0], lat=FAR[1], forwarded_from=neighbour)
    message = refused.value.message_dict["place"][0]
    assert "buiten het gebied van Buurtpreventie Verderop, waar de melding vandaan komt" in message
    assert "buiten dat van uw groep: doorsturen kan alleen" in message
    assert not Alert.objects.exists()


def test_the_other_rules_still_apply_to_a_forwarded_alert(hood):
    neighbour = GroupFactory(name="Buurtpreventie Verderop", geometry=cell(2, 0))
    there = (neighbour.min_lon + 0.006, LAT)
    old = timezone.now() - dt.timedelta(hours=25)
    with pytest.raises(ValidationError) as refused:
        post_alert(hood.group, hood.anna, lon=there[0], lat=there[1], forwarded_from=neighbour, happened_at=old)
    assert set(refused.value.message_dict) == {"happened_at"}


def test_a_member_cannot_say_through_the_api_that_an_alert_was_forwarded(hood, client):
    """Only networks' forwarding sets forwarded_from: the API's schema has no such field and ignores it."""
    neighbour = GroupFactory(name="Buurtpreventie Verderop", geometry=cell(2, 0))
    there = (neighbour.min_lon + 0.006, LAT)
    client.force_login(hood.bram)
    answer = client.post(
        f"/api/v1/groups/{hood.group.pk}/alerts",
        {
            "kind": "verdacht",
            "lon": there[0],
            "lat": there[1],
            "police_call": "nog_niet",
            "description": "Busje rijdt stapvoets langs de huizen.",
            "forwarded_from": neighbour.pk,
            "forwarded_from_id": neighbour.pk,
        },
        content_type="application/json",
    )
    assert answer.status_code == 400 and "buiten het gebied van Buurtpreventie Molenhoek" in answer.json()["detail"]
    assert not Alert.objects.exists()
