"""Who has a live page open now, across all processes: each process's hub writes the users of its open streams
every PRESENCE_EVERY seconds (and a newly connected user within a second), in one upsert; "online" is a stamp
younger than PRESENCE_FRESH. The police composer counts with it how many people a message reaches at once."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import close_old_connections
from django.utils import timezone

from buurtwacht.delivery.models import LivePresence

log = logging.getLogger(__name__)

PRESENCE_EVERY = 20  # seconds between full writes of a process's connected users
PRESENCE_FRESH = dt.timedelta(seconds=PRESENCE_EVERY * 2 + 5)
_BATCH = 2000


def presence_stamp(user_ids: Iterable[int]) -> None:
    """Stamp these users as online now: one upsert per 2,000 (of the accounts that still exist: one deleted while
    its stream was open must not fail the stamp of everyone else)."""
    now = timezone.now()
    ids = sorted(set(user_ids))
    for start in range(0, len(ids), _BATCH):
        existing = get_user_model().objects.filter(pk__in=ids[start : start + _BATCH]).values_list("pk", flat=True)
        LivePresence.objects.bulk_create(
            [LivePresence(user_id=pk, seen_at=now) for pk in existing],
            update_conflicts=True,
            unique_fields=["user"],
            update_fields=["seen_at"],
        )


def presence_record(user_ids: Iterable[int]) -> None:
    """presence_stamp, in a thread of the live hub (with the thread's own database connection)."""
    close_old_connections()
    try:
        presence_stamp(user_ids)
    except Exception:  # presence is a count for a preview: never let it disturb the streams
        log.exception("recording live presence failed")
    finally:
        close_old_connections()


def online_among(user_ids: Iterable[int]) -> set[int]:
    """The ones among `user_ids` with a live page open now (give or take PRESENCE_FRESH)."""
    ids = list(set(user_ids))
    if not ids:
        return set()
    since = timezone.now() - PRESENCE_FRESH
    found: set[int] = set()
    for start in range(0, len(ids), _BATCH):
        found.update(
            LivePresence.objects.filter(user_id__in=ids[start : start + _BATCH], seen_at__gte=since).values_list(
                "user_id", flat=True
            )
        )
    return found
