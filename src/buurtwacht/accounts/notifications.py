"""In-app messages ("berichten"): each person gets the text in their own language."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import translation

from buurtwacht.accounts.models import Notification


def notify(users: Iterable, text: Callable[[], str], url: str = "") -> list[Notification]:
    """Leave a message for each user. `text` is called once per user, in that user's language, e.g.
    `lambda: _("Nieuwe aanvraag van %(name)s") % {"name": name}`."""
    notifications = []
    for user in users:
        with translation.override(user.language or None):
            notifications.append(Notification(user=user, text=str(text())[:300], url=url))
    return Notification.objects.bulk_create(notifications)

