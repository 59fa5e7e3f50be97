"""Pages of a resident and member: join a group, read its house rules, see the other members, leave."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtwacht.groups.membership.forms import JoinForm, rules_outdated
from buurtwacht.groups.membership.selectors import member_list_for, pending_request_of
from buurtwacht.groups.membership.services import join_request_submit, join_request_withdraw, membership_leave
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import membership_of, require_member
from buurtwacht.groups.rules import house_rules_current
from buurtwacht.kit.forms import add_service_error
from buurtwacht.kit.ratelimits import rate_limit

# Names in the services' errors -> fields of the join form.
JOIN_FIELDS = {"number": "huisnummer", "address": "huisnummer"}


def is_police(user) -> bool:
    return user.is_authenticated and user.is_police


def membership_context(request, group: Group) -> dict:
    """What the group page and the join page say about the visitor: member, admin, waiting, or police."""
    membership = membership_of(request.user, group)
    return {
        "membership": membership,
        "pending_request": None if membership else pending_request_of(request.user, group),
        "is_police": membership is None and is_police(request.user),
    }


def _invited(request, group: Group) -> bool:
    token = request.GET.get("uitnodiging", "")
    return bool(token) and secrets.compare_digest(token, group.invite_token)


@login_required
@rate_limit("join")
def join(request, slug: str):
    group = get_object_or_404(Group.objects.active(), slug=slug)
    rules = house_rules_current(group)
    user = request.user
    if request.method == "POST":
        form = JoinForm(request.POST, group=group)
        if form.is_valid():
            try:
                join_request_submit(group=group, user=user, **form.service_kwargs())
            except ValidationError as exc:
                add_service_error(form, exc, JOIN_FIELDS)
                if rules_outdated(exc):
                    rules = house_rules_current(group)
                    form.ask_again(rules.version)
            else:
                messages.success(
                    request,
                    _("Uw aanvraag is verstuurd. De beheerders van %(group)s beslissen; u krijgt bericht.")
                    % {"group": group.name},
                )
                return redirect("groups:join", slug=group.slug)
    else:
        form = JoinForm(initial=JoinForm.initial_for(user, rules.version), group=group)
    context = {"group": group, "rules": rules, "form": form, "invited": _invited(request, group)}
    context |= membership_context(request, group)
    return render(request, "groups/join.html", context)


@login_required
@require_POST
def join_withdraw(request, slug: str):
    group = get_object_or_404(Group, slug=slug)
    pending = pending_request_of(request.user, group)
    if pending is None:
        messages.error(request, _("U heeft geen open aanvraag bij deze groep."))
    else:
        try:
            join_request_withdraw(request_obj=pending, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Uw aanvraag is ingetrokken."))
    return redirect("groups:join", slug=group.slug) if group.is_public else redirect("core:home")


def rules(request, slug: str):
    group = get_object_or_404(Group.objects.active(), slug=slug)
    context = {"group": group, "rules": house_rules_current(group)}
    if request.user.is_authenticated:
        context["membership"] = membership_of(request.user, group)
    return render(request, "groups/rules.html", context)


@never_cache
@login_required
def members(request, slug: str):
    group = get_object_or_404(Group, slug=slug)
    membership = require_member(request.user, group)
    context = {"group": group, "membership": membership, "members": member_list_for(group, request.user)}
    return render(request, "groups/members.html", context)


@login_required
def leave(request, slug: str):
    group = get_object_or_404(Group, slug=slug)
    membership = require_member(request.user, group)
    error = ""
    if request.method == "POST":
        try:
            membership_leave(group=group, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("U bent geen deelnemer meer van %(group)s.") % {"group": group.name})
            return redirect(group.get_absolute_url() if group.is_public else "core:home")
    return render(request, "groups/leave.html", {"group": group, "membership": membership, "error": error})
