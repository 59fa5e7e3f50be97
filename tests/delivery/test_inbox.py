"""In-app messages are the inbox channel of the delivery path (delivery.inbox): a Delivery per person, sent when
it exists, seen when read, settled when what it was about is settled."""

from __future__ import annotations

import pytest
from django.utils import translation

from buurtwacht.delivery.inbox import messages_mark_read, messages_of, notify, unread_count
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus
from buurtwacht.groups import membership
from buurtwacht.groups.rules import house_rules_current
from tests.factories import AddressFactory, GroupFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def test_a_message_is_a_sent_delivery_on_the_inbox_channel_in_each_readers_language(town):
    anna, tom = UserFactory(language="nl"), UserFactory(language="en")
    notify([anna, tom], lambda: translation.gettext("Uw aanvraag is bekeken"), "/groepen/x/")
    rows = Delivery.objects.filter(channel=Channel.INBOX)
    assert {row.status for row in rows} == {DeliveryStatus.SENT} and rows.count() == 2
    assert [m.text for m in messages_of(anna)] == ["Uw aanvraag is bekeken"]
    assert messages_of(tom)[0].url == "/groepen/x/"
    assert unread_count(anna) == 1
    assert messages_mark_read(user=anna) == 1 and unread_count(anna) == 0 and unread_count(tom) == 1


def test_a_withdrawn_join_request_is_no_longer_new_for_the_admins(town):
    group = GroupFactory(name="Buurtpreventie Molenhoek")
    anna = make_member(group, UserFactory(first_name="Anna"), admin=True)
    kees = make_member(group, UserFactory(first_name="Kees"), admin=True)
    bram = UserFactory(first_name="Bram", address=AddressFactory())
    request = membership.join_request_create(
        group=group, user=bram, address=bram.address, declared_min_age=True,
        rules_version=house_rules_current(group).version,
    )  # fmt: skip
    assert unread_count(anna) == unread_count(kees) == 1

    membership.join_request_withdraw(request_obj=request, user=bram)

    assert unread_count(anna) == unread_count(kees) == 0
    assert "Bram vraagt om deelnemer te worden" in messages_of(anna)[0].text  # still there to read back


def test_a_request_one_admin_decided_is_no_longer_new_for_the_other(town):
    group = GroupFactory(name="Buurtpreventie Molenhoek")
    anna = make_member(group, UserFactory(first_name="Anna"), admin=True)
    kees = make_member(group, UserFactory(first_name="Kees"), admin=True)
    bram = UserFactory(first_name="Bram", address=AddressFactory())
    request = membership.join_request_create(
        group=group, user=bram, address=bram.address, declared_min_age=True,
        rules_version=house_rules_current(group).version,
    )  # fmt: skip
    membership.join_request_decide(request_obj=request, admin=anna, approve=True)
    assert unread_count(kees) == 0 and unread_count(bram) == 1
