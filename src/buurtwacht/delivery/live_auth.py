"""Database work of the live stream, run in a thread: who holds this session cookie, and what did they miss?

The same rules as Django's middleware (session, `auth.get_user` with its session-hash check, django_otp's device
check), without a request cycle; what is replayed is what was recorded for the person, asked again of each
event's audience (delivery.audiences).
"""

from __future__ import annotations

import datetime as dt
import logging
from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib import auth
from django.db import close_old_connections
from django.http.cookie import parse_cookie
from django.utils import timezone

log = logging.getLogger(__name__)

OK, UNAUTHORIZED, FORBIDDEN = 200, 401, 403
REPLAY_LIMIT = 500


def authenticate(cookie_header: str) -> tuple[int, int | None]:
    """(status, user id) for the session in `cookie_header`: OK for an active signed-in user who has
    given their second factor when they need one, FORBIDDEN while that is pending, UNAUTHORIZED otherwise."""
    close_old_connections()
    try:
        key = parse_cookie(cookie_header).get(settings.SESSION_COOKIE_NAME)
        if not key:
            return UNAUTHORIZED, None
        session = import_module(settings.SESSION_ENGINE).SessionStore(key)
        user = auth.get_user(SimpleNamespace(session=session))
        if not user.is_authenticated or not user.is_active:
            return UNAUTHORIZED, None
        if user.needs_second_factor and not _second_factor_given(session, user):
            return FORBIDDEN, user.pk
        return OK, user.pk
    finally:
        close_old_connections()


def _second_factor_given(session, user) -> bool:
    """As django_otp's OTPMiddleware: the session names a device, and it is one of this user's."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    device_id = session.get(DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(device_id) if device_id else None
    return device is not None and device.user_id == user.pk


def missed_events(user_id: int, since: int) -> list[tuple[int, str, str]]:
    """(id, kind, client data) of the events after `since` that were for `user_id` and that they may still
    receive (asked of each event's audience: who left a group hears nothing more of it), from the last
    EVENT_LOG_DAYS, oldest first; at most REPLAY_LIMIT, the newest ones (what is happening now matters more than
    what a long-closed browser missed)."""
    from buurtwacht.delivery.audiences import audience_allowed
    from buurtwacht.delivery.models import Event, EventRecipient
    from buurtwacht.delivery.services import client_data

    close_old_connections()
    try:
        oldest = timezone.now() - dt.timedelta(days=settings.EVENT_LOG_DAYS)
        mine = EventRecipient.objects.filter(user_id=user_id, event_id__gt=since).values("event_id")
        events = list(
            Event.objects.filter(id__in=mine, created_at__gte=oldest).order_by("-id")[:REPLAY_LIMIT]
        )
        allowed = {name: bool(audience_allowed(name, [user_id])) for name in {event.audience for event in events}}
        return [
            (event.pk, event.kind, client_data(event)) for event in reversed(events) if allowed[event.audience]
        ]
    finally:
        close_old_connections()


def reached_record(reached: dict[int, set[int]]) -> None:
    """The receipt of the live stream: these events were written to an open stream of these people (the first
    channel to reach someone sets `delivered_at`; later ones leave it)."""
    from buurtwacht.delivery.models import EventRecipient

    close_old_connections()
    try:
        now = timezone.now()
        for event_id, user_ids in reached.items():
            ids = sorted(user_ids)
            for start in range(0, len(ids), 2000):
                EventRecipient.objects.filter(
                    event_id=event_id, user_id__in=ids[start : start + 2000], delivered_at=None
                ).update(delivered_at=now)
    except Exception:  # a receipt is worth less than the stream: log it, never let the stream pay for it
        log.exception("could not record live deliveries")
    finally:
        close_old_connections()
