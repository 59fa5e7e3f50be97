"""WhatsApp status callbacks into the Delivery rows and the receipts (delivery/whatsapp.py sends).

Statuses only move forward: sent < delivered < read. A callback that arrives late ('delivered' after 'read') or
twice changes nothing. 'failed' counts only while the message has not been delivered. 'delivered' sets the
person's receipt (`EventRecipient.delivered_at`) as a push service or mail server taking a message does; 'read'
sets it seen (`seen_at`) as opening the message page does, so the police console's receipts count them.
Unknown ids (another system's messages, a row removed by retention) are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus, EventRecipient

RANK = {"": 0, "failed": 0, "sent": 1, "delivered": 2, "read": 3}


def _when(raw) -> dt.datetime:
    try:
        moment = dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return timezone.now()
    return min(moment, timezone.now())


def whatsapp_statuses_record(*, statuses: Iterable[dict]) -> int:
    """Take the `statuses[]` of WhatsApp webhooks; returns how many moved a delivery forward."""
    moved = 0
    for status in statuses:
        wamid, name = str(status.get("id") or ""), str(status.get("status") or "")
        if not wamid or name not in RANK or not name:
            continue
        with transaction.atomic():
            moved += _record(wamid, name, _when(status.get("timestamp")), status)
    return moved


def _record(wamid: str, name: str, when: dt.datetime, status: dict) -> int:
    rows = Delivery.objects.select_for_update().filter(channel=Channel.WHATSAPP, external_id=wamid)
    delivery = rows.first()
    if delivery is None:
        return 0
    current = delivery.external_status
    if name == "failed":
        if RANK[current] >= RANK["delivered"] or current == "failed":
            return 0
        errors = status.get("errors") or [{}]
        error = f"WhatsApp: {errors[0].get('title') or errors[0].get('message') or 'failed'}"
        rows.update(status=DeliveryStatus.FAILED, external_status="failed", error=error[:300])
        return 1
    if RANK[name] <= RANK[current] and current != "failed":
        return 0
    changes: dict = {"external_status": name, "error": ""}
    if name == "read":
        changes.update(status=DeliveryStatus.SEEN, seen_at=when)
    elif delivery.status != DeliveryStatus.SEEN:
        changes["status"] = DeliveryStatus.SENT
    if delivery.sent_at is None:
        changes["sent_at"] = when
    rows.update(**changes)
    if delivery.user_id is not None and name in ("delivered", "read"):
        mine = EventRecipient.objects.filter(event_id=delivery.event_id, user_id=delivery.user_id)
        mine.filter(Q(delivered_at=None) | Q(delivered_at__gt=when)).update(delivered_at=when)
        if name == "read":
            mine.filter(seen_at=None).update(seen_at=when)
    return 1
