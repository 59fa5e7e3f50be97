"""Recording what somebody is told and handing it to the channels.

`event_publish` is the one way in: the service that changed something calls it inside its transaction with the
audience it computed (delivery.audiences). The event and one `EventRecipient` row per person are written in that
transaction, and so are the in-app messages of `notify` (a part of the audience: the author of an alert is not
woken by their own alert) when the payload has an "inbox" text; after commit the event goes to the live streams of
the audience (through the bus), and push and e-mail deliveries are queued for `notify` when it has a "message".
A failure there never undoes the write: the live stream replays from the recipients' rows, and queued deliveries
are retried.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable, Mapping
from functools import partial

from django.db import connection, transaction
from django.db.models import Min

from buurtwacht.delivery import bus, outbound
from buurtwacht.delivery.audiences import Audience
from buurtwacht.delivery.models import Event, EventRecipient

log = logging.getLogger(__name__)

CLIENT_KEYS = ("group", "target", "list", "url", "html")
_ROWS_PER_INSERT = 5000


def event_publish(
    *,
    kind: str,
    audience: Audience,
    payload: dict,
    topic: str = "",
    notify: Iterable[int] = (),
    channels: Mapping[str, Collection[int]] | None = None,
) -> Event:
    """Record an event for `audience` (in the caller's transaction) and deliver it after commit: live to all of
    the audience, by push, e-mail and in-app message to those of `notify` who are in it (push and e-mail by their
    settings, or by `channels` when the service chose them: see outbound.deliveries_queue)."""
    event = Event.objects.create(kind=kind, topic=topic, audience=audience.name, payload=payload)
    recipients = sorted(audience.user_ids)
    _recipients_insert(event.pk, recipients)
    notify_ids = sorted(set(notify) & audience.user_ids)
    if notify_ids and "inbox" in payload:  # the in-app message is part of the change: written with it
        outbound.inbox_deliver(event=event, user_ids=notify_ids)
    transaction.on_commit(partial(_after_commit, event, recipients, notify_ids, channels))
    return event


def _recipients_insert(event_id: int, user_ids: list[int]) -> None:
    """One row per recipient, written with executemany rather than bulk_create: for 10,000 members of a group
    the ORM's model instances cost ~200 ms in the poster's request (bench/live_stream.py), plain rows a tenth."""
    table = connection.ops.quote_name(EventRecipient._meta.db_table)
    sql = f"INSERT INTO {table} (event_id, user_id) VALUES (%s, %s)"  # noqa: S608 - the table name is the model's
    with connection.cursor() as cursor:
        for start in range(0, len(user_ids), _ROWS_PER_INSERT):
            cursor.executemany(sql, [(event_id, user_id) for user_id in user_ids[start : start + _ROWS_PER_INSERT]])


def client_data(event: Event) -> str:
    """The JSON a live client receives for an event, on one line (safe inside an SSE `data:` field)."""
    data = {"id": event.pk, "kind": event.kind}
    data.update({key: event.payload.get(key) for key in CLIENT_KEYS})
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def events_delete(*, topics: Iterable[str], keep_kind: str = "") -> int:
    """Delete the events about these subjects (an alert anonymised or deleted, a notice expired), with their
    recipients and deliveries: what the live stream could replay of them goes too. With `keep_kind`, the first
    event of that kind of each subject stays (it holds the receipts). Returns how many events went."""
    topics = list(topics)
    if not topics:
        return 0
    events = Event.objects.filter(topic__in=topics)
    if keep_kind:
        first = events.filter(kind=keep_kind).values("topic").annotate(first=Min("pk")).values("first")
        events = events.exclude(pk__in=first)
    _total, by_model = events.delete()
    return by_model.get(Event._meta.label, 0)


def _after_commit(event: Event, recipient_ids: list[int], notify_ids: list[int], channels=None) -> None:
    try:
        bus.publish(event_id=event.pk, kind=event.kind, data=client_data(event), user_ids=recipient_ids)
    except Exception:  # the stream replays from the database when the client reconnects
        log.exception("live publish of event %s failed", event.pk)
    if notify_ids:
        try:
            outbound.deliveries_queue(event=event, user_ids=notify_ids, channels=channels)
        except Exception:  # the periodic sweep cannot see rows that were never made: log loudly
            log.exception("queueing deliveries of event %s failed", event.pk)
