"""The people of the alert tests: a group in cell (0, 0) of the test town with admin Anna, members Bram and Carla,
and Dirk, who lives there but is not a member. `SPOT` lies in the middle of the group's area."""

from __future__ import annotations

from dataclasses import dataclass

from buurtwacht.alerts import services
from buurtwacht.alerts.models import AlertKind, PoliceCall
from buurtwacht.alerts.rules import AlertInput, Place
from tests.factories import GroupFactory, UserFactory, make_member

SPOT = (5.005, 52.005)  # lon, lat


@dataclass
class Neighbours:
    group: object
    anna: object  # admin
    bram: object
    carla: object
    dirk: object  # not a member


def make_neighbours() -> Neighbours:
    group = GroupFactory(name="Buurtpreventie Molenhoek")
    return Neighbours(
        group=group,
        anna=make_member(group, UserFactory(first_name="Anna", last_name="de Vries"), admin=True),
        bram=make_member(group, UserFactory(first_name="Bram", last_name="Bakker")),
        carla=make_member(group, UserFactory(first_name="Carla", last_name="Claes")),
        dirk=UserFactory(first_name="Dirk", last_name="Dekker"),
    )


def alert_input(**overrides) -> AlertInput:
    """Bram's burglary at SPOT, with these fields changed (lon and lat make the place)."""
    lon, lat = SPOT
    values = {
        "kind": AlertKind.BURGLARY,
        "lon": lon,
        "lat": lat,
        "police_call": PoliceCall.CALLED_112,
        "location_text": "Molenweg 12",
        "description": "Man met koevoet bij de achterdeur van nummer 12.",
    } | overrides
    place = Place(lon=values.pop("lon"), lat=values.pop("lat"))
    return AlertInput(place=place, **values)


def post_alert(group, author, *, photos=(), **overrides):
    return services.alert_create(group=group, author=author, data=alert_input(**overrides), photos=photos)
