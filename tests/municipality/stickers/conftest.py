"""The municipality's world (tests/municipality/conftest.py) with stickers: Molenhoek's three people live at three
addresses (three connected addresses), the gemeente gives one sticker per address and has 100 in stock, and a second
active group with its own admin."""

from __future__ import annotations

import pytest

from buurtwacht.municipality.stickers.models import StickerSettings
from tests.factories import AddressFactory, GroupFactory, UserFactory, cell, make_member


@pytest.fixture
def sticker_world(world):
    for membership in world.group.memberships.select_related("user"):
        membership.user.address = AddressFactory()
        membership.user.save(update_fields=["address"])
    world.settings = StickerSettings.objects.create(
        gemeente=world.town.gemeente,
        per_address=1,
        stock=100,
        low_threshold=10,
        pickup_text="Balie Burgerzaken, maandag tot en met vrijdag van 9 tot 17 uur.",
    )
    world.other_group = GroupFactory(name="Buurtpreventie Overkant", gemeente=world.town.gemeente, geometry=cell(1, 1))
    world.other_admin = make_member(
        world.other_group, UserFactory(first_name="Otto", address=AddressFactory()), admin=True
    )
    return world
