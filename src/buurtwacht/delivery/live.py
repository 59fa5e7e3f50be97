"""The live stream: GET /live/ as server-sent events, a lean ASGI route in front of Django in the same process.

Why not a Django view: a StreamingHttpResponse held ~47 KB per open connection and accepted ~500 connections/s;
a stream here costs ~12.5 KB in all, most of it uvicorn's own per-connection state (bench/live_stream.py).

How one stream runs (all in the request's own coroutine; no task, queue or timer per connection):
1. Host check, then the session cookie is checked in a thread (live_auth.authenticate): 401 without a signed-in
   active user, 403 while their second factor is pending.
2. The connection is registered with the hub in buffering mode: live events for its user are kept aside.
3. The response starts (`retry: 3000`); with `Last-Event-ID` (wins) or `?since=N` the events the user missed
   are read from the database (live_auth.missed_events) and sent.
4. The buffer is flushed without the events the replay already sent; from then on the hub writes each event,
   and the global heartbeat, straight to the connection (skipping, for a while, the live messages of events the
   replay sent: an event is committed a moment before it is published, so the replay may be first).
5. Who an event reached is noted in memory and written once a second, in a thread, as the receipt
   (EventRecipient.delivered_at): one UPDATE per event, not one write per stream.
6. The coroutine then only waits for `http.disconnect`, and unregisters. A client that stops reading (its write
   buffer is full) or a hub that must close streams ends the stream by cancelling the coroutine; the browser
   reconnects and replays from its Last-Event-ID.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from buurtwacht.delivery import bus
from buurtwacht.delivery.live_auth import FORBIDDEN, OK, authenticate, missed_events, reached_record
from buurtwacht.delivery.presence import PRESENCE_EVERY, presence_record
from buurtwacht.kit.asgi import host_allowed, request_language, send_json

log = logging.getLogger(__name__)

LIVE_PATH = "/live/"
RETRY_MS = 3000
BUFFER_LIMIT = 64  # live events kept aside while a replay is read; more, and the stream is closed (it replays)
HEARTBEAT = b": ping\n\n"
REPLAYED_SECONDS = 10  # how long the live messages of replayed events are looked out for (they come in ms)

# Session checks and replays read the database off the event loop, each thread with its own connection.
_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="live")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def sse_frame(event_id: int, data: str) -> bytes:
    """One SSE event, of the default type ("message": the kind is in the data, so a new kind of event needs no
    change in any client). `data` is one line of JSON; should it hold a line break anyway, it becomes several
    `data:` lines, which the browser joins with "\\n" again, so the framing holds whatever the text."""
    lines = "".join(f"data: {line}\n" for line in _LINE_BREAK.split(data))
    return f"id: {int(event_id)}\n{lines}\n".encode()


def _body(chunk: bytes, more: bool = True) -> dict:
    return {"type": "http.response.body", "body": chunk, "more_body": more}


_END = _body(b"", more=False)
_HEARTBEAT = _body(HEARTBEAT)


def send_now(send, message: dict) -> bool:
    """Run an ASGI `send` to its end without a task, when it need not wait; False (abandoned) when it would.

    uvicorn's `send` only waits while the socket's write buffer is above its high-water mark, that is while the
    client has stopped reading, and it waits before it writes anything. The hub writes one event to thousands of
    connections this way in one pass, instead of waking a task per connection.
    """
    coroutine = send(message)
    try:
        coroutine.send(None)
    except StopIteration:
        return True
    except Exception:
        log.debug("live stream: send failed", exc_info=True)
        return False
    coroutine.close()
    return False


class Connection:
    __slots__ = ("user_id", "send", "task", "buffer", "replayed", "closed")

    def __init__(self, user_id: int, send, task: asyncio.Task) -> None:
        self.user_id = user_id
        self.send = send
        self.task = task
        # (event id, frame) kept aside until the replay is sent; None once the hub writes straight through.
        self.buffer: list[tuple[int, bytes]] | None = []
        # (until, ids) of the events the replay sent: their live messages may still come (an event is committed a
        # moment before it is published) and are skipped; forgotten at a heartbeat after `until` (loop time).
        self.replayed: tuple[float, set[int]] | None = None
        self.closed = False


class Hub:
    """This process's open streams by user id; receives the bus's messages on the event loop."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.streams: dict[int, list[Connection]] = {}
        self.stopping = False
        self._ticker: asyncio.Task | None = None
        self._subscription: bus.Subscription | None = None
        self._signals: dict[int, object] = {}
        self.reached: dict[int, set[int]] = {}  # event id -> user ids whose open stream it was written to
        self.arrived: set[int] = set()  # users who opened a stream since the last presence write

    # start-up and shut-down ------------------------------------------------------------------------------------

    async def start(self) -> None:
        """At ASGI start-up: receive the bus's messages on this loop, beat the heartbeat, subscribe to Redis."""
        self.ensure_started()
        if self._subscription is not None:
            await self._subscription.wait_ready()
        self._chain_signals()

    def ensure_started(self) -> None:
        """Also called by the first stream, for servers that run no lifespan."""
        loop = asyncio.get_running_loop()
        if self.loop is loop:
            return
        self.loop, self.streams, self.stopping = loop, {}, False
        bus.attach(loop, self.deliver)
        self._ticker = loop.create_task(self._beat(), name="live-heartbeat")
        if settings.REDIS_URL:
            self._subscription = bus.Subscription(deliver=self.deliver, on_gap=self.close_all)
            self._subscription.start()

    async def stop(self) -> None:
        self._restore_signals()
        self.stopping = True
        self.close_all()
        bus.detach(self.deliver)
        if self._subscription is not None:
            await self._subscription.stop()
            self._subscription = None
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
            self._ticker = None
        self.loop = None

    def _chain_signals(self) -> None:
        """uvicorn waits for open responses to finish before it runs the lifespan shut-down, and a live stream never
        finishes by itself. So on the signals uvicorn stops on, the hub first ends its streams (on the loop), then
        calls the handler that was there."""
        if threading.current_thread() is not threading.main_thread() or self._signals:
            return
        loop = self.loop

        for number in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(number)
            if not callable(previous):
                continue

            def handler(signum, frame, previous=previous):
                loop.call_soon_threadsafe(self.shut_down)
                previous(signum, frame)

            self._signals[number] = previous
            signal.signal(number, handler)

    def _restore_signals(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for number, previous in self._signals.items():
                signal.signal(number, previous)
        self._signals = {}

    def shut_down(self) -> None:
        self.stopping = True
        self.close_all()

    # connections ------------------------------------------------------------------------------------------------

    def add(self, connection: Connection) -> None:
        self.streams.setdefault(connection.user_id, []).append(connection)
        self.arrived.add(connection.user_id)

    def remove(self, connection: Connection) -> None:
        connection.closed = True
        streams = self.streams.get(connection.user_id)
        if streams is None:
            return
        try:
            streams.remove(connection)
        except ValueError:
            return
        if not streams:
            del self.streams[connection.user_id]

    def close(self, connection: Connection) -> None:
        """End a stream from outside its coroutine: it sees the cancellation and ends the response."""
        if not connection.closed:
            self.remove(connection)
            connection.task.cancel()

    def close_all(self) -> None:
        for streams in list(self.streams.values()):
            for connection in list(streams):
                self.close(connection)

    def count(self) -> int:
        return sum(len(streams) for streams in self.streams.values())

    # writing -----------------------------------------------------------------------------------------------------

    def deliver(self, event_id: int, kind: str, data: str, user_ids) -> None:
        """Called on the loop (by the bus): write one event to every open stream of `user_ids`."""
        if kind == bus.RECHECK:
            for user_id in user_ids:
                for connection in tuple(self.streams.get(user_id, ())):
                    self.close(connection)
            return
        started = time.perf_counter()
        frame = sse_frame(event_id, data)
        message = _body(frame)
        written = 0
        reached = []
        for user_id in user_ids:
            streams = self.streams.get(user_id)
            if streams:
                reached.append(user_id)
                for connection in tuple(streams):
                    self._write(connection, event_id, frame, message)
                    written += 1
        if reached:
            self.reached.setdefault(event_id, set()).update(reached)
        log.debug("live event %s: %d streams in %.1f ms", event_id, written, (time.perf_counter() - started) * 1000)

    def _write(self, connection: Connection, event_id: int, frame: bytes, message: dict) -> None:
        if connection.replayed is not None and event_id in connection.replayed[1]:
            return
        if connection.buffer is not None:
            if len(connection.buffer) >= BUFFER_LIMIT:
                self.close(connection)
            else:
                connection.buffer.append((event_id, frame))
        elif not send_now(connection.send, message):
            self.close(connection)

    async def _beat(self) -> None:
        """One ticker for all streams: a comment line every LIVE_HEARTBEAT_SECONDS keeps proxies from closing them.

        It ticks every second and beats a different share of the users each time (by user id), so that 10,000
        streams never get their heartbeat in one burst that an alert would have to wait behind. The setting is
        read on every tick: it can be changed while the server runs.
        """
        tick = 0
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(1.0)
            tick += 1
            if self.reached:
                reached, self.reached = self.reached, {}
                loop.run_in_executor(_executor, reached_record, reached)
            if tick % PRESENCE_EVERY == 0:
                self.arrived = set()
                loop.run_in_executor(_executor, presence_record, list(self.streams))
            elif self.arrived:
                arrived, self.arrived = self.arrived, set()
                loop.run_in_executor(_executor, presence_record, arrived)
            now = loop.time()
            interval = max(1, settings.LIVE_HEARTBEAT_SECONDS)
            due = [streams for user_id, streams in self.streams.items() if user_id % interval == tick % interval]
            for streams in due:
                for connection in tuple(streams):
                    if connection.buffer is not None:
                        continue  # still replaying: it gets its data soon
                    if connection.replayed is not None and connection.replayed[0] < now:
                        connection.replayed = None
                    if not send_now(connection.send, _HEARTBEAT):
                        self.close(connection)


hub = Hub()


# the ASGI route ------------------------------------------------------------------------------------------------


class LiveStream:
    """ASGI middleware: serves GET /live/ itself and hands everything else to `app`."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != LIVE_PATH:
            await self.app(scope, receive, send)
            return
        await stream(scope, receive, send)


async def stream(scope, receive, send) -> None:
    headers = dict(scope["headers"])
    if not host_allowed(headers):
        await _refuse(send, 400, "Bad Request (400)")
        return
    language = request_language(headers)
    with translation.override(language):
        if scope["method"] != "GET":
            await _refuse(send, 405, _("Open de live-verbinding met GET."), [(b"allow", b"GET")])
            return
        try:
            since = _since(headers, scope["query_string"])
        except ValueError:
            await _refuse(
                send,
                400,
                _(
                    "Het nummer van de laatst ontvangen gebeurtenis (since of Last-Event-ID) "
                    "moet een geheel getal van 0 of meer zijn."
                ),
            )
            return
        loop = asyncio.get_running_loop()
        hub.ensure_started()
        if hub.stopping:
            await _refuse(send, 503, _("De server start opnieuw op; de verbinding wordt zo hersteld."))
            return
        status, user_id = await loop.run_in_executor(
            _executor, authenticate, headers.get(b"cookie", b"").decode("latin-1")
        )
        if status != OK:
            if status == FORBIDDEN:
                await _refuse(send, 403, _("Log eerst in met uw tweede stap (de code uit uw authenticator-app)."))
            else:
                await _refuse(send, 401, _("Log in om live meldingen te ontvangen."))
            return
    del headers
    await _serve(send, receive, loop, user_id, since)


async def _serve(send, receive, loop, user_id: int, since: int | None) -> None:
    connection = Connection(user_id, send, asyncio.current_task())
    hub.add(connection)
    try:
        await send({"type": "http.response.start", "status": 200, "headers": _STREAM_HEADERS})
        chunk = b"retry: %d\n\n" % RETRY_MS
        sent: set[int] = set()
        if since is not None:
            for event_id, _kind, data in await loop.run_in_executor(_executor, missed_events, user_id, since):
                chunk += sse_frame(event_id, data)
                sent.add(event_id)
                hub.reached.setdefault(event_id, set()).add(user_id)
        await send(_body(chunk))
        while connection.buffer:
            pending, connection.buffer = connection.buffer, []
            chunk = b"".join(frame for event_id, frame in pending if event_id not in sent)
            if chunk:
                await send(_body(chunk))
        connection.buffer = None
        if sent:
            connection.replayed = (loop.time() + REPLAYED_SECONDS, sent)
        del sent, chunk
        while (await receive())["type"] != "http.disconnect":
            pass
    except asyncio.CancelledError:
        # The hub closed this stream (shut-down, a client that stopped reading, a lost Redis subscription), or
        # the server cancelled it. End the response properly when the socket still takes it; returning, rather
        # than raising, spares the server's error log a traceback per stream.
        asyncio.current_task().uncancel()
        send_now(send, _END)
    finally:
        hub.remove(connection)


_STREAM_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"vary", b"Cookie"),
]


def _since(headers: dict[bytes, bytes], query_string: bytes) -> int | None:
    """The id of the last event the client has: `Last-Event-ID` (the browser's reconnect) wins over `?since=`."""
    value = headers.get(b"last-event-id", b"").decode("latin-1").strip()
    if not value:
        value = dict(parse_qsl(query_string.decode("latin-1"))).get("since", "").strip()
    if not value:
        return None
    number = int(value)  # ValueError for anything but digits
    if not 0 <= number < 2**63:  # beyond what a database id holds (SQLite would raise OverflowError)
        raise ValueError(value)
    return number


async def _refuse(send, status: int, detail: str, extra: list | None = None) -> None:
    await send_json(send, status, {"detail": detail}, [(b"cache-control", b"no-store"), *(extra or [])])
