"""The admin's side: a group's signs and requests, and a new request with spots on the map
(/groepen/<slug>/beheer/borden/). Admins of the group only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from buurtwacht.groups.permissions import administered_group
from buurtwacht.kit.forms import add_service_error
from buurtwacht.municipality.signs import selectors
from buurtwacht.municipality.signs.forms import RequestForm, SpotRowsInvalid, points_of, spot_rows, spots_parsed
from buurtwacht.municipality.signs.nearby import map_layers
from buurtwacht.municipality.signs.rules import rules_of, sign_rule_checks
from buurtwacht.municipality.signs.services import MAX_SPOTS, sign_request_create


def manage_link(group, user) -> list[tuple[str, str]]:
    """The link on the group's admin page (groups.hooks.manage_links)."""
    return [(_("Straatborden aanvragen"), reverse("signs:group", kwargs={"slug": group.slug}))]


@never_cache
@login_required
def group_signs(request, slug: str):
    group = administered_group(request.user, slug=slug)
    context = {
        "group": group,
        "rules": rules_of(group.gemeente),
        "requests": selectors.group_requests(group),
        "signs": selectors.group_signs(group),
    }
    return render(request, "signs/group.html", context)


@never_cache
@login_required
def request_new(request, slug: str):
    group = administered_group(request.user, slug=slug)
    form = RequestForm(request.POST if request.method == "POST" else None)
    rows = spot_rows(request.POST if request.method == "POST" else {})
    if request.method == "POST" and form.is_valid():
        try:
            spots = spots_parsed(rows)
            sign_request_create(group=group, user=request.user, reason=form.cleaned_data["reason"], spots=spots)
        except SpotRowsInvalid:
            pass  # each row shows its own mistake
        except ValidationError as exc:
            add_service_error(form, exc, {"spots": "__all__"})
        else:
            messages.success(request, _("De aanvraag is verstuurd naar de gemeente. De beheerders krijgen bericht "
                                        "van elke stap."))
            return redirect("signs:group", slug=group.slug)
    filled = sum(1 for row in rows if row.filled)
    context = {
        "group": group,
        "form": form,
        "rows": rows,
        "max_spots": MAX_SPOTS,
        "rules": rules_of(group.gemeente),
        "checks": sign_rule_checks(group=group, spot_count=filled, spots=points_of(rows)),
        "spot_count": filled,
        "row_errors": [row for row in rows if row.error],
        "layers": map_layers(group),
    }
    return render(request, "signs/request_new.html", context)
