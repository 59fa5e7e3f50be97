"""Helpers of the live-stream tests: a server-sent-events client (httpx streaming, parsed as a browser's
EventSource would), real sessions as cookies, and event rows published on the bus."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.test import Client


@dataclass
class Message:
    """One dispatched SSE block: an event (id, event, data), a `retry:` line, or a comment (the heartbeat)."""

    id: int | None = None
    event: str | None = None
    data: str | None = None
    retry: int | None = None
    comment: str | None = None

    @property
    def json(self) -> dict:
        return json.loads(self.data)


def session_cookie(user, *, second_factor: bool = False) -> str:
    """A real session for `user` in the test database, as a Cookie header value."""
    from tests.factories import login_with_second_factor

    client = Client()
    if second_factor:
        login_with_second_factor(client, user)
    else:
        client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class EventStream:
    """`with EventStream(base_url, cookie=...) as stream:` opens GET /live/; `stream.next_event()` reads on.

    Reads block at most `timeout` seconds (httpx raises ReadTimeout), so a missing event fails the test
    instead of hanging it.
    """

    def __init__(
        self,
        base_url: str,
        *,
        cookie: str | None = None,
        last_event_id: int | str | None = None,
        since: int | str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 10,
    ) -> None:
        self.headers = {"accept": "text/event-stream", **(headers or {})}
        if cookie:
            self.headers["cookie"] = cookie
        if last_event_id is not None:
            self.headers["last-event-id"] = str(last_event_id)
        self.params = {"since": str(since)} if since is not None else {}
        self.client = httpx.Client(base_url=base_url, timeout=httpx.Timeout(timeout, connect=5))
        self.response: httpx.Response | None = None
        self._lines = None

    def __enter__(self) -> EventStream:
        self.response = self.client.send(
            self.client.build_request("GET", "/live/", headers=self.headers, params=self.params), stream=True
        )
        self._lines = self.response.iter_lines()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.response is not None:
            self.response.close()
        self.client.close()

    @property
    def status_code(self) -> int:
        return self.response.status_code

    def body(self) -> dict:
        self.response.read()
        return self.response.json()

    def next(self) -> Message:
        """The next block, as the browser would split it (a blank line ends it)."""
        message = Message()
        seen = False
        for line in self._lines:
            if line == "":
                if seen:
                    return message
                continue
            seen = True
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "":
                message.comment = value
            elif name == "id":
                message.id = int(value)
            elif name == "event":
                message.event = value
            elif name == "data":
                message.data = value if message.data is None else message.data + "\n" + value
            elif name == "retry":
                message.retry = int(value)
        raise EOFError("the stream ended")

    def next_event(self) -> Message:
        """The next event, skipping `retry:` and heartbeat comments."""
        while True:
            message = self.next()
            if message.id is not None or message.data is not None:
                return message

    def events(self, count: int) -> list[Message]:
        return [self.next_event() for _ in range(count)]


_numbers = itertools.count(1)


def make_event(group, *, html: str = "", kind: str = "alert", target: str = ""):
    """An Event row shaped as the alert services write it (committed at once outside a transaction)."""
    from tests.factories import group_event

    number = next(_numbers)
    html = html or f"<article id=alert-{number}>Melding {number}</article>"
    return group_event(
        group,
        kind=kind,
        payload={
            "target": target or f"alert-{number}",
            "list": "alerts",
            "url": f"/groepen/{group.slug}/meldingen/{number}/",
            "html": {"nl": html, "en": html},
            "message": {"nl": {"title": "Melding", "body": "", "text": ""}},
            "tag": f"alert-{number}",
        },
    )


def publish(event, recipients) -> None:
    """What delivery.services does after commit: the event's client data to the streams of `recipients`."""
    from buurtwacht.delivery import bus
    from buurtwacht.delivery.services import client_data

    bus.publish(event_id=event.pk, kind=event.kind, data=client_data(event), user_ids=[user.pk for user in recipients])


def record(group, recipients, **fields):
    """Make an event row, then publish it to `recipients`."""
    event = make_event(group, **fields)
    publish(event, recipients)
    return event
