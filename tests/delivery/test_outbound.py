"""Who gets a push message or an e-mail for an event, and the claim that lets one worker, and only one, send it."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections
from django.utils import timezone

from buurtwacht.alerts.models import Alert
from buurtwacht.delivery import outbound
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus
from tests.delivery.conftest import make_event, subscribe
from tests.factories import UserFactory, group_event, make_member

pytestmark = pytest.mark.django_db


def channels(user, event=None) -> set[str]:
    rows = Delivery.objects.filter(user=user)
    if event is not None:
        rows = rows.filter(event=event)
    return set(rows.values_list("channel", flat=True))


def queued(event, user, channel) -> Delivery:
    """A delivery row as deliveries_queue makes it, without running its task."""
    return Delivery.objects.create(event=event, user=user, channel=channel)


# --- who gets what ---


def test_each_member_gets_the_channels_they_chose(push_server, group, sanne, mila, joost, noor, mailoutbox):
    subscribe(push_server, sanne)
    subscribe(push_server, joost)
    event = make_event(group)

    count = outbound.deliveries_queue(event=event, user_ids=[sanne.pk, mila.pk, joost.pk, noor.pk])

    assert count == 4
    assert channels(sanne) == {Channel.PUSH}
    assert channels(mila) == {Channel.EMAIL}
    assert channels(joost) == {Channel.PUSH, Channel.EMAIL}
    assert channels(noor) == set()
    assert sorted(m.to[0] for m in mailoutbox) == ["joost@example.org", "mila@example.org"]


def test_someone_who_never_wants_mail_and_has_push_gets_only_push(push_server, group, noor):
    subscribe(push_server, noor)
    outbound.deliveries_queue(event=make_event(group), user_ids=[noor.pk])
    assert channels(noor) == {Channel.PUSH}


def test_who_left_the_group_after_the_event_was_queued_is_not_sent_it(push_server, group, sanne, mila, mailoutbox):
    from buurtwacht.delivery.tasks import deliveries_send
    from buurtwacht.groups.models import Membership

    browser = subscribe(push_server, sanne)
    event = make_event(group)
    ids = [queued(event, sanne, Channel.PUSH).pk, queued(event, mila, Channel.EMAIL).pk]
    Membership.objects.filter(user__in=[sanne, mila]).delete()

    deliveries_send.call_local(ids)

    assert not push_server.messages(browser) and not mailoutbox
    gone = (DeliveryStatus.FAILED, "no longer in the audience")
    assert set(Delivery.objects.values_list("status", "error")) == {gone}


def test_an_unconfirmed_address_gets_no_mail(group):
    unconfirmed = make_member(group, UserFactory(email_verified_at=None))
    assert outbound.deliveries_queue(event=make_event(group), user_ids=[unconfirmed.pk]) == 0
    assert channels(unconfirmed) == set()


def test_an_inactive_account_gets_nothing(push_server, group, sanne):
    subscribe(push_server, sanne)
    sanne.is_active = False
    sanne.save()
    assert outbound.deliveries_queue(event=make_event(group), user_ids=[sanne.pk]) == 0


def test_queueing_twice_sends_once(push_server, group, sanne, mila, mailoutbox):
    browser = subscribe(push_server, sanne)
    event = make_event(group)

    outbound.deliveries_queue(event=event, user_ids=[sanne.pk, mila.pk])
    again = outbound.deliveries_queue(event=event, user_ids=[sanne.pk, mila.pk])

    assert again == 0
    assert Delivery.objects.filter(event=event).count() == 2
    assert len(push_server.acked(browser)) == 1
    assert len(mailoutbox) == 1


def test_no_one_to_tell_queues_nothing(group):
    assert outbound.deliveries_queue(event=make_event(group), user_ids=[]) == 0


def test_an_event_without_a_message_is_not_pushed_or_mailed(push_server, group, sanne, mila):
    subscribe(push_server, sanne)
    payload = {"target": "alert-12", "list": "alerts", "url": "/", "html": {"nl": "<article></article>"}}
    assert outbound.deliveries_queue(event=make_event(group, payload=payload), user_ids=[sanne.pk, mila.pk]) == 0
    assert not Delivery.objects.exists()


# --- the claim ---


def test_a_queued_delivery_is_claimed_once(group, sanne):
    delivery = queued(make_event(group), sanne, Channel.PUSH)

    [claim] = outbound.deliveries_claim(ids=[delivery.pk])
    assert outbound.deliveries_claim(ids=[delivery.pk]) == []

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING and delivery.attempts == 1
    assert claim.claimed_at == delivery.claimed_at and claim.user.language == "nl"
    assert claim.event.audience == f"group-members:{group.pk}"


def test_a_delivery_waiting_for_its_retry_is_not_claimed_early(group, sanne):
    delivery = queued(make_event(group), sanne, Channel.PUSH)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=1))
    assert outbound.deliveries_claim(ids=[delivery.pk]) == []


def test_a_delivery_left_sending_by_a_dead_worker_is_claimed_after_its_lease(group, sanne, settings):
    delivery = queued(make_event(group), sanne, Channel.PUSH)
    outbound.deliveries_claim(ids=[delivery.pk])
    assert outbound.deliveries_claim(ids=[delivery.pk]) == []  # the lease still runs

    lease = timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 1)
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now() - lease)

    [claim] = outbound.deliveries_claim(ids=[delivery.pk])
    assert claim.attempts == 2


def test_sent_and_seen_deliveries_are_never_claimed(group, sanne, mila):
    event = make_event(group)
    sent, seen = queued(event, sanne, Channel.PUSH), queued(event, mila, Channel.EMAIL)
    Delivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.SENT)
    Delivery.objects.filter(pk=seen.pk).update(status=DeliveryStatus.SEEN)
    old = timezone.now() - timedelta(days=1)
    Delivery.objects.update(claimed_at=old, next_attempt_at=old)
    assert outbound.deliveries_claim(ids=[sent.pk, seen.pk]) == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_batch_share_it_without_overlap(town):
    from tests.factories import GroupFactory

    group = GroupFactory()
    people = [make_member(group, user) for user in UserFactory.create_batch(120)]
    event = group_event(group, kind="alert", payload={})
    ids = [Delivery.objects.create(event=event, user=p, channel=Channel.PUSH).pk for p in people]
    taken: list[list[int]] = [[], [], [], []]
    start = threading.Barrier(4)

    def worker(number: int) -> None:
        try:
            start.wait()
            for batch in range(0, len(ids), 20):
                taken[number] += [c.pk for c in outbound.deliveries_claim(ids=ids[batch : batch + 20])]
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    everything = [pk for part in taken for pk in part]
    assert sorted(everything) == sorted(ids)  # every row claimed, none twice
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


# --- outcomes ---


def test_an_outcome_of_a_claim_that_was_taken_over_is_ignored(group, sanne, settings):
    delivery = queued(make_event(group), sanne, Channel.PUSH)
    [first] = outbound.deliveries_claim(ids=[delivery.pk])
    lease = timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 1)
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now() - lease)
    [second] = outbound.deliveries_claim(ids=[delivery.pk])  # another worker took over

    outbound.deliveries_fail(deliveries=[first], error="late answer of the first worker")

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING and delivery.claimed_at == second.claimed_at


def test_sent_is_kept_even_from_a_claim_that_was_taken_over(group, sanne, settings):
    delivery = queued(make_event(group), sanne, Channel.PUSH)
    [first] = outbound.deliveries_claim(ids=[delivery.pk])
    lease = timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 1)
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now() - lease)
    [second] = outbound.deliveries_claim(ids=[delivery.pk])

    outbound.deliveries_sent(ids=[first.pk])
    outbound.deliveries_retry(deliveries=[second], error="503 from the second attempt")

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.sent_at is not None


# --- seen ---


def test_opening_the_alert_marks_its_deliveries_seen_and_stops_unsent_ones(group, sanne, mila):
    alert = Alert.objects.create(
        group=group, kind="inbraak", lat=52.0, lon=4.5, happened_at=timezone.now(), police_call="112"
    )
    other = Alert.objects.create(
        group=group, kind="inbraak", lat=52.0, lon=4.5, happened_at=timezone.now(), police_call="112"
    )
    event = group_event(group, kind="alert", topic=f"alert:{alert.pk}", payload={})
    reaction = group_event(group, kind="reaction", topic=f"alert:{alert.pk}", payload={})
    elsewhere = group_event(group, kind="alert", topic=f"alert:{other.pk}", payload={})
    sent = queued(event, sanne, Channel.PUSH)
    Delivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.SENT)
    waiting = queued(reaction, sanne, Channel.EMAIL)
    untouched = queued(elsewhere, sanne, Channel.PUSH)
    someone_else = queued(event, mila, Channel.EMAIL)

    assert outbound.deliveries_mark_seen(user=sanne, topic=f"alert:{alert.pk}") == 2

    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert statuses[sent.pk] == statuses[waiting.pk] == DeliveryStatus.SEEN
    assert statuses[untouched.pk] == statuses[someone_else.pk] == DeliveryStatus.QUEUED
    assert outbound.deliveries_claim(ids=[waiting.pk]) == []
