"""Recording what happened in a group and handing it to the channels.

`event_publish` is the one way in: the service that changed something calls it inside its transaction with the
recipients it computed. After commit the event goes to the live streams of `recipient_ids` (through the bus) and
push / e-mail deliveries are queued for `notify_ids`. A failure there never undoes the write: the live stream
replays from the Event table, and queued deliveries are retried.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction

from buurtwacht.delivery.models import Event

log = logging.getLogger(__name__)

CLIENT_KEYS = ("target", "list", "url", "html")


def event_publish(
    *,
    group,
    kind: str,
    payload: dict,
    recipient_ids: Iterable[int],
    notify_ids: Iterable[int] = (),
    alert=None,
    notice=None,
) -> Event:
    event = Event.objects.create(group=group, kind=kind, alert=alert, notice=notice, payload=payload)
    transaction.on_commit(partial(_after_commit, event, sorted(set(recipient_ids)), sorted(set(notify_ids))))
    return event


def client_data(event: Event) -> str:
    """The JSON a live client receives for an event, on one line (safe inside an SSE `data:` field)."""
    data = {"id": event.pk, "kind": event.kind, "group": event.group_id}
    data.update({key: event.payload.get(key) for key in CLIENT_KEYS})
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _after_commit(event: Event, recipient_ids: list[int], notify_ids: list[int]) -> None:
    from buurtwacht.delivery import bus, outbound

    try:
        bus.publish(event_id=event.pk, kind=event.kind, data=client_data(event), user_ids=recipient_ids)
    except Exception:  # the stream replays from the database when the client reconnects
        log.exception("live publish of event %s failed", event.pk)
    if notify_ids:
        try:
            outbound.deliveries_queue(event=event, user_ids=notify_ids)
        except Exception:  # the periodic sweep cannot see rows that were never made: log loudly
            log.exception("queueing deliveries of event %s failed", event.pk)
