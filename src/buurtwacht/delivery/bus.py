"""The event bus: hands a committed event to the live streams of its recipients, in every server process.

Two adapters, one interface (`publish`), chosen by the environment:
- embedded default (no REDIS_URL): in-process. The live hub of this process registers its event loop at ASGI
  start-up (`attach`); `publish` passes the message to it with `loop.call_soon_threadsafe`. Without a hub in this
  process (a management command, a worker) publishing does nothing: streams replay from the database when their
  browser reconnects.
- REDIS_URL: one JSON message on a Redis pub/sub channel. Every server process holds ONE subscription
  (`Subscription`, redis.asyncio) and fans the message out in memory to the connections it holds.

`publish` is called from sync code (views, on-commit hooks, Huey workers) and never raises: the write that caused
the event is committed already, and a live stream that missed a message gets it back by replay.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable

import redis
import redis.asyncio
from django.conf import settings
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff

log = logging.getLogger(__name__)

# deliver(event_id, kind, data, user_ids) runs on the hub's event loop.
Deliver = Callable[[int, str, str, Iterable[int]], None]

_local: tuple[asyncio.AbstractEventLoop, Deliver] | None = None
_pools: dict[str, redis.ConnectionPool] = {}
_pool_lock = threading.Lock()


def channel() -> str:
    """One channel per database: processes that share a database share events, others (a second installation,
    a parallel test run on the same Redis) never see them. Pub/sub ignores Redis' database number."""
    return f"buurtwacht:live:{settings.DATABASES['default']['NAME']}"


def attach(loop: asyncio.AbstractEventLoop, deliver: Deliver) -> None:
    """The live hub of this process receives in-process messages on `loop` (called at ASGI start-up)."""
    global _local
    _local = (loop, deliver)


def detach(deliver: Deliver) -> None:
    global _local
    if _local is not None and _local[1] == deliver:
        _local = None


# A message of this kind is no event: it tells the hubs to close these users' streams. Their pages reconnect at
# once (with Last-Event-ID, so nothing is missed) and are authenticated again: after signing out, a password
# change or a deactivated account, the stream that was opened before does not go on.
RECHECK = "recheck"


def streams_recheck(user_ids: list[int]) -> None:
    """Close the open live streams of these users in every process (they reconnect and sign in again)."""
    publish(event_id=0, kind=RECHECK, data="", user_ids=user_ids)


def publish(*, event_id: int, kind: str, data: str, user_ids: list[int]) -> None:
    """Send event `event_id` (`data`: the client's JSON, `kind`: the SSE event name) to the live streams of
    `user_ids`. Call it after commit: a stream that gets the message may replay the event from the database."""
    if settings.REDIS_URL:
        message = json.dumps({"id": event_id, "kind": kind, "data": data, "users": list(user_ids)})
        try:
            redis.Redis(connection_pool=_redis_pool()).publish(channel(), message)
            return
        except redis.RedisError:
            # This process's own streams still get it. The other processes' streams get it by replay when they
            # reconnect: a Redis that fails breaks their subscriptions too, and then the hubs close their streams.
            log.exception("live event %s: publishing on Redis failed", event_id)
    _publish_local(event_id, kind, data, list(user_ids))


def _publish_local(event_id: int, kind: str, data: str, user_ids: list[int]) -> None:
    local = _local
    if local is None:
        log.debug("live event %s: no live hub in this process", event_id)
        return
    loop, deliver = local
    try:
        loop.call_soon_threadsafe(deliver, event_id, kind, data, user_ids)
    except RuntimeError:  # the loop closed while the process shuts down
        log.debug("live event %s: the live hub has stopped", event_id)


def _redis_pool() -> redis.ConnectionPool:
    """One pool per process (redis-py makes a forked child its own) and URL."""
    url = settings.REDIS_URL
    with _pool_lock:
        if url not in _pools:
            # Short timeouts: a Redis that hangs must not hold up the request that published.
            _pools[url] = redis.ConnectionPool.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        return _pools[url]


class Subscription:
    """This process's one subscription to the Redis channel; each message is handed to `deliver`.

    When the subscription breaks, messages published meanwhile are lost to it: once it is back, `on_gap` runs,
    and the hub closes its streams so that their browsers reconnect and replay what they missed.
    """

    RETRY_SECONDS = (0.5, 1, 2, 5)

    def __init__(self, *, deliver: Deliver, on_gap: Callable[[], None], client_name: str = "") -> None:
        self.deliver = deliver
        self.client_name = client_name or f"buurtwacht-live-{os.getpid()}"  # in Redis' CLIENT LIST
        self.on_gap = on_gap
        self.ready = asyncio.Event()
        self.task: asyncio.Task | None = None

    def start(self) -> None:
        """Subscribe in the background, on the running loop. A Redis that is down is retried (and logged)."""
        self.task = asyncio.get_running_loop().create_task(self._run(), name="live-subscription")

    async def wait_ready(self, wait: float = 5.0) -> None:
        """Wait up to `wait` seconds for the first subscription, so that a server that answers requests also hears
        events; later, the subscription keeps trying in the background."""
        try:
            await asyncio.wait_for(self.ready.wait(), wait)
        except TimeoutError:
            log.error("live stream: no Redis subscription after %.0f s; retrying in the background", wait)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None

    async def _run(self) -> None:
        name = channel()
        failures = 0
        while True:
            # No retries inside redis-py: it would resubscribe silently, and the gap would go unnoticed.
            client = redis.asyncio.Redis.from_url(
                settings.REDIS_URL,
                socket_connect_timeout=2,
                client_name=self.client_name,
                retry=AsyncRetry(NoBackoff(), 0),
            )
            try:
                async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(name)
                    if failures:
                        log.warning("live stream: Redis subscription restored")
                        self.on_gap()
                    failures = 0
                    self.ready.set()
                    async for message in pubsub.listen():
                        self._handle(message)
            except (redis.RedisError, OSError):
                delay = self.RETRY_SECONDS[min(failures, len(self.RETRY_SECONDS) - 1)]
                if failures == 0:
                    log.exception("live stream: Redis subscription lost; retrying")
                failures += 1
                await asyncio.sleep(delay)
            finally:
                await client.aclose()

    def _handle(self, message: dict) -> None:
        if message.get("type") != "message":
            return
        try:
            body = json.loads(message["data"])
            self.deliver(int(body["id"]), str(body["kind"]), str(body["data"]), body["users"])
        except Exception:  # one bad message must not end the subscription
            log.exception("live stream: could not deliver a message from Redis")
