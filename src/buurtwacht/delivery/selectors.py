"""Reads of delivery: where a page's live stream starts, and the receipts of a subject."""

from __future__ import annotations

from django.db.models import Count, Max, Q

from buurtwacht.delivery.models import EventRecipient


def last_event_id(user) -> int:
    """Where a page's live stream starts for `user`: events after this one are new to the page."""
    return EventRecipient.objects.filter(user=user).aggregate(last=Max("event_id"))["last"] or 0


def receipts(*, event_id: int, exclude_user_ids=()) -> dict:
    """{"recipients", "delivered", "seen"} of one event: how many people it was for, how many it reached on any
    channel (a push service or mail server took it, or they opened it) and how many saw it."""
    rows = EventRecipient.objects.filter(event_id=event_id).exclude(user_id__in=list(exclude_user_ids))
    return rows.aggregate(
        recipients=Count("pk"),
        delivered=Count("pk", filter=Q(delivered_at__isnull=False)),
        seen=Count("pk", filter=Q(seen_at__isnull=False)),
    )
