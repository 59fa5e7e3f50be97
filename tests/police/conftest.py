"""A small world for police messages: a town of 2x2 buurten (cells of ~690 x 1,100 m from 5.00E 52.00N), a
wijkagent for it, two groups with admins and members, and residents who opted in inside and outside."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from buurtwacht.accounts.models import RoleKind
from buurtwacht.alerts.rules import Place
from buurtwacht.geo.models import Address
from buurtwacht.police.models import AreaAlertOptIn
from buurtwacht.police.permissions import Sender
from buurtwacht.police.rules import MessageInput
from tests.factories import CELL, ORIGIN_LAT, ORIGIN_LON, GroupFactory, UserFactory, cell, make_member, make_role

# The middle of buurt (0, 0), and a point ~3 km away (outside a 1 km circle, still in the Netherlands).
HERE = (ORIGIN_LON + CELL / 2, ORIGIN_LAT + CELL / 2)
FAR = (ORIGIN_LON + 0.05, ORIGIN_LAT + 0.03)


@dataclass
class PoliceWorld:
    town: object
    officer: object
    sender: Sender
    near: object  # a group around HERE
    far: object  # a group far away
    near_admins: list
    near_members: list
    far_admin: object
    resident_in: object
    resident_out: object


def opt_in(user, lon: float, lat: float, *, push=True, email=True) -> AreaAlertOptIn:
    address = Address.objects.create(
        street="Molenweg",
        number=AreaAlertOptIn.objects.count() + 1,
        postcode="9901AB",
        place="Proefdorp",
        lat=lat,
        lon=lon,
    )
    return AreaAlertOptIn.objects.create(user=user, address=address, lat=lat, lon=lon, push=push, email=email)


@pytest.fixture
def police_world(town) -> PoliceWorld:
    return make_police_world(town)


def make_police_world(town) -> PoliceWorld:
    officer = UserFactory(first_name="Wim", last_name="Wijkagent")
    make_role(officer, RoleKind.WIJKAGENT, town.gemeente)
    near = GroupFactory(name="Buurtpreventie Molenhoek", geometry=cell(0, 0))
    far_geometry = cell(0, 0).__class__(
        [
            (FAR[0] - 0.002, FAR[1] - 0.002),
            (FAR[0] + 0.002, FAR[1] - 0.002),
            (FAR[0] + 0.002, FAR[1] + 0.002),
            (FAR[0] - 0.002, FAR[1] + 0.002),
        ]
    )
    far = GroupFactory(name="Buurtpreventie Verweg", geometry=far_geometry)
    near_admins = [make_member(near, admin=True), make_member(near, admin=True)]
    near_members = [make_member(near), make_member(near)]
    far_admin = make_member(far, admin=True)
    resident_in, resident_out = UserFactory(first_name="Ineke"), UserFactory(first_name="Otto")
    opt_in(resident_in, HERE[0] + 0.001, HERE[1])
    opt_in(resident_out, *FAR)
    sender = Sender(name="Wim Wijkagent", gemeente_ids=frozenset({town.gemeente.pk}), user=officer)
    return PoliceWorld(
        town, officer, sender, near, far, near_admins, near_members, far_admin, resident_in, resident_out
    )


def message_input(**fields) -> MessageInput:
    values = {
        "kind": "dispatch",
        "incident": "woninginbraak",
        "place": Place(lon=HERE[0], lat=HERE[1]),
        "radius_m": 1000,
        "description": "Verdachte vlucht te voet richting het park.",
        "person": {"sex": "man", "age": "18_30", "clothing": "donkerblauwe jas, witte sneakers"},
    }
    return MessageInput(**(values | fields))
