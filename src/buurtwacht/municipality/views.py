"""The municipality's pages: its groups with their admins (per wijk, per woonplaats, as CSV), approving and
rejecting registered groups, and the contacts who hear of new groups.

Every page: signed in with the second factor, then the role for that gemeente. Municipal staff see and decide;
police of the gemeente see the dashboard and the groups read-only, without the admins' e-mail addresses and phone
numbers. Nobody here sees members or what is said in a group.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtwacht.accounts.permissions import (
    can_review_groups_of,
    can_see_admins_of,
    require,
    second_factor_required,
)
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.groups.services import group_approve, group_reject
from buurtwacht.municipality import selectors
from buurtwacht.municipality.csv_export import overview_csv_rows, write_csv
from buurtwacht.municipality.dashboard import assets, shown_sections
from buurtwacht.municipality.forms import ApproveForm, ContactsForm, RejectForm
from buurtwacht.municipality.services import gemeente_contacts_save


def _gemeente(code: str) -> Gemeente:
    return get_object_or_404(Gemeente, code=code.upper())


def _group_of(gemeente: Gemeente, pk: int) -> Group:
    """A group of this gemeente; a group of another gemeente is not found (404)."""
    return get_object_or_404(Group, pk=pk, gemeente=gemeente)


def _already_decided(request, group: Group):
    messages.error(request, _("%(name)s wacht niet (meer) op goedkeuring.") % {"name": group.name})
    return redirect("municipality:overview", code=group.gemeente.code)


@never_cache
@second_factor_required
def home(request):
    gemeenten = list(selectors.gemeenten_of(request.user))
    if not gemeenten:
        raise PermissionDenied
    if len(gemeenten) == 1:
        return redirect("municipality:overview", code=gemeenten[0].code)
    return render(request, "municipality/home.html", {"gemeenten": gemeenten})


@never_cache
@second_factor_required
def overview(request, code: str):
    """The dashboard: headline figures, a line per room with a link, pending approvals, the rooms' sections, the
    contacts, and a short word on the groups (the full list is on the groups page)."""
    gemeente = _gemeente(code)
    require(can_see_admins_of(request.user, gemeente))
    data = selectors.overview_for(request.user, gemeente)
    sections = shown_sections(gemeente, request.user)
    styles, scripts = assets(sections)
    context = {
        "gemeente": gemeente,
        "overview": data,
        "can_review": can_review_groups_of(request.user, gemeente),
        "sections": sections,
        "section_styles": styles,
        "section_scripts": scripts,
        "veiligheid_email": selectors.gemeente_settings(gemeente).veiligheid_email,
        "wijken": selectors.wijk_contacts(gemeente),
        "attention": [row for row in data.rows if row.admin_warning and row.group.status == GroupStatus.ACTIVE],
    }
    return render(request, "municipality/overview.html", context)


@never_cache
@second_factor_required
def groups(request, code: str):
    """Every group of the gemeente with its admins, per wijk or per woonplaats."""
    gemeente = _gemeente(code)
    require(can_see_admins_of(request.user, gemeente))
    per = "woonplaats" if request.GET.get("per") == "woonplaats" else "wijk"
    data = selectors.overview_for(request.user, gemeente)
    context = {
        "gemeente": gemeente,
        "overview": data,
        "per": per,
        "buckets": data.per_woonplaats() if per == "woonplaats" else data.per_wijk(),
        "can_review": can_review_groups_of(request.user, gemeente),
    }
    return render(request, "municipality/groups.html", context)


@never_cache
@second_factor_required
def overview_csv(request, code: str):
    gemeente = _gemeente(code)
    require(can_see_admins_of(request.user, gemeente))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="buurtpreventiegroepen-{gemeente.code.lower()}.csv"'
    full = selectors.full_contacts_for(request.user, gemeente)
    write_csv(response, overview_csv_rows(selectors.group_rows_for(request.user, gemeente), full_contacts=full))
    return response


@never_cache
@second_factor_required
def contacts(request, code: str):
    gemeente = _gemeente(code)
    require(can_review_groups_of(request.user, gemeente))
    form = ContactsForm(request.POST if request.method == "POST" else None, gemeente=gemeente)
    if request.method == "POST" and form.is_valid():
        try:
            gemeente_contacts_save(**form.service_kwargs())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("De contacten van de gemeente zijn opgeslagen."))
            return redirect("municipality:contacts", code=gemeente.code)
    return render(request, "municipality/contacts.html", {"gemeente": gemeente, "form": form})


@second_factor_required
@require_POST
def approve(request, code: str, pk: int):
    gemeente = _gemeente(code)
    require(can_review_groups_of(request.user, gemeente))
    group = _group_of(gemeente, pk)
    if group.status != GroupStatus.PENDING:
        return _already_decided(request, group)
    form = ApproveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    group_approve(group=group, note=note)
    messages.success(
        request,
        _("%(name)s is goedgekeurd. De beheerders en de contacten van de gemeente krijgen bericht.")
        % {"name": group.name},
    )
    return redirect("municipality:overview", code=gemeente.code)


@never_cache
@second_factor_required
def reject(request, code: str, pk: int):
    gemeente = _gemeente(code)
    require(can_review_groups_of(request.user, gemeente))
    group = _group_of(gemeente, pk)
    if group.status != GroupStatus.PENDING:
        return _already_decided(request, group)
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            group_reject(group=group, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De aanmelding van %(name)s is afgewezen.") % {"name": group.name})
            return redirect("municipality:overview", code=gemeente.code)
    return render(request, "municipality/reject.html", {"gemeente": gemeente, "group": group, "form": form})
