"""The event bus: in-process by default, Redis pub/sub with REDIS_URL (a real Redis; see tests.servers)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from buurtwacht.delivery import bus
from tests.servers import redis_url_or_skip


class LoopThread:
    """An event loop in a thread, like a server's, that records what the bus hands to it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.received: list[tuple[int, str, str, list[int]]] = []
        self.arrived = threading.Condition()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def deliver(self, event_id: int, kind: str, data: str, user_ids) -> None:
        assert threading.current_thread() is self.thread  # always on the hub's loop
        with self.arrived:
            self.received.append((event_id, kind, data, list(user_ids)))
            self.arrived.notify_all()

    def wait_for(self, count: int, seconds: float = 10) -> list:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.received) >= count, timeout=seconds):
                raise AssertionError(f"{len(self.received)} of {count} messages arrived")
            return list(self.received)

    def run(self, coroutine, seconds: float = 10):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(seconds)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture
def hub_loop() -> Iterator[LoopThread]:
    loop = LoopThread()
    yield loop
    bus.detach(loop.deliver)
    loop.stop()


# --- in-process ---------------------------------------------------------------------------------------------------


def test_in_process_the_hub_of_this_process_gets_the_message(settings, hub_loop):
    settings.REDIS_URL = ""
    bus.attach(hub_loop.loop, hub_loop.deliver)
    bus.publish(event_id=5, kind="alert", data='{"id":5}', user_ids=[1, 2])
    assert hub_loop.wait_for(1) == [(5, "alert", '{"id":5}', [1, 2])]


def test_in_process_messages_arrive_in_the_order_they_were_published(settings, hub_loop):
    settings.REDIS_URL = ""
    bus.attach(hub_loop.loop, hub_loop.deliver)
    for event_id in range(1, 51):
        bus.publish(event_id=event_id, kind="reaction", data="{}", user_ids=[1])
    assert [message[0] for message in hub_loop.wait_for(50)] == list(range(1, 51))


def test_without_a_hub_in_this_process_publishing_does_nothing(settings):
    settings.REDIS_URL = ""
    bus.publish(event_id=6, kind="alert", data="{}", user_ids=[1])  # a worker or command: no error


def test_a_hub_that_stopped_is_not_called(settings, hub_loop):
    settings.REDIS_URL = ""
    bus.attach(hub_loop.loop, hub_loop.deliver)
    bus.detach(hub_loop.deliver)
    bus.publish(event_id=7, kind="alert", data="{}", user_ids=[1])
    bus.attach(hub_loop.loop, hub_loop.deliver)
    bus.publish(event_id=8, kind="alert", data="{}", user_ids=[1])
    assert [message[0] for message in hub_loop.wait_for(1)] == [8]


# --- Redis --------------------------------------------------------------------------------------------------------


@contextmanager
def subscribed(hub_loop: LoopThread, *, client_name: str = "") -> Iterator[bus.Subscription]:
    gaps: list[float] = []
    subscription = hub_loop.run(_start(hub_loop, gaps, client_name))
    subscription.gaps = gaps
    try:
        yield subscription
    finally:
        hub_loop.run(subscription.stop())


async def _start(hub_loop: LoopThread, gaps: list, client_name: str) -> bus.Subscription:
    subscription = bus.Subscription(
        deliver=hub_loop.deliver, on_gap=lambda: gaps.append(time.monotonic()), client_name=client_name
    )
    subscription.start()
    await subscription.wait_ready()
    assert subscription.ready.is_set()
    return subscription


def test_with_redis_a_subscribed_process_gets_the_message(settings, hub_loop):
    settings.REDIS_URL = redis_url_or_skip()
    with subscribed(hub_loop):
        bus.publish(event_id=11, kind="alert", data='{"id":11,"html":{"nl":"<p>\\n</p>"}}', user_ids=[3, 4])
        assert hub_loop.wait_for(1) == [(11, "alert", '{"id":11,"html":{"nl":"<p>\\n</p>"}}', [3, 4])]


def test_with_redis_the_message_is_one_json_object_on_the_databases_channel(settings):
    import redis

    settings.REDIS_URL = redis_url_or_skip()
    listener = redis.Redis.from_url(settings.REDIS_URL).pubsub(ignore_subscribe_messages=True)
    listener.subscribe(bus.channel())
    try:
        listener.get_message(timeout=1)
        bus.publish(event_id=12, kind="closed", data="{}", user_ids=[9])
        message = None
        deadline = time.monotonic() + 10
        while message is None and time.monotonic() < deadline:
            message = listener.get_message(timeout=1)
        assert json.loads(message["data"]) == {"id": 12, "kind": "closed", "data": "{}", "users": [9]}
        assert settings.DATABASES["default"]["NAME"] in bus.channel()
    finally:
        listener.close()


def test_when_redis_is_unreachable_publishing_logs_and_still_reaches_this_process(settings, hub_loop, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    bus.attach(hub_loop.loop, hub_loop.deliver)
    bus.publish(event_id=13, kind="alert", data="{}", user_ids=[1])
    assert hub_loop.wait_for(1)[0][0] == 13
    assert "publishing on Redis failed" in caplog.text


def test_a_lost_subscription_comes_back_and_reports_the_gap(settings, hub_loop):
    """Messages published while it was gone are lost to this process: the hub is told, and closes its streams
    so that their browsers replay from the database."""
    import uuid

    import redis

    settings.REDIS_URL = redis_url_or_skip()
    name = f"buurtwacht-test-{uuid.uuid4().hex[:8]}"
    admin = redis.Redis.from_url(settings.REDIS_URL)
    with subscribed(hub_loop, client_name=name) as subscription:
        killed = admin.client_kill_filter(_id=_client_id(admin, name))
        assert killed == 1
        deadline = time.monotonic() + 15
        while not subscription.gaps and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(subscription.gaps) == 1
        bus.publish(event_id=14, kind="alert", data="{}", user_ids=[1])
        assert hub_loop.wait_for(1)[0][0] == 14


def _client_id(admin, name: str) -> str:
    return next(client["id"] for client in admin.client_list() if client.get("name") == name)
