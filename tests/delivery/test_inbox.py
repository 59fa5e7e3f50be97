"""In-app messages are the inbox channel of the delivery path (delivery.inbox): a Delivery per person, sent when
it exists, seen when read. (Settled when what they were about is settled: tests/groups/test_membership_services.)"""

from __future__ import annotations

import pytest
from django.utils import translation

from buurtwacht.delivery.inbox import messages_mark_read, messages_of, notify, unread_count
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus
from tests.factories import UserFactory

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
