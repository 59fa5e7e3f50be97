"""Who may see what, decided in one place for roles (municipal staff, police, platform administrators).

A role counts only once the person has signed in with their second factor: `role_gemeenten` is empty for a
session that has not passed the TOTP step, so no page of a role shows before it.
"""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from buurtwacht.accounts.models import RoleKind
from buurtwacht.geo.models import Gemeente


def second_factor_passed(user) -> bool:
    """True for people who need no second factor, and for those who gave it in this session."""
    if not user.is_authenticated:
        return False
    return not user.needs_second_factor or bool(getattr(user, "is_verified", lambda: False)())


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


def second_factor_required(view):
    """For pages of a role: sign in first, then pass (or set up) the second factor, then the view decides."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not second_factor_passed(user):
            return redirect(second_factor_url(user, request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapped


def second_factor_url(user, next_url: str) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse
    from django_otp import devices_for_user

    name = "accounts:otp_verify" if any(devices_for_user(user, confirmed=True)) else "accounts:otp_setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied
