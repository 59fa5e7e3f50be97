"""Pages of a group's admins: requests, members, the CSV export, house rules, co-admins; and accepting an
invitation to become admin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtwacht.groups import hooks
from buurtwacht.groups.forms import GroupSettingsForm
from buurtwacht.groups.membership.checks import MAX_ADMINS, admin_count
from buurtwacht.groups.membership.forms import (
    AdminAcceptForm,
    AdminInviteForm,
    DecisionForm,
    RulesEditForm,
    rules_outdated,
)
from buurtwacht.groups.membership.selectors import (
    members_csv,
    memberships,
    memberships_found,
    open_admin_invites,
    open_requests,
    rules_history,
)
from buurtwacht.groups.membership.services import (
    admin_invite_accept,
    admin_invite_check,
    admin_invite_create,
    admin_promote,
    admin_step_down,
    group_settings_update,
    house_rules_update,
    join_request_decide,
    membership_remove,
)
from buurtwacht.groups.models import AdminInvite, JoinRequest, Membership
from buurtwacht.groups.permissions import administered_group
from buurtwacht.groups.rules import house_rules_current
from buurtwacht.kit.forms import add_service_error


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


MEMBERS_PER_PAGE = 25


@never_cache
@login_required
def manage(request, slug: str):
    group = administered_group(request.user, slug=slug)
    query = request.GET.get("zoek", "").strip()[:100]
    page = Paginator(memberships_found(group, query), MEMBERS_PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "group": group,
        "requests": open_requests(group),
        "members": page,
        "query": query,
        "admin_count": admin_count(group),
        "rules": house_rules_current(group),
        "settings_form": GroupSettingsForm(initial={"police_messages": group.police_messages}),
        "sections": [part for make in hooks.manage_sections for part in make(request, group)],
        "extra_links": hooks.manage_links_for(group, request.user),
    }
    return render(request, "groups/manage.html", context)


@login_required
@require_POST
def group_settings(request, slug: str):
    group = administered_group(request.user, slug=slug)
    form = GroupSettingsForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    try:
        group = group_settings_update(
            group=group, admin=request.user, police_messages=form.cleaned_data["police_messages"]
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        if group.police_messages:
            messages.success(request, _("De beheerders krijgen berichten van de politie over de buurt."))
        else:
            messages.success(request, _("De beheerders krijgen geen berichten van de politie meer."))
    return redirect(reverse("groups:manage", kwargs={"slug": group.slug}) + "#settings-heading")


@login_required
@require_POST
def request_decide(request, slug: str, pk: int):
    group = administered_group(request.user, slug=slug)
    request_obj = get_object_or_404(JoinRequest.objects.select_related("user", "group"), pk=pk, group=group)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies toelaten of weigeren."))
        return redirect("groups:manage", slug=group.slug)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        join_request_decide(
            request_obj=request_obj, admin=request.user, approve=approve, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        name = request_obj.user.first_name
        if approve:
            messages.success(request, _("%(name)s is toegelaten als deelnemer.") % {"name": name})
        else:
            messages.success(request, _("De aanvraag van %(name)s is geweigerd.") % {"name": name})
    return redirect("groups:manage", slug=group.slug)


@login_required
@require_POST
def member_remove(request, slug: str, pk: int):
    group = administered_group(request.user, slug=slug)
    membership = get_object_or_404(Membership.objects.select_related("user", "group"), pk=pk, group=group)
    try:
        membership_remove(membership=membership, admin=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("%(name)s is verwijderd uit de groep.") % {"name": membership.user.full_name})
    return redirect("groups:manage", slug=group.slug)


@never_cache
@login_required
def members_export(request, slug: str):
    group = administered_group(request.user, slug=slug)
    response = HttpResponse(members_csv(group), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deelnemers-{group.slug}.csv"'
    return response


@login_required
def rules_edit(request, slug: str):
    group = administered_group(request.user, slug=slug)
    current = house_rules_current(group)
    if request.method == "POST":
        form = RulesEditForm(request.POST)
        if form.is_valid():
            try:
                saved = house_rules_update(group=group, admin=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                if saved.version != current.version:
                    messages.success(
                        request,
                        _(
                            "De huisregels zijn opgeslagen als versie %(version)s. "
                            "Wie nu lid wordt, accepteert deze versie."
                        )
                        % {"version": saved.version},
                    )
                else:
                    messages.success(request, _("Opgeslagen. De tekst van de huisregels is niet gewijzigd."))
                return redirect("groups:rules_edit", slug=group.slug)
    else:
        form = RulesEditForm(initial={"text": current.text, "min_age": group.min_age})
    context = {"group": group, "form": form, "rules": current, "history": rules_history(group)}
    return render(request, "groups/rules_edit.html", context)


@login_required
def admins(request, slug: str):
    group = administered_group(request.user, slug=slug)
    invite_form = AdminInviteForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite":
            invite_form = AdminInviteForm(request.POST)
            if invite_form.is_valid():
                try:
                    invite = admin_invite_create(group=group, admin=request.user, **invite_form.cleaned_data)
                except ValidationError as exc:
                    add_service_error(invite_form, exc)
                else:
                    messages.success(
                        request,
                        _("De uitnodiging is verstuurd naar %(email)s. De link werkt 14 dagen.")
                        % {"email": invite.email},
                    )
                    return redirect("groups:admins", slug=group.slug)
        elif action == "promote":
            pk = request.POST.get("membership", "")
            if not pk.isdigit():
                messages.error(request, _("Kies eerst de deelnemer die beheerder wordt."))
                return redirect("groups:admins", slug=group.slug)
            membership = get_object_or_404(Membership, pk=int(pk), group=group)
            _run(
                request,
                lambda: admin_promote(membership=membership, admin=request.user),
                _("%(name)s is nu beheerder.") % {"name": membership.user.full_name},
            )
            return redirect("groups:admins", slug=group.slug)
        elif action == "step_down":
            _run(
                request,
                lambda: admin_step_down(group=group, user=request.user),
                _("U bent geen beheerder meer; u blijft deelnemer."),
            )
            return redirect(group.get_absolute_url() if group.is_public else "core:home")
        else:
            messages.error(request, _("Onbekende handeling."))
            return redirect("groups:admins", slug=group.slug)
    rows = memberships(group)
    admin_rows = [m for m in rows if m.is_admin]
    context = {
        "group": group,
        "admins": admin_rows,
        "others": [m for m in rows if not m.is_admin],
        "invites": open_admin_invites(group),
        "invite_form": invite_form,
        "max_admins": MAX_ADMINS,
        "room": len(admin_rows) < MAX_ADMINS,
    }
    return render(request, "groups/admins.html", context)


def _run(request, action, success: str) -> None:
    try:
        action()
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, success)


@login_required
def admin_invite_accept_view(request, token: str):
    invite = AdminInvite.objects.select_related("group", "invited_by").filter(token=token).first()
    problem = ""
    try:
        admin_invite_check(invite, request.user)
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    group = invite.group if invite else None
    rules = house_rules_current(group) if group and not problem else None
    form = AdminAcceptForm(initial={"rules_version": rules.version if rules else None})
    if request.method == "POST" and not problem:
        form = AdminAcceptForm(request.POST)
        if form.is_valid():
            try:
                admin_invite_accept(token=token, user=request.user, rules_version=form.accepted_version())
            except ValidationError as exc:
                add_service_error(form, exc)
                if rules_outdated(exc):
                    rules = house_rules_current(group)
                    form.ask_again(rules.version)
            else:
                messages.success(request, _("U bent nu beheerder van %(group)s.") % {"group": group.name})
                return redirect("groups:manage", slug=group.slug)
    context = {"invite": invite, "group": group, "problem": problem, "rules": rules, "form": form}
    return render(request, "groups/admin_invite_accept.html", context, status=404 if invite is None else 200)
