"""The sticker rules in the services, the same for the pages and the API: one per connected address (counting what
the group received or has open), only active groups, the delivery the gemeente allows, never more than the stock."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from buurtwacht.municipality.stickers import selectors
from buurtwacht.municipality.stickers.models import RequestStatus, StickerRequest
from buurtwacht.municipality.stickers.services import (
    sticker_request_create,
    sticker_request_hand_out,
    sticker_request_refuse,
    sticker_settings_save,
    sticker_stock_set,
)
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db


def ask(world, number, delivery="pickup", address=""):
    return sticker_request_create(
        group=world.group, admin=world.admin, number=number, delivery=delivery, address=address
    )


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def test_the_limit_is_one_per_connected_address_and_counts_what_was_received_or_is_open(sticker_world):
    world = sticker_world
    assert selectors.allowance(world.group).limit == 3
    first = ask(world, 2)
    sticker_request_hand_out(sticker_request=first, by=world.staff, status=RequestStatus.SENT)
    with pytest.raises(ValidationError) as exc:
        ask(world, 2)  # 2 received + 2 > 3
    assert "U kunt nog 1 stickers aanvragen" in messages(exc)
    assert "2 al ontvangen of aangevraagd" in messages(exc)
    second = ask(world, 1)  # exactly up to the limit, while open
    with pytest.raises(ValidationError):
        ask(world, 1)  # the open one counts
    sticker_request_refuse(sticker_request=second, by=world.staff, reason="Even geen stickers.")
    ask(world, 1)  # a refused request does not count
    assert selectors.allowance(world.group).remaining == 0


def test_a_new_connected_address_makes_room(sticker_world):
    world = sticker_world
    ask(world, 3)
    with pytest.raises(ValidationError):
        ask(world, 1)
    world.other_admin.address = AddressFactory()  # irrelevant: another group's admin
    world.other_admin.save()
    with pytest.raises(ValidationError):
        ask(world, 1)
    from tests.factories import UserFactory, make_member

    make_member(world.group, UserFactory(address=AddressFactory()))
    assert ask(world, 1).number == 1


def test_people_at_one_address_count_once(sticker_world):
    world = sticker_world
    shared = AddressFactory()
    for membership in world.group.memberships.select_related("user"):
        membership.user.address = shared
        membership.user.save(update_fields=["address"])
    assert selectors.allowance(world.group).limit == 1
    with pytest.raises(ValidationError):
        ask(world, 2)


def test_the_limit_per_address_is_the_gemeentes(sticker_world):
    world = sticker_world
    world.settings.per_address = 2
    world.settings.save()
    assert ask(world, 6).number == 6
    with pytest.raises(ValidationError):
        ask(world, 1)


def test_a_group_without_connected_addresses_gets_a_clear_refusal(sticker_world):
    world = sticker_world
    assert selectors.allowance(world.other_group).connected == 1  # Otto's own address
    world.other_admin.address = None
    world.other_admin.save()
    with pytest.raises(ValidationError) as exc:
        sticker_request_create(group=world.other_group, admin=world.other_admin, number=1, delivery="pickup")
    assert "nog geen aangesloten adressen" in messages(exc)


@pytest.mark.parametrize("status", ["pending", "inactive"])
def test_only_active_groups_request(sticker_world, status):
    world = sticker_world
    world.group.status = status
    world.group.save()
    with pytest.raises(ValidationError) as exc:
        ask(world, 1)
    assert "Alleen een actieve groep" in messages(exc)
    assert not StickerRequest.objects.exists()


def test_the_delivery_the_gemeente_allows(sticker_world):
    world = sticker_world
    with pytest.raises(ValidationError) as exc:
        ask(world, 1, delivery="post")
    assert "Vul het adres in" in messages(exc)
    assert ask(world, 1, delivery="post", address="  Molenweg   3, 9901 AB  Proefdorp ").address == (
        "Molenweg 3, 9901 AB Proefdorp"
    )
    world.settings.allow_post = False
    world.settings.save()
    with pytest.raises(ValidationError) as exc:
        ask(world, 1, delivery="post", address="Molenweg 3")
    assert "stuurt geen stickers op" in messages(exc)
    world.settings.allow_post, world.settings.allow_pickup = True, False
    world.settings.save()
    with pytest.raises(ValidationError) as exc:
        ask(world, 1)
    assert "Ophalen kan bij deze gemeente niet" in messages(exc)
    with pytest.raises(ValidationError):
        ask(world, 0, delivery="post", address="Molenweg 3")


def test_handing_out_takes_from_the_stock(sticker_world):
    world = sticker_world
    sent = ask(world, 2, delivery="post", address="Molenweg 3")
    sticker_request_hand_out(sticker_request=sent, by=world.staff, status=RequestStatus.SENT)
    ready = ask(world, 1)
    sticker_request_hand_out(sticker_request=ready, by=world.staff, status=RequestStatus.READY)
    world.settings.refresh_from_db()
    assert world.settings.stock == 97
    sent.refresh_from_db()
    assert sent.status == RequestStatus.SENT and sent.decided_by == world.staff and sent.decided_at
    with pytest.raises(ValidationError) as exc:
        sticker_request_hand_out(sticker_request=sent, by=world.staff, status=RequestStatus.READY)
    assert "al afgehandeld" in messages(exc)
    world.settings.refresh_from_db()
    assert world.settings.stock == 97


def test_the_service_refuses_to_hand_out_more_than_the_stock(sticker_world):
    world = sticker_world
    sticker_stock_set(gemeente=world.town.gemeente, stock=2)
    request = ask(world, 3)
    with pytest.raises(ValidationError) as exc:
        sticker_request_hand_out(sticker_request=request, by=world.staff, status=RequestStatus.SENT)
    assert "Er zijn nog 2 stickers op voorraad; deze aanvraag vraagt er 3" in messages(exc)
    request.refresh_from_db()
    world.settings.refresh_from_db()
    assert request.status == RequestStatus.OPEN and world.settings.stock == 2


def test_a_gemeente_without_settings_has_no_stock(sticker_world):
    world = sticker_world
    world.settings.delete()
    request = ask(world, 1)
    with pytest.raises(ValidationError):
        sticker_request_hand_out(sticker_request=request, by=world.staff, status=RequestStatus.SENT)


def test_refusing_needs_a_reason(sticker_world):
    world = sticker_world
    request = ask(world, 1)
    with pytest.raises(ValidationError) as exc:
        sticker_request_refuse(sticker_request=request, by=world.staff, reason="   ")
    assert "Geef een reden" in messages(exc)


def test_low_stock(sticker_world):
    world = sticker_world
    assert not selectors.settings_of(world.town.gemeente).stock_low
    sticker_stock_set(gemeente=world.town.gemeente, stock=10)
    assert selectors.settings_of(world.town.gemeente).stock_low
    assert selectors.summary(world.town.gemeente).stock_low


def test_the_settings_are_checked(sticker_world):
    world = sticker_world
    with pytest.raises(ValidationError) as exc:
        sticker_settings_save(
            gemeente=world.town.gemeente, per_address=0, stock=-1, low_threshold=5, allow_post=False,
            allow_pickup=False, pickup_text="",
        )
    assert set(exc.value.error_dict) == {"per_address", "stock", "allow_post"}
    with pytest.raises(ValidationError) as exc:
        sticker_settings_save(
            gemeente=world.town.gemeente, per_address=1, stock=5, low_threshold=5, allow_post=False,
            allow_pickup=True, pickup_text="",
        )
    assert "Schrijf waar en wanneer" in messages(exc)
    saved = sticker_settings_save(
        gemeente=world.town.gemeente, per_address=2, stock=500, low_threshold=40, allow_post=True,
        allow_pickup=False, pickup_text="",
    )
    assert (saved.per_address, saved.stock, saved.low_threshold, saved.allow_pickup) == (2, 500, 40, False)
