"""The second factor (TOTP, django-otp) that municipal staff, police and administrators give after their password.

Only the person's own flags are read (`needs_second_factor`, django-otp's `is_verified`), so every app, delivery's
pages included, can ask it.
"""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect


def second_factor_passed(user) -> bool:
    """True for people who need no second factor, and for those who gave it in this session."""
    if not user.is_authenticated:
        return False
    return not user.needs_second_factor or bool(getattr(user, "is_verified", lambda: False)())


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
