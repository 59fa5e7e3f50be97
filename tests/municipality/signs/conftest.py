"""Personas for street signs: the test town (GM9901, wijk i = column i), a group in wijk 0 run by Anna (admin) with
Merel as member, a second group in the same wijk run by Otto, staff and police of the town, staff of Anderdorp
(GM9902), a resident. Spots: (52.005, 5.005) lies in wijk 0, (52.005, 5.015) in wijk 1, (52.5, 5.5) outside."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from buurtwacht.accounts.models import RoleKind
from buurtwacht.municipality.signs.services import SpotInput
from tests.factories import AddressFactory, GroupFactory, UserFactory, login_with_second_factor, make_member, make_role
from tests.factories import make_town as _make_town

INSIDE = SpotInput(lat=52.005, lon=5.005, note="Ingang Molenweg")
INSIDE_2 = SpotInput(lat=52.006, lon=5.004, note="Fietspad")
OUTSIDE = SpotInput(lat=52.5, lon=5.5, note="Ver weg")


@dataclass
class World:
    town: object
    other_town: object
    group: object
    other_group: object
    admin: object
    member: object
    other_admin: object
    staff: object
    other_staff: object
    police: object
    resident: object


def connect(group, count: int) -> None:
    """`count` members, each with a home address of their own: `count` connected addresses more."""
    for _ in range(count):
        make_member(group, UserFactory(address=AddressFactory()))


@pytest.fixture
def world(town) -> World:
    other_town = _make_town(code="9902", name="Anderdorp")
    group = GroupFactory(name="Buurtpreventie Molenhoek", gemeente=town.gemeente, wijk=town.wijken[0])
    other_group = GroupFactory(name="Buurtpreventie Kerkpad", gemeente=town.gemeente, wijk=town.wijken[0])
    admin = make_member(group, UserFactory(first_name="Anna", email="anna@example.org"), admin=True)
    member = make_member(group, UserFactory(first_name="Merel", email="merel@example.org"))
    other_admin = make_member(other_group, UserFactory(first_name="Otto", email="otto@example.org"), admin=True)
    staff = UserFactory(first_name="Gerda", email="gerda@gemeente.example")
    make_role(staff, RoleKind.MUNICIPAL, town.gemeente)
    other_staff = UserFactory(first_name="Olga")
    make_role(other_staff, RoleKind.MUNICIPAL, other_town.gemeente)
    police = UserFactory(first_name="Piet")
    make_role(police, RoleKind.WIJKAGENT, town.gemeente)
    return World(
        town=town, other_town=other_town, group=group, other_group=other_group, admin=admin, member=member,
        other_admin=other_admin, staff=staff, other_staff=other_staff, police=police, resident=UserFactory(),
    )


PERSONAS = ("anonymous", "resident", "member", "other_admin", "admin", "other_staff", "police", "staff")


def sign_in(client, world: World, persona: str) -> None:
    if persona == "anonymous":
        return
    user = getattr(world, persona)
    if persona in ("staff", "other_staff", "police"):
        login_with_second_factor(client, user)
    else:
        client.force_login(user)


def approved_days_ago(sign_request, days: int) -> None:
    """Move the approval of `sign_request` (its decision and the history rows of its approval) `days` back, as if it
    had been approved then."""
    from datetime import timedelta

    from django.utils import timezone

    from buurtwacht.municipality.signs.models import SignEvent, Step

    when = timezone.now() - timedelta(days=days)
    type(sign_request).objects.filter(pk=sign_request.pk).update(decided_at=when, created_at=when - timedelta(days=1))
    SignEvent.objects.filter(request=sign_request, step=Step.REQUESTED).update(at=when - timedelta(days=1))
    SignEvent.objects.filter(request=sign_request, step=Step.APPROVED).update(at=when)
