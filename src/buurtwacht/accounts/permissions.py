"""Who may see what, decided in one place for roles (municipal staff, police, platform administrators).

A role counts only once the person has signed in with their second factor: `role_gemeenten` is empty for a
session that has not passed the TOTP step, so no page of a role shows before it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from buurtwacht.accounts.models import RoleKind
from buurtwacht.geo.models import Gemeente
from buurtwacht.kit.second_factor import (  # noqa: F401 - offered here with the role checks
    second_factor_passed,
    second_factor_required,
    second_factor_url,
)


def role_gemeenten(user, *kinds: str) -> set[int]:
    """Ids of the gemeenten where `user` holds one of `kinds`, counted only after the second factor."""
    if not user.is_authenticated or not second_factor_passed(user):
        return set()
    return set(user.roles.filter(kind__in=kinds).values_list("gemeente_id", flat=True))


def staff_gemeenten(user) -> set[int]:
    return role_gemeenten(user, RoleKind.MUNICIPAL)


def police_gemeenten(user) -> set[int]:
    return role_gemeenten(user, *RoleKind.police())


def can_review_groups_of(user, gemeente: Gemeente) -> bool:
    """Municipal staff approve and reject the groups of their own gemeente."""
    return gemeente.pk in staff_gemeenten(user)


def can_see_admins_of(user, gemeente: Gemeente) -> bool:
    """The overview of groups and their admins' contacts: municipal staff and police of that gemeente."""
    return gemeente.pk in staff_gemeenten(user) | police_gemeenten(user)


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied
