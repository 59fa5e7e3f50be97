"""Shared people for the membership tests: a group in cell (0, 0) of the test town, its admin Anna, and Bram, who
lives inside the group's area and has not joined (yet)."""

import pytest

from tests.factories import AddressFactory, GroupFactory, UserFactory, make_member


@pytest.fixture
def group(town):
    return GroupFactory(name="Buurtpreventie Molenhoek")


@pytest.fixture
def admin(group):
    return make_member(
        group, UserFactory(first_name="Anna", last_name="de Vries", email="anna@example.org"), admin=True
    )


@pytest.fixture
def home(town):
    """Molenweg 12, in the middle of cell (0, 0)."""
    return AddressFactory(street="Molenweg", number=12, postcode="9901AB")


@pytest.fixture
def resident(home):
    return UserFactory(
        first_name="Bram", last_name="Bakker", email="bram@example.org", phone="0612345678", address=home
    )
