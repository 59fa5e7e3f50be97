"""A small network: in the test town (tests.factories, from 5.00E 52.00N), groups of ~200 x 220 m.

- Noord and Oost touch (Oost lies east of Noord); both in wijk 0.
- Verweg lies in wijk 0 too, ~600 m away: no neighbour, but in the wijk's beheerdersgroep.
- Overkant lies in wijk 1: neither.
Admins: Anton and Bea (Noord), Ella and Ernst (Oost), Frank (Verweg), Olga (Overkant); members Mila (Noord) and
Mart (Oost).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import shapely

from buurtwacht.alerts.models import AlertKind, PoliceCall
from buurtwacht.alerts.rules import AlertInput, Place
from buurtwacht.alerts.services import alert_create
from buurtwacht.networks.models import NetworkOptIn
from tests.factories import GroupFactory, UserFactory, make_member

NOORD = shapely.box(5.000, 52.000, 5.003, 52.002)
OOST = shapely.box(5.003, 52.000, 5.006, 52.002)
VERWEG = shapely.box(5.003, 52.0075, 5.006, 52.0095)
OVERKANT = shapely.box(5.012, 52.000, 5.015, 52.002)
# Near Noord's east edge: ~14 m from Oost.
ALERT_POINT = (5.0028, 52.001)


@dataclass
class Network:
    town: object
    noord: object
    oost: object
    verweg: object
    overkant: object
    anton: object
    bea: object
    ella: object
    ernst: object
    frank: object
    olga: object
    mila: object
    mart: object


def person(first_name: str):
    return UserFactory(first_name=first_name, email=f"{first_name.lower()}@example.org", phone="0612345678")


@pytest.fixture
def network(town) -> Network:
    return make_network(town)


def make_network(town) -> Network:
    wijk0, wijk1 = town.wijken
    noord = GroupFactory(name="Buurtpreventie Noord", slug="noord", geometry=NOORD, wijk=wijk0)
    oost = GroupFactory(name="Buurtpreventie Oost", slug="oost", geometry=OOST, wijk=wijk0)
    verweg = GroupFactory(name="Buurtpreventie Verweg", slug="verweg", geometry=VERWEG, wijk=wijk0)
    overkant = GroupFactory(name="Buurtpreventie Overkant", slug="overkant", geometry=OVERKANT, wijk=wijk1)
    people = {name: person(name) for name in ("Anton", "Bea", "Ella", "Ernst", "Frank", "Olga", "Mila", "Mart")}
    for name, group in (
        ("Anton", noord),
        ("Bea", noord),
        ("Ella", oost),
        ("Ernst", oost),
        ("Frank", verweg),
        ("Olga", overkant),
    ):
        make_member(group, people[name], admin=True)
    make_member(noord, people["Mila"])
    make_member(oost, people["Mart"])
    return Network(
        town,
        noord,
        oost,
        verweg,
        overkant,
        *(people[n] for n in ("Anton", "Bea", "Ella", "Ernst", "Frank", "Olga", "Mila", "Mart")),
    )


def opt_in(*groups) -> None:
    for group in groups:
        NetworkOptIn.objects.get_or_create(group=group)


def post_alert(group, author, *, point=ALERT_POINT, **fields):
    """An alert as a member posts it (alerts.services.alert_create)."""
    values = {
        "kind": AlertKind.BURGLARY,
        "police_call": PoliceCall.CALLED_112,
        "place": Place(lon=point[0], lat=point[1]),
        "location_text": "Molenweg 12",
        "description": "Man met koevoet bij de achterdeur, vlucht op een fiets richting het oosten.",
        "person": {"sex": "man", "clothing": "zwarte jas"},
    }
    return alert_create(group=group, author=author, data=AlertInput(**(values | fields)))
