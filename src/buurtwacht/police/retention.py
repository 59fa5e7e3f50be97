"""Retention of police messages: after ALERT_ANONYMISE_DAYS the content (description, signalement, place text,
updates, photo) and the residents' tips go; what stays is who sent it, when, the kind, the area and the counts
(the audit trail and the municipality's monthly figures). The events' texts go with the event log."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from buurtwacht.delivery.services import events_delete
from buurtwacht.police.models import Forward, PoliceMessage, PoliceUpdate, Tip
from buurtwacht.police.selectors import message_receipts


def _counts(receipts: dict) -> dict:
    keys = ("recipients", "delivered", "seen", "seconds_to_first_seen", "seconds_to_first_forward", "tips")
    out = {key: receipts[key] for key in keys if key in receipts}
    out["forwarded_groups"] = sum(1 for g in receipts["groups"] if g["forwards"])
    return out


def _files_delete(names: list[str]) -> None:
    storage = PoliceMessage._meta.get_field("photo").storage
    for name in names:
        storage.delete(name)


def messages_anonymise(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    before = now - dt.timedelta(days=settings.ALERT_ANONYMISE_DAYS)
    old = list(
        PoliceMessage.objects.filter(created_at__lt=before, anonymised_at=None, status="closed").order_by("pk")[:500]
    )
    for message in old:
        photos = [message.photo.name] if message.photo else []
        tips = Tip.objects.filter(message=message)
        photos += list(tips.exclude(photo="").values_list("photo", flat=True))
        with transaction.atomic():
            PoliceUpdate.objects.filter(message=message).update(text="")
            tips.update(text="", photo="", user=None)
            # The receipts' counts stay with the message (the audit trail); the events holding the text go.
            reach = {**message.reach, "receipts": _counts(message_receipts(message))}
            topics = [message.topic, *(f.topic for f in Forward.objects.filter(message=message))]
            events_delete(topics=topics)
            PoliceMessage.objects.filter(pk=message.pk).update(
                description="",
                person={},
                vehicle={},
                location_text="",
                photo="",
                outcome_text="",
                reach=reach,
                event=None,
                anonymised_at=now,
            )
            transaction.on_commit(lambda names=photos: _files_delete(names))
    return len(old)
