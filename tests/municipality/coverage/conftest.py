"""A tiny town with exact numbers (tests.factories.make_town: 2 wijken x 2 buurten of 450 households each).

Addresses: 4 in buurt (0,0), 2 in (0,1) (one low, one high in the cell), 3 in (1,0), none in (1,1).
Groups: "Molenhoek" (active) covers cell (0,0) and the lower half of (0,1); "Nieuw" (pending) covers (1,0).
Members living in the town (their account's buurt): two of Molenhoek in (0,0), one of them also in a second active
group (counted once); a member of the pending group in (1,0) (not counted).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import shapely

from buurtwacht.accounts.models import RoleKind
from tests.factories import (
    CELL,
    ORIGIN_LAT,
    ORIGIN_LON,
    AddressFactory,
    GroupFactory,
    UserFactory,
    cell,
    make_member,
    make_role,
)


def point_in(i: int, j: int, fx: float = 0.5, fy: float = 0.5) -> dict:
    return {"lon": ORIGIN_LON + (i + fx) * CELL, "lat": ORIGIN_LAT + (j + fy) * CELL}


@dataclass
class Tiny:
    town: object
    active: object
    pending: object
    second: object
    staff: object
    police: object
    member: object
    admin: object


@pytest.fixture
def tiny(town) -> Tiny:
    for n in range(4):
        AddressFactory(**point_in(0, 0, 0.2 + 0.15 * n, 0.5))
    AddressFactory(**point_in(0, 1, 0.5, 0.2))
    AddressFactory(**point_in(0, 1, 0.5, 0.8))
    for n in range(3):
        AddressFactory(**point_in(1, 0, 0.3 + 0.2 * n, 0.5))
    lower_half = shapely.box(ORIGIN_LON, ORIGIN_LAT + CELL, ORIGIN_LON + CELL, ORIGIN_LAT + 1.5 * CELL)
    active = GroupFactory(
        name="Buurtpreventie Molenhoek",
        geometry=shapely.union_all([cell(0, 0), lower_half]),
        gemeente=town.gemeente,
        wijk=town.wijken[0],
    )
    second = GroupFactory(name="Buurtpreventie Kern", geometry=cell(0, 0), gemeente=town.gemeente)
    pending = GroupFactory(name="Buurtpreventie Nieuw", geometry=cell(1, 0), gemeente=town.gemeente, pending=True)
    home = town.buurten[(0, 0)]
    admin = make_member(active, UserFactory(first_name="Anna", buurt=home), admin=True)
    member = make_member(active, UserFactory(first_name="Zebulon", last_name="Quaxworth", buurt=home))
    make_member(second, member)
    make_member(pending, UserFactory(buurt=town.buurten[(1, 0)]), admin=True)
    staff = UserFactory(first_name="Gerda")
    make_role(staff, RoleKind.MUNICIPAL, town.gemeente)
    police = UserFactory(first_name="Piet")
    make_role(police, RoleKind.WIJKAGENT, town.gemeente)
    return Tiny(
        town=town, active=active, pending=pending, second=second, staff=staff, police=police, member=member,
        admin=admin,
    )
