"""In-app messages ("berichten"): the third outbound channel, beside web push and e-mail.

`notify` records one `Event` (delivery.services.event_publish) with the text in every language; the person gets it
on their open pages (live), and a `Delivery` on the `inbox` channel.
Such a delivery is sent the moment it exists (the message is in the person's inbox); it is `seen` once they have
opened their messages. The messages page and the header's count read these rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation

from buurtwacht.delivery.audiences import Audience, people
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus, Event
from buurtwacht.delivery.services import event_publish

TEXT_MAX = 300


@dataclass(frozen=True)
class Message:
    """One message as its reader sees it, in their language."""

    pk: int
    text: str
    url: str
    created_at: datetime
    read_at: datetime | None
    kind: str
    topic: str

    @property
    def new(self) -> bool:
        return self.read_at is None


def notify(
    users: Iterable,
    text: Callable[[], str],
    url: str = "",
    *,
    kind: str = "message",
    topic: str = "",
    audience: Audience | None = None,
) -> Event | None:
    """Leave a message for each user. `text` is called once per language, e.g.
    `lambda: _("Nieuwe aanvraag van %(name)s") % {"name": name}`; `topic` names what it is about (so that the
    service can mark the messages done when that is settled, e.g. a join request withdrawn)."""
    user_ids = sorted({user.pk for user in users})
    if not user_ids:
        return None
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(text())[:TEXT_MAX]
    if audience is None or not set(user_ids) <= audience.user_ids:
        audience = people(user_ids)  # chosen one by one: they may read it while their account is active
    return event_publish(
        kind=kind, audience=audience, topic=topic, payload={"inbox": texts, "url": url}, notify=user_ids
    )


def _inbox(user):
    return Delivery.objects.filter(user=user, channel=Channel.INBOX).exclude(status=DeliveryStatus.FAILED)


def _message(delivery: Delivery, language: str) -> Message:
    payload = delivery.event.payload or {}
    texts = payload.get("inbox") or {}
    text = texts.get(language) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), "")
    return Message(
        pk=delivery.pk,
        text=text,
        url=payload.get("url") or "",
        created_at=delivery.created_at,
        read_at=delivery.seen_at,
        kind=delivery.event.kind,
        topic=delivery.event.topic,
    )


def messages_of(user, limit: int | None = None, *, unread: bool = False) -> list[Message]:
    rows = _inbox(user).select_related("event").order_by("-created_at", "-pk")
    if unread:
        rows = rows.filter(seen_at=None)
    if limit:
        rows = rows[:limit]
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return [_message(row, language) for row in rows]


def unread_count(user) -> int:
    return _inbox(user).filter(seen_at=None).count()


def messages_mark_read(*, user) -> int:
    """The person opened their messages: all are read."""
    return _inbox(user).filter(seen_at=None).update(status=DeliveryStatus.SEEN, seen_at=timezone.now())


def messages_settle(*, topic: str) -> int:
    """What these messages were about is settled (a join request withdrawn or decided): they are no longer new
    for anyone. Returns how many changed."""
    return Delivery.objects.filter(channel=Channel.INBOX, event__topic=topic, seen_at=None).update(
        status=DeliveryStatus.SEEN, seen_at=timezone.now()
    )
