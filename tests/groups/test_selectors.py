"""Reads about groups that other rooms count on."""

from __future__ import annotations

import pytest

from buurtwacht.groups.selectors import connected_addresses
from tests.factories import AddressFactory, GroupFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def test_connected_addresses_count_distinct_home_addresses_of_members(town):
    group, empty = GroupFactory(gemeente=town.gemeente), GroupFactory(gemeente=town.gemeente)
    home, other_home = AddressFactory(), AddressFactory()
    make_member(group, UserFactory(address=home), admin=True)
    make_member(group, UserFactory(address=home))  # a housemate: the same address
    make_member(group, UserFactory(address=other_home))
    make_member(group, UserFactory(address=None))  # no known address: not counted
    make_member(empty, UserFactory(address=None))
    assert connected_addresses([group.pk, empty.pk]) == {group.pk: 2}
