"""Reads of delivery: where a page's live stream starts, and the receipts of a subject."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q

from buurtwacht.delivery.models import AlertMail, EventRecipient, PushSubscription

_CHUNK = 2000


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


def reachable_by(user_ids) -> tuple[set[int], set[int]]:
    """Of these people: who can get a push message (a device subscribed) and who an e-mail (an active account with
    a confirmed address that did not say "never")."""
    ids = sorted(set(user_ids))
    push: set[int] = set()
    email: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        push.update(PushSubscription.objects.filter(user_id__in=chunk).values_list("user_id", flat=True))
        email.update(
            get_user_model()
            .objects.filter(pk__in=chunk, is_active=True, email_verified_at__isnull=False)
            .exclude(alert_mail=AlertMail.NEVER)
            .exclude(email="")
            .values_list("pk", flat=True)
        )
    return push, email
