"""The signed-in person's own pages: the account page, the profile, messages, the data download and deletion.

Staff, police and administrators see these only after their second factor, like everything else.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from buurtwacht.accounts import hooks
from buurtwacht.accounts.forms import DeleteForm, ProfileForm
from buurtwacht.accounts.forms_password import PasswordChangeForm
from buurtwacht.accounts.permissions import second_factor_required
from buurtwacht.accounts.selectors import (
    notifications_of,
    personal_data,
    unread_notifications_of,
)
from buurtwacht.accounts.services import account_delete, notifications_mark_read, password_change, profile_update
from buurtwacht.accounts.views_auth import set_language_cookie
from buurtwacht.kit.forms import add_service_error
from buurtwacht.kit.ratelimits import rate_limit

NOTIFICATIONS_SHOWN = 100


def _link(request, url: str) -> str:
    """Only links within this site are followed from a message."""
    return url if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) else ""


@second_factor_required
def home(request):
    user = request.user
    context = {
        **_parts(user),
        "unread": [{"notification": n, "url": _link(request, n.url)} for n in unread_notifications_of(user)],
        "has_role": user.roles.exists(),
    }
    return render(request, "accounts/home.html", context)


def _parts(user) -> dict:
    """What the apps above accounts show on the account pages (accounts.hooks: memberships, join requests; and
    "account_sections", templates that several apps add to)."""
    context: dict = {"account_sections": []}
    for part in hooks.account_page:
        values = part(user)
        context["account_sections"] += values.pop("account_sections", [])
        context.update(values)
    return context


@second_factor_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(user))
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_error(form, exc, ProfileForm.service_fields)
        else:
            translation.activate(user.language)
            messages.success(request, _("Uw gegevens zijn opgeslagen."))
            return set_language_cookie(redirect("accounts:profile"), user.language)
    return render(request, "accounts/profile.html", {"form": form, "address": user.address, "buurt": user.buurt})


@second_factor_required
@rate_limit("login")
def password(request):
    """A new password for the signed-in person. This browser stays signed in; sessions elsewhere end."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = password_change(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."))
            return redirect("accounts:home")
    return render(request, "accounts/password_change.html", {"form": form})


@second_factor_required
def notifications(request):
    """The newest messages first; opening the page marks them as read (the header's count goes to zero)."""
    shown = notifications_of(request.user, limit=NOTIFICATIONS_SHOWN)
    outcomes: dict[str, str] = {}
    for status in hooks.message_status:  # what became of a join request a message is about
        outcomes.update(status([n.url for n in shown]))
    items = [
        {"notification": n, "url": _link(request, n.url), "new": n.read_at is None, "outcome": outcomes.get(n.url)}
        for n in shown
    ]
    notifications_mark_read(user=request.user)
    return render(request, "accounts/notifications.html", {"items": items})


@require_GET
@second_factor_required
def data_export(request):
    body = json.dumps(personal_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="buurtwacht-mijn-gegevens.json"'
    response["Cache-Control"] = "no-store"
    return response


@second_factor_required
@rate_limit("login")
def delete(request):
    user = request.user
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(user=user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            auth_logout(request)
            messages.success(
                request, _("Uw account en uw gegevens zijn verwijderd. Bedankt voor uw inzet voor de buurt.")
            )
            return redirect(settings.LOGOUT_REDIRECT_URL)
    context = {"form": form, **_parts(user)}
    return render(request, "accounts/delete.html", context)
