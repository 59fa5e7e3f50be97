"""Retries with back-off, giving up, and the sweep that finds deliveries whose task was lost (Huey runs tasks
inline in the test settings; a task scheduled for later waits in Huey's schedule)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from buurtwacht.delivery import outbound
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus
from buurtwacht.delivery.tasks import deliveries_recover_on_startup, deliveries_send, deliveries_sweep
from tests.delivery.conftest import make_event, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_schedule():
    HUEY.storage.flush_all()
    yield
    HUEY.storage.flush_all()


def scheduled_ids() -> list[list[int]]:
    """The delivery ids of every send task waiting in Huey's schedule."""
    return [task.args[0] for task in HUEY.scheduled() if task.name.endswith("deliveries_send")]


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def test_the_back_off_doubles_with_jitter_up_to_an_hour():
    for attempts, ceiling in [(1, 15), (2, 30), (3, 60), (4, 120), (12, 3600), (30, 3600)]:
        waits = [outbound.backoff_seconds(attempts) for _ in range(50)]
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(set(waits)) > 1  # jitter: not every retry at the same moment


def test_a_server_error_schedules_a_retry_after_the_back_off(
    push_server, group, sanne, django_capture_on_commit_callbacks
):
    browser = subscribe(push_server, sanne)
    push_server.answer(browser, 500)

    with django_capture_on_commit_callbacks(execute=True):
        outbound.deliveries_queue(event=make_event(group), user_ids=[sanne.pk])

    delivery = Delivery.objects.get(user=sanne)
    assert delivery.status == DeliveryStatus.QUEUED and delivery.attempts == 1 and delivery.error.startswith("500")
    wait = (delivery.next_attempt_at - delivery.claimed_at).total_seconds()
    assert 7.5 <= wait <= 16
    assert scheduled_ids() == [[delivery.pk]]
    [task] = HUEY.scheduled()
    assert task.eta is not None


def test_the_scheduled_retry_sends_it(push_server, group, sanne, django_capture_on_commit_callbacks):
    browser = subscribe(push_server, sanne)
    push_server.answer(browser, 502)
    with django_capture_on_commit_callbacks(execute=True):
        outbound.deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    [task] = HUEY.scheduled()
    Delivery.objects.update(next_attempt_at=ago(seconds=1))  # time passes

    deliveries_send.call_local(*task.args)

    delivery = Delivery.objects.get(user=sanne)
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert len(push_server.acked(browser)) == 1


def test_it_gives_up_after_the_last_attempt(push_server, group, sanne, settings):
    settings.DELIVERY_MAX_ATTEMPTS = 2
    browser = subscribe(push_server, sanne)
    push_server.answer(browser, 500, 500)
    outbound.deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    Delivery.objects.update(next_attempt_at=ago(seconds=1))
    HUEY.storage.flush_all()

    deliveries_send.call_local([Delivery.objects.get().pk])

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert "after 2 attempts" in delivery.error
    assert scheduled_ids() == []


def test_a_lost_task_is_found_by_the_sweep(push_server, group, sanne, settings):
    browser = subscribe(push_server, sanne)
    lost = Delivery.objects.create(event=make_event(group), user=sanne, channel=Channel.PUSH)
    Delivery.objects.filter(pk=lost.pk).update(created_at=ago(seconds=settings.DELIVERY_LEASE_SECONDS + 5))

    deliveries_sweep.call_local()

    assert Delivery.objects.get(pk=lost.pk).status == DeliveryStatus.SENT
    assert len(push_server.acked(browser)) == 1


def test_the_sweep_leaves_fresh_queued_deliveries_to_their_own_task(push_server, group, sanne):
    subscribe(push_server, sanne)
    fresh = Delivery.objects.create(event=make_event(group), user=sanne, channel=Channel.PUSH)
    deliveries_sweep.call_local()
    assert Delivery.objects.get(pk=fresh.pk).status == DeliveryStatus.QUEUED


def test_a_delivery_whose_worker_died_is_sent_after_its_lease(push_server, group, sanne, settings):
    browser = subscribe(push_server, sanne)
    delivery = Delivery.objects.create(event=make_event(group), user=sanne, channel=Channel.PUSH)
    outbound.deliveries_claim(ids=[delivery.pk])  # ... and then the worker was killed

    deliveries_sweep.call_local()
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENDING  # the lease still runs

    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=ago(seconds=settings.DELIVERY_LEASE_SECONDS + 1))
    deliveries_sweep.call_local()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert len(push_server.acked(browser)) == 1


def test_a_starting_worker_schedules_what_a_dead_one_was_sending_for_when_its_lease_ends(
    push_server, group, sanne, settings
):
    subscribe(push_server, sanne)
    delivery = Delivery.objects.create(event=make_event(group), user=sanne, channel=Channel.PUSH)
    outbound.deliveries_claim(ids=[delivery.pk])

    deliveries_recover_on_startup()

    [task] = HUEY.scheduled()
    assert task.args[0] == [delivery.pk]
    claimed_at = Delivery.objects.get(pk=delivery.pk).claimed_at
    lease_end = claimed_at + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    assert abs((task.eta.replace(tzinfo=UTC) - lease_end).total_seconds()) < 5


def test_deliveries_older_than_twelve_hours_are_given_up(group, sanne):
    old = Delivery.objects.create(event=make_event(group), user=sanne, channel=Channel.PUSH)
    Delivery.objects.filter(pk=old.pk).update(created_at=ago(hours=13))

    deliveries_sweep.call_local()

    old.refresh_from_db()
    assert old.status == DeliveryStatus.FAILED and old.error == "expired"


def test_a_dead_worker_on_the_last_attempt_fails_the_delivery(group, sanne, settings):
    settings.DELIVERY_MAX_ATTEMPTS = 1
    delivery = Delivery.objects.create(event=make_event(group), user=sanne, channel=Channel.PUSH)
    outbound.deliveries_claim(ids=[delivery.pk])
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=ago(seconds=settings.DELIVERY_LEASE_SECONDS + 1))

    deliveries_sweep.call_local()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
