"""Who may do what with alerts: members read, post and react; the author or an admin closes; admins post notices.

Everything goes through groups.permissions.membership_of, so police, non-members and staff whose second factor
is pending see nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from buurtwacht.alerts.models import Alert
from buurtwacht.groups.permissions import membership_of


def can_close(user, alert: Alert) -> bool:
    membership = membership_of(user, alert.group)
    return membership is not None and (membership.is_admin or alert.author_id == user.pk)


def require_can_close(user, alert: Alert) -> None:
    if not can_close(user, alert):
        raise PermissionDenied


def can_see_receipts(user, alert: Alert) -> bool:
    """How far an alert got is for its author and the group's admins (the same people who may close it)."""
    return can_close(user, alert)
