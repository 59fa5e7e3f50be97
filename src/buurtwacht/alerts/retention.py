"""Retention: photos and personal parts of alerts expire (issue 4, item 5; DOMAIN.md: minimal personal data).

- `photos_expire`: photos are deleted ALERT_PHOTO_DAYS after they were posted, files first, then rows.
- `alerts_anonymise`: ALERT_ANONYMISE_DAYS after posting, an alert keeps what the statistics need (group, kind,
  times, 112 call, status and outcome, the place rounded to about 100 m) and loses who and what was said:
  authors, descriptions, signalement, reactions' texts and authors, photos, and the live events that carry
  its text.
- `notices_expire`: admins' notices are deleted after ALERT_ANONYMISE_DAYS too: a notice is nothing but who said
  what, so nothing is left to keep.
- `events_expire`: the event log (payloads hold alert text and rendered mail) is kept EVENT_LOG_DAYS; in-app
  messages ALERT_ANONYMISE_DAYS; recipients and deliveries go with their events.
Each works in batches, one transaction per batch, and can run again at any time (a second run finds nothing).
`now` is injectable for tests. The periodic task in alerts.tasks runs all four.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from buurtwacht.alerts.events import alert_topic, notice_topic
from buurtwacht.alerts.models import Alert, AlertPhoto, Notice, Reaction
from buurtwacht.delivery.models import Event
from buurtwacht.delivery.services import events_delete

logger = logging.getLogger(__name__)

BATCH = 200
COORDINATE_DECIMALS = 3  # ~110 m north-south, ~70 m east-west here: the street, not the house


def _cutoff(now: datetime | None, days: int) -> datetime:
    return (now or timezone.now()) - timedelta(days=days)


def _delete_photo_files(photos) -> None:
    """Delete the files of these photos; a file that is already gone is no error."""
    for photo in photos:
        for field in (photo.image, photo.thumbnail):
            if field.name:
                try:
                    field.storage.delete(field.name)
                except FileNotFoundError:  # storages other than the file system may say so
                    pass
                except OSError:
                    logger.exception("could not delete photo file %s", field.name)
                    raise


def _photos_delete(queryset) -> int:
    """Delete photos: their files first, so a crash in between leaves a row to retry, never an orphan file."""
    photos = list(queryset)
    _delete_photo_files(photos)
    AlertPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
    return len(photos)


def photos_expire(*, now: datetime | None = None) -> int:
    """Delete photos posted more than ALERT_PHOTO_DAYS ago, with their files. Returns how many."""
    cutoff = _cutoff(now, settings.ALERT_PHOTO_DAYS)
    total = 0
    while True:
        with transaction.atomic():
            batch = AlertPhoto.objects.filter(created_at__lt=cutoff).order_by("pk")[:BATCH]
            deleted = _photos_delete(batch)
        total += deleted
        if deleted < BATCH:
            return total


def alerts_anonymise(*, now: datetime | None = None) -> int:
    """Strip personal data from alerts posted more than ALERT_ANONYMISE_DAYS ago. Returns how many alerts."""
    moment = now or timezone.now()
    cutoff = _cutoff(moment, settings.ALERT_ANONYMISE_DAYS)
    total = 0
    while True:
        with transaction.atomic():
            alerts = list(
                Alert.objects.select_for_update()
                .filter(created_at__lt=cutoff, anonymised_at__isnull=True)
                .order_by("pk")
                .only("pk", "lat", "lon")[:BATCH]
            )
            pks = [alert.pk for alert in alerts]
            for alert in alerts:
                alert.author = alert.called_112_by = alert.closed_by = None
                alert.description = alert.location_text = alert.outcome_text = ""
                alert.person, alert.vehicle = {}, {}
                alert.lat = round(alert.lat, COORDINATE_DECIMALS)
                alert.lon = round(alert.lon, COORDINATE_DECIMALS)
                alert.anonymised_at = moment
            Alert.objects.bulk_update(
                alerts,
                [
                    "author",
                    "called_112_by",
                    "closed_by",
                    "description",
                    "location_text",
                    "outcome_text",
                    "person",
                    "vehicle",
                    "lat",
                    "lon",
                    "anonymised_at",
                ],
            )
            Reaction.objects.filter(alert_id__in=pks).update(author=None, text="")
            _photos_delete(AlertPhoto.objects.filter(alert_id__in=pks))
            # Their live events carry the text (and deliveries go with them), whatever EVENT_LOG_DAYS says.
            events_delete(topics=[alert_topic(alert) for alert in alerts])
        total += len(alerts)
        if len(alerts) < BATCH:
            return total


def notices_expire(*, now: datetime | None = None) -> int:
    """Delete notices posted more than ALERT_ANONYMISE_DAYS ago, with their events. Returns how many."""
    cutoff = _cutoff(now, settings.ALERT_ANONYMISE_DAYS)
    total = 0
    while True:
        with transaction.atomic():
            notices = list(Notice.objects.filter(created_at__lt=cutoff).order_by("pk")[:BATCH])
            events_delete(topics=[notice_topic(notice) for notice in notices])
            Notice.objects.filter(pk__in=[notice.pk for notice in notices]).delete()
        total += len(notices)
        if len(notices) < BATCH:
            return total


def events_expire(*, now: datetime | None = None) -> int:
    """Delete events older than EVENT_LOG_DAYS (their recipients and deliveries cascade), and in-app messages
    older than ALERT_ANONYMISE_DAYS (they are the person's inbox). Returns how many events."""
    old = Q(created_at__lt=_cutoff(now, settings.EVENT_LOG_DAYS))
    inbox = Q(payload__has_key="inbox")
    return _delete_in_batches(
        Event.objects.filter((old & ~inbox) | (inbox & Q(created_at__lt=_cutoff(now, settings.ALERT_ANONYMISE_DAYS))))
    )


def _delete_in_batches(queryset) -> int:
    total = 0
    while True:
        with transaction.atomic():
            pks = list(queryset.order_by("pk").values_list("pk", flat=True)[:BATCH])
            if pks:
                queryset.model.objects.filter(pk__in=pks).delete()
        total += len(pks)
        if len(pks) < BATCH:
            return total
