"""Web Push: encrypted messages handed to the browsers' push services.

Protocols: RFC 8030 (the push service), RFC 8291 (message encryption, aes128gcm, done by pywebpush and http_ece),
RFC 8292 (VAPID, see vapid.py: a signed JWT per push service origin, so the service knows who sends).

Sending: one event-loop thread per process keeps a keep-alive aiohttp session to the push services. A batch is sent
concurrently, and each outcome is handed back to the calling worker thread as soon as it is known, so that a
worker killed mid-batch has already recorded what was acknowledged (see outbound.py for the states).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import email.utils
import json
import logging
import os
import queue
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

import aiohttp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from pywebpush import WebPusher

from buurtwacht.delivery import outbound
from buurtwacht.delivery.models import PushSubscription
from buurtwacht.delivery.outbound import Claim
from buurtwacht.delivery.vapid import vapid_headers

logger = logging.getLogger(__name__)

TTL_SECONDS = 12 * 60 * 60  # a push service keeps an undelivered alert this long (phone switched off)
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=30, connect=10)
CONCURRENCY = 200  # requests in flight per batch
CONNECTIONS_PER_HOST = 100
RECORD_EVERY = 0.05  # seconds: outcomes are written to the database in groups, at least this often
MAX_PAYLOAD_BYTES = 3000  # RFC 8291 allows 3993 bytes of plaintext; stay well below
URGENCY = {"alert": "high", "reaction": "high", "police": "high", "police-update": "high"}  # others: "normal"


# --- Sending ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushMessage:
    key: Hashable  # the caller's handle on the outcome
    endpoint: str
    p256dh: str
    auth: str
    data: bytes
    ttl: int = TTL_SECONDS
    urgency: str = "normal"
    topic: str = ""


@dataclass(frozen=True)
class PushOutcome:
    key: Hashable
    status: int | None  # HTTP status, None when the request did not get an answer
    error: str = ""
    retry_after: float | None = None
    broken: bool = False  # the subscription's keys could not be used

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        """The subscription no longer exists (RFC 8030 section 7.3): delete it."""
        return self.status in (404, 410)

    @property
    def transient(self) -> bool:
        """Worth trying again later: no answer, too many requests, or a server error."""
        if self.broken:
            return False
        return self.status is None or self.status in (408, 425, 429) or self.status >= 500


def topic_of(tag: str) -> str:
    """RFC 8030 Topic: at most 32 characters of the base64url alphabet."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", tag or "")[:32]


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
        return max(0.0, (moment - timezone.now()).total_seconds())
    except (TypeError, ValueError):
        return None


class _Sender:
    """One event loop thread per process, with one keep-alive aiohttp session for all push services."""

    def __init__(self):
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid: int | None = None
        self._session: aiohttp.ClientSession | None = None

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                self._loop = _new_loop()
                self._pid = os.getpid()
                self._session = None
                thread = threading.Thread(target=self._loop.run_forever, name="webpush-sender", daemon=True)
                thread.start()
                atexit.register(self.close)
            return self._loop

    def close(self) -> None:
        """Close the session's connections (at exit)."""
        loop, session = self._loop, self._session
        if loop is None or session is None or self._pid != os.getpid() or not loop.is_running():
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(session.close(), loop).result(2)

    def session(self) -> aiohttp.ClientSession:
        # Only called on the loop's own thread.
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=CONNECTIONS_PER_HOST * 4, limit_per_host=CONNECTIONS_PER_HOST, ttl_dns_cache=300
            )
            self._session = aiohttp.ClientSession(connector=connector, timeout=REQUEST_TIMEOUT)
        return self._session

    async def send_all(self, messages: list[PushMessage], results: queue.SimpleQueue) -> None:
        session = self.session()
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(message: PushMessage) -> None:
            async with gate:
                try:
                    outcome = await _send_one(session, message)
                except Exception as exc:  # every message gets an outcome, whatever went wrong (VAPID settings...)
                    logger.exception("Push message %s could not be sent", message.key)
                    outcome = PushOutcome(message.key, None, f"{type(exc).__name__}: {exc}"[:300])
            results.put(outcome)

        await asyncio.gather(*(one(message) for message in messages))


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


_sender = _Sender()


class _NoRedirects:
    """The session as pywebpush sees it: a push service answers, it never redirects, and following a redirect
    could send our request to an address inside our own network."""

    def __init__(self, session: aiohttp.ClientSession):
        self.session = session

    def post(self, url: str, **kwargs):
        return self.session.post(url, allow_redirects=False, **kwargs)


async def _send_one(session: aiohttp.ClientSession, message: PushMessage) -> PushOutcome:
    info = {"endpoint": message.endpoint, "keys": {"p256dh": message.p256dh, "auth": message.auth}}
    headers = {**vapid_headers(message.endpoint), "Urgency": message.urgency}
    if message.topic:
        headers["Topic"] = message.topic
    try:
        pusher = WebPusher(info, aiohttp_session=_NoRedirects(session))
        request = pusher.send_async(
            message.data, headers, ttl=message.ttl, content_encoding="aes128gcm", timeout=REQUEST_TIMEOUT
        )
    except Exception as exc:  # unusable keys: pywebpush raises several kinds
        return PushOutcome(message.key, None, f"unusable subscription keys: {exc}"[:300], broken=True)
    try:
        response = await request
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        return PushOutcome(message.key, None, f"{type(exc).__name__}: {exc}"[:300])
    except ValueError as exc:  # http_ece refuses a key that is not a point on the curve
        return PushOutcome(message.key, None, f"unusable subscription keys: {exc}"[:300], broken=True)
    status = response.status
    error = "" if 200 <= status < 300 else f"{status} {response.reason or ''}".strip()
    return PushOutcome(message.key, status, error, _retry_after(response.headers.get("Retry-After")))


def push_many(messages: Iterable[PushMessage], on_outcomes: Callable[[list[PushOutcome]], None]) -> None:
    """Send `messages` concurrently; call `on_outcomes` in this thread with each group of outcomes as they arrive
    (every message gets exactly one outcome)."""
    messages = list(messages)
    if not messages:
        return
    results: queue.SimpleQueue = queue.SimpleQueue()
    future = asyncio.run_coroutine_threadsafe(_sender.send_all(messages, results), _sender.loop())
    remaining = len(messages)
    wait = REQUEST_TIMEOUT.total + 30
    while remaining:
        try:
            chunk = [results.get(timeout=wait)]
        except queue.Empty:
            logger.error("Push sender gave no outcome for %s messages; they are retried after the lease", remaining)
            future.cancel()
            return
        # Collect for a moment before recording: recording each outcome alone would take the GIL from the sending
        # thread hundreds of times a second.
        flush_at = time.monotonic() + RECORD_EVERY
        while len(chunk) < remaining:
            left = flush_at - time.monotonic()
            try:
                chunk.append(results.get(timeout=left) if left > 0 else results.get_nowait())
            except queue.Empty:
                break
        remaining -= len(chunk)
        on_outcomes(chunk)
    future.result()


# --- Deliveries -------------------------------------------------------------------------------------------------


def push_payload(event, language: str) -> bytes:
    """{title, body, url, tag} in the recipient's language (Dutch when the event has no text in theirs)."""
    payload = event.payload or {}
    messages = payload.get("message") or {}
    text = messages.get(language) or messages.get(settings.LANGUAGE_CODE) or {}
    data = {
        "title": (text.get("title") or "Buurtwacht")[:200],
        "body": text.get("body") or "",
        "url": payload.get("url") or "/",
        "tag": payload.get("tag") or "",
    }
    encoded = json.dumps(data, ensure_ascii=False).encode()
    while len(encoded) > MAX_PAYLOAD_BYTES and data["body"]:
        data["body"] = data["body"][: max(0, len(data["body"]) - (len(encoded) - MAX_PAYLOAD_BYTES) - 1)] + "…"
        data["body"] = data["body"] if len(data["body"]) > 1 else ""
        encoded = json.dumps(data, ensure_ascii=False).encode()
    return encoded


@dataclass
class _Batch:
    """Outcomes of one batch of push deliveries, per delivery, until every subscription of it has answered."""

    deliveries: dict[int, Claim]
    pending: dict[int, set[int]]
    outcomes: dict[int, list[tuple[int, PushOutcome]]] = field(default_factory=lambda: defaultdict(list))

    def record(self, chunk: list[PushOutcome]) -> None:
        finished: list[int] = []
        worked: list[int] = []
        gone: list[int] = []
        for outcome in chunk:
            delivery_id, subscription_id = outcome.key
            self.outcomes[delivery_id].append((subscription_id, outcome))
            self.pending[delivery_id].discard(subscription_id)
            if outcome.ok:
                worked.append(subscription_id)
            elif outcome.gone:
                gone.append(subscription_id)
            if not self.pending[delivery_id]:
                finished.append(delivery_id)
        with transaction.atomic():
            if worked:
                PushSubscription.objects.filter(pk__in=worked).update(last_success_at=timezone.now())
            if gone:
                PushSubscription.objects.filter(pk__in=gone).delete()
            self._settle(finished)

    def _settle(self, finished: list[int]) -> None:
        sent: list[int] = []
        failed: dict[str, list[Claim]] = defaultdict(list)
        retry: dict[float | None, list[Claim]] = defaultdict(list)
        retry_only: dict[int, list[int]] = {}
        unsubscribed: list[Claim] = []
        for delivery_id in finished:
            delivery = self.deliveries[delivery_id]
            results = self.outcomes.pop(delivery_id)
            again = [(sid, o) for sid, o in results if o.transient]
            worked = any(o.ok for _sid, o in results)
            if again and not (worked and delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS):
                delays = [o.retry_after for _sid, o in again if o.retry_after is not None]
                retry[max(delays) if delays else None].append(delivery)
                retry_only[delivery_id] = [sid for sid, _o in again]
                delivery.error = again[0][1].error
            elif worked:
                sent.append(delivery_id)
            else:
                failed[results[0][1].error or "push failed"].append(delivery)
                if all(o.gone for _sid, o in results):
                    unsubscribed.append(delivery)
        outbound.deliveries_sent(ids=sent)
        for error, deliveries in failed.items():
            outbound.deliveries_fail(deliveries=deliveries, error=error)
        for retry_after, deliveries in retry.items():
            only = {d.pk: retry_only[d.pk] for d in deliveries}
            outbound.deliveries_retry(
                deliveries=deliveries, error=deliveries[0].error, retry_after=retry_after, only=only
            )
        if unsubscribed:
            _mail_instead(unsubscribed)


def _mail_instead(deliveries: list[Claim]) -> None:
    """Members whose every subscription is gone get the e-mail they chose for "no push" (after this commit)."""
    by_event: dict[int, list[int]] = defaultdict(list)
    events = {}
    for delivery in deliveries:
        by_event[delivery.event_id].append(delivery.user_id)
        events[delivery.event_id] = delivery.event

    def queue_mail() -> None:
        for event_id, user_ids in by_event.items():
            outbound.deliveries_queue(event=events[event_id], user_ids=user_ids)

    transaction.on_commit(queue_mail)


def deliveries_push(deliveries: list[Claim], *, only: dict[int, list[int]] | None = None) -> None:
    """Send claimed push deliveries to every subscription of their members (or, on a retry, to those in `only`:
    the subscriptions that did not take the message yet), recording outcomes as they arrive."""
    subscriptions: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
    rows = PushSubscription.objects.filter(user_id__in={d.user_id for d in deliveries}).order_by("pk")
    for pk, user_id, endpoint, p256dh, auth in rows.values_list("pk", "user_id", "endpoint", "p256dh", "auth"):
        subscriptions[user_id].append((pk, endpoint, p256dh, auth))
    messages: list[PushMessage] = []
    pending: dict[int, set[int]] = {}
    without: list[Claim] = []
    payloads: dict[tuple[int, str], bytes] = {}
    for delivery in deliveries:
        targets = subscriptions.get(delivery.user_id, [])
        if only and delivery.pk in only:
            wanted = set(only[delivery.pk])
            targets = [t for t in targets if t[0] in wanted]
        if not targets:
            without.append(delivery)
            continue
        language = delivery.user.language or settings.LANGUAGE_CODE
        data = payloads.get((delivery.event_id, language))
        if data is None:
            data = payloads[(delivery.event_id, language)] = push_payload(delivery.event, language)
        urgency = URGENCY.get(delivery.event.kind, "normal")
        topic = topic_of((delivery.event.payload or {}).get("tag", ""))
        pending[delivery.pk] = {t[0] for t in targets}
        for subscription_id, endpoint, p256dh, auth in targets:
            messages.append(
                PushMessage(
                    key=(delivery.pk, subscription_id),
                    endpoint=endpoint,
                    p256dh=p256dh,
                    auth=auth,
                    data=data,
                    urgency=urgency,
                    topic=topic,
                )
            )
    if without:
        with transaction.atomic():
            outbound.deliveries_fail(deliveries=without, error="no push subscription left")
            _mail_instead(without)
    batch = _Batch(deliveries={d.pk: d for d in deliveries if d.pk in pending}, pending=pending)
    push_many(messages, batch.record)
