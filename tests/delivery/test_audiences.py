"""Events carry their audience: the service computes who an event is for, delivery trusts that list, and asks the
audience again when it sends or replays (delivery.audiences, groups.audiences)."""

from __future__ import annotations

import time

import pytest
from django.db import transaction

from buurtwacht.delivery import outbound
from buurtwacht.delivery.audiences import Audience, audience_allowed, people
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus, Event, EventRecipient
from buurtwacht.delivery.services import event_publish
from buurtwacht.groups.membership.audiences import admins_of, members_of
from buurtwacht.groups.membership.services import admin_step_down
from tests.delivery.live_support import EventStream, make_event, record, session_cookie
from tests.factories import GroupFactory, UserFactory, make_member

MESSAGE = {"nl": {"title": "Bericht", "body": "Iets voor u", "text": "Iets voor u"}}


def publish(*, kind="message", audience: Audience, notify=(), payload=None) -> Event:
    """Record an event and run what follows its commit (also inside a test's own transaction)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return event_publish(
            kind=kind, audience=audience, payload=payload or {"target": "x", "message": MESSAGE}, notify=notify
        )


@pytest.mark.django_db
def test_an_audience_names_its_people_and_how_to_ask_again(group, sanne, tom):
    audience = members_of(group)
    assert audience.name == f"group-members:{group.pk}" and audience.user_ids == {sanne.pk, tom.pk}
    assert audience_allowed(audience.name, [sanne.pk, tom.pk, UserFactory().pk]) == {sanne.pk, tom.pk}


@pytest.mark.django_db
def test_an_audience_whose_check_is_not_registered_reaches_nobody(sanne):
    with pytest.raises(LookupError):
        Audience.of("buurtbarbecue", [sanne.pk])
    assert audience_allowed("buurtbarbecue:3", [sanne.pk]) == set()


@pytest.mark.django_db
def test_people_chosen_one_by_one_receive_while_their_account_is_active(sanne, tom):
    tom.is_active = False
    tom.save()
    assert audience_allowed(people([sanne.pk, tom.pk]).name, [sanne.pk, tom.pk]) == {sanne.pk}


@pytest.mark.django_db
def test_an_event_for_one_person_needs_no_group_and_has_one_recipient(town, mailoutbox):
    charlie = UserFactory(first_name="Charlie")
    event = publish(audience=people([charlie.pk]), notify=[charlie.pk])
    assert list(EventRecipient.objects.filter(event=event).values_list("user_id", flat=True)) == [charlie.pk]
    [delivery] = Delivery.objects.filter(event=event)
    assert (delivery.user, delivery.channel, delivery.status) == (charlie, Channel.EMAIL, DeliveryStatus.SENT)
    assert [mail.to for mail in mailoutbox] == [[charlie.email]]


@pytest.mark.django_db
def test_who_is_told_is_a_part_of_the_audience(group, sanne, tom, mailoutbox):
    outsider = UserFactory()
    event = publish(audience=people([sanne.pk]), notify=[sanne.pk, outsider.pk])
    assert set(Delivery.objects.filter(event=event).values_list("user_id", flat=True)) <= {sanne.pk}


@pytest.mark.django_db
def test_the_admins_of_groups_are_asked_again_when_the_message_is_sent(group, sanne, tom):
    other = GroupFactory(name="Buurtpreventie Zuidhoek")
    anna = make_member(group, UserFactory(first_name="Anna", email="anna@example.org"), admin=True)
    kees = make_member(group, UserFactory(first_name="Kees", email="kees@example.org"), admin=True)
    lotte = make_member(other, UserFactory(first_name="Lotte", email="lotte@example.org"), admin=True)
    audience = admins_of([group, other])
    assert audience.user_ids == {anna.pk, kees.pk, lotte.pk}  # not the members Sanne and Tom
    event = Event.objects.create(kind="dispatch", audience=audience.name, payload={"message": MESSAGE})
    rows = [Delivery.objects.create(event=event, user=admin, channel=Channel.EMAIL) for admin in (anna, kees, lotte)]
    admin_step_down(group=group, user=anna)  # between queueing and sending

    claimed = outbound.deliveries_claim(ids=[row.pk for row in rows])
    assert {claim.user_id for claim in claimed} == {kees.pk, lotte.pk}
    assert Delivery.objects.get(event=event, user=anna).error == "no longer in the audience"


# --- live stream and replay ---------------------------------------------------------------------------------------


@pytest.fixture
def live_group(town):
    return GroupFactory(name="Buurtpreventie Noordhoek")


@pytest.mark.django_db(transaction=True)
def test_a_person_outside_every_group_gets_their_event_live_and_by_replay(asgi_server, live_group):
    charlie = UserFactory(first_name="Charlie")
    start = make_event(live_group)  # a group event: not Charlie's
    with EventStream(asgi_server, cookie=session_cookie(charlie)) as stream:
        mine = publish(audience=people([charlie.pk]))
        assert stream.next_event().id == mine.pk
    with EventStream(asgi_server, cookie=session_cookie(charlie), since=start.pk) as stream:
        assert stream.next_event().id == mine.pk
        later = publish(audience=people([charlie.pk]))
        assert stream.next_event().id == later.pk


@pytest.mark.django_db(transaction=True)
def test_replay_asks_the_audience_again(asgi_server, live_group):
    anna = make_member(live_group, UserFactory(first_name="Anna"), admin=True)
    make_member(live_group, UserFactory(first_name="Kees"), admin=True)
    start = make_event(live_group)
    for_admins = publish(audience=admins_of([live_group]))
    admin_step_down(group=live_group, user=anna)
    for_members = record(live_group, [])
    with EventStream(asgi_server, cookie=session_cookie(anna), since=start.pk) as stream:
        assert stream.next_event().id == for_members.pk  # not the admins' message: she no longer is one
    assert for_admins.pk < for_members.pk


@pytest.mark.django_db(transaction=True)
def test_what_the_live_stream_wrote_counts_as_delivered(asgi_server, live_group):
    anna = make_member(live_group, UserFactory(first_name="Anna"))
    bob = make_member(live_group, UserFactory(first_name="Bob"))
    with EventStream(asgi_server, cookie=session_cookie(anna)) as stream:
        event = publish(audience=members_of(live_group))
        assert stream.next_event().id == event.pk
        deadline = time.monotonic() + 10  # the hub writes receipts once a second
        while time.monotonic() < deadline:
            reached = dict(EventRecipient.objects.filter(event=event).values_list("user_id", "delivered_at"))
            if reached[anna.pk]:
                break
            time.sleep(0.1)
    assert reached[anna.pk] is not None and reached[bob.pk] is None  # Bob had no page open
