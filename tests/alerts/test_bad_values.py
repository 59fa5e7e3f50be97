"""Values no member types but anyone can send: a hidden field of 5,000 digits, coordinates like 1e308, nan or
inf. The composer and the nearby check answer them in Dutch, never with a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.alerts.models import Alert
from tests.alerts.neighbours import SPOT, make_neighbours

pytestmark = pytest.mark.django_db

LON, LAT = SPOT
HUGE = ["1e308", "-1e308", "nan", "inf", "-inf", "1e400"]


@pytest.fixture
def hood(town):
    return make_neighbours()


@pytest.fixture
def bram(hood, client):
    client.force_login(hood.bram)
    return client


def composer(hood, **overrides):
    data = {
        "kind": "inbraak",
        "lat": f"{LAT}",
        "lon": f"{LON}",
        "police_call": "112",
        "description": "Man met koevoet bij de achterdeur.",
    }
    return {key: value for key, value in (data | overrides).items() if value is not None}


def test_a_hidden_list_of_seen_alerts_of_5000_digits_is_ignored(hood, bram):
    response = bram.post(reverse("alerts:compose", args=[hood.group.slug]), composer(hood, seen_nearby="9" * 5000))
    assert response.status_code == 302
    assert Alert.objects.count() == 1


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("name", ["lat", "lon"])
def test_the_nearby_check_answers_an_impossible_coordinate_in_dutch(hood, bram, name, value):
    query = {"lat": LAT, "lon": LON} | {name: value}
    response = bram.get(reverse("alerts:nearby", args=[hood.group.slug]), query)
    assert response.status_code == 400
    assert "Nederland" in response.content.decode()


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("name", ["lat", "lon"])
def test_the_composer_answers_an_impossible_coordinate_in_dutch(hood, bram, name, value):
    response = bram.post(reverse("alerts:compose", args=[hood.group.slug]), composer(hood, **{name: value}))
    assert response.status_code == 200 and not Alert.objects.exists()
    assert "Nederland" in response.content.decode()
