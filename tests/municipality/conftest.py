"""Personas for the municipality's pages: staff and police of the test town (GM9901), staff of another gemeente
(GM9902, laid over the same ground), a resident, a member and an admin of a group."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from buurtwacht.accounts.models import RoleKind
from tests.factories import GroupFactory, UserFactory, login_with_second_factor, make_member, make_role, make_town


@dataclass
class World:
    town: object
    other: object
    group: object  # active, in wijk 0 of the town, two admins and a member
    pending: object  # waiting for approval, in the town
    foreign: object  # a pending group of the other gemeente
    staff: object
    police: object
    other_staff: object
    resident: object
    member: object
    admin: object


@pytest.fixture
def world(town) -> World:
    other = make_town(code="9902", name="Anderdorp")
    group = GroupFactory(
        name="Buurtpreventie Molenhoek", gemeente=town.gemeente, wijk=town.wijken[0], place="Proefdorp"
    )
    admin = make_member(group, UserFactory(first_name="Anna", last_name="Beheerder", phone="06-11112222"), admin=True)
    make_member(group, UserFactory(first_name="Bert", last_name="Tweede", phone="06-33334444"), admin=True)
    member = make_member(group, UserFactory(first_name="Zebulon", last_name="Quaxworth"))
    pending = GroupFactory(
        name="Buurtpreventie Nieuw", gemeente=town.gemeente, wijk=town.wijken[1], place="Proefdorp", pending=True,
        contact_name="Carla Aanmelder", contact_email="carla@example.org",
    )
    make_member(pending, UserFactory(first_name="Carla", last_name="Aanmelder"), admin=True)
    foreign = GroupFactory(name="Buurtpreventie Elders", gemeente=other.gemeente, pending=True)
    staff = UserFactory(first_name="Gerda", last_name="Gemeente")
    make_role(staff, RoleKind.MUNICIPAL, town.gemeente)
    police = UserFactory(first_name="Piet", last_name="Politie")
    make_role(police, RoleKind.WIJKAGENT, town.gemeente)
    other_staff = UserFactory()
    make_role(other_staff, RoleKind.MUNICIPAL, other.gemeente)
    return World(
        town=town, other=other, group=group, pending=pending, foreign=foreign, staff=staff, police=police,
        other_staff=other_staff, resident=UserFactory(), member=member, admin=admin,
    )


@pytest.fixture
def staff_client(client, world):
    login_with_second_factor(client, world.staff)
    return client


@pytest.fixture
def police_client(client, world):
    login_with_second_factor(client, world.police)
    return client
