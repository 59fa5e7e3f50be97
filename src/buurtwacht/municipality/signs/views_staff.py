"""The municipality's side (/gemeente/<code>/borden/): requests with the rule checks as they stand now, the decision,
each sign's placing, moving and removal, the rules, and the inventory map. Municipal staff of the gemeente act;
its police see the same pages read-only. Signed in with the second factor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtwacht.accounts.permissions import can_review_groups_of, can_see_admins_of, require, second_factor_required
from buurtwacht.geo.models import Gemeente
from buurtwacht.kit.forms import add_service_error
from buurtwacht.municipality.signs import selectors, services
from buurtwacht.municipality.signs.forms import (
    ApproveForm,
    PointForm,
    RefuseForm,
    RemoveForm,
    RulesForm,
    SpotRowsInvalid,
    points_of,
    rows_of_spots,
    spot_rows,
    spots_parsed,
)
from buurtwacht.municipality.signs.models import Sign, SignRequest, SignRules
from buurtwacht.municipality.signs.nearby import map_layers
from buurtwacht.municipality.signs.rules import rules_of, sign_rule_checks


def _gemeente(request, code: str, *, act: bool) -> Gemeente:
    gemeente = get_object_or_404(Gemeente, code=code.upper())
    require(can_review_groups_of(request.user, gemeente) if act else can_see_admins_of(request.user, gemeente))
    return gemeente


def _base(request, gemeente: Gemeente) -> dict:
    return {"gemeente": gemeente, "can_act": can_review_groups_of(request.user, gemeente)}


@never_cache
@second_factor_required
def requests_list(request, code: str):
    gemeente = _gemeente(request, code, act=False)
    context = {**_base(request, gemeente), "requests": selectors.requests_of(gemeente),
               "rules": rules_of(gemeente), "counts": selectors.counts(gemeente)}
    return render(request, "signs/requests.html", context)


def _request_page(request, gemeente, sign_request, *, approve_form=None, refuse_form=None, rows=None, status=200):
    spots = list(sign_request.spots.all())
    rows = rows if rows is not None else rows_of_spots(spots, empty=1)
    filled = sum(1 for row in rows if row.filled)
    signs = list(sign_request.signs.all())
    if sign_request.is_open:  # as the rules stand now, for the spots on the form
        checks = sign_rule_checks(group=sign_request.group, spot_count=filled or len(spots),
                                  spots=points_of(rows) or spots)
    else:  # as they stood at the decision: this request's own signs are not signs the group already had
        checks = sign_rule_checks(group=sign_request.group, spot_count=len(signs) or len(spots),
                                  leave_out=sign_request, spots=signs or spots)
    context = {
        **_base(request, gemeente),
        "sign_request": sign_request,
        "group": sign_request.group,
        "spots": spots,
        "rows": rows,
        "row_errors": [row for row in rows if row.error],
        "checks": checks,
        "layers": map_layers(sign_request.group, leave_out=sign_request),
        "events": list(sign_request.events.select_related("actor", "sign")),
        "signs": signs,
        "approve_form": approve_form or ApproveForm(),
        "refuse_form": refuse_form or RefuseForm(),
        "max_spots": services.MAX_SPOTS,
    }
    return render(request, "signs/request_detail.html", context, status=status)


def _sign_request(gemeente, pk: int) -> SignRequest:
    return get_object_or_404(SignRequest.objects.select_related("group", "group__wijk"), pk=pk, gemeente=gemeente)


@never_cache
@second_factor_required
def request_detail(request, code: str, pk: int):
    gemeente = _gemeente(request, code, act=False)
    return _request_page(request, gemeente, _sign_request(gemeente, pk))


@second_factor_required
@require_POST
def request_approve(request, code: str, pk: int):
    gemeente = _gemeente(request, code, act=True)
    sign_request = _sign_request(gemeente, pk)
    form = ApproveForm(request.POST)
    rows = spot_rows(request.POST, empty=1)
    if form.is_valid():
        try:
            signs = services.sign_request_approve(
                request=sign_request, user=request.user, spots=spots_parsed(rows), note=form.cleaned_data["note"]
            )
        except SpotRowsInvalid:
            pass  # each row shows its own mistake
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De aanvraag is goedgekeurd: %(count)s borden om te plaatsen. De beheerders "
                                        "krijgen bericht.") % {"count": len(signs)})
            return redirect("signs:request_detail", code=gemeente.code, pk=sign_request.pk)
    return _request_page(request, gemeente, sign_request, approve_form=form, rows=rows, status=400)


@second_factor_required
@require_POST
def request_refuse(request, code: str, pk: int):
    gemeente = _gemeente(request, code, act=True)
    sign_request = _sign_request(gemeente, pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.sign_request_refuse(request=sign_request, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De aanvraag is afgewezen. De beheerders krijgen de reden per e-mail."))
            return redirect("signs:request_detail", code=gemeente.code, pk=sign_request.pk)
    return _request_page(request, gemeente, sign_request, refuse_form=form, status=400)


@never_cache
@second_factor_required
def inventory(request, code: str):
    gemeente = _gemeente(request, code, act=False)
    signs = selectors.signs_of(gemeente)
    context = {**_base(request, gemeente), "signs": signs, "features": selectors.sign_features(signs),
               "counts": selectors.counts(gemeente)}
    return render(request, "signs/inventory.html", context)


def _sign(gemeente, pk: int) -> Sign:
    return get_object_or_404(Sign.objects.select_related("group", "wijk", "request"), pk=pk, gemeente=gemeente)


def _sign_page(request, gemeente, sign, forms: dict | None = None, status=200):
    today = timezone.localdate()
    forms = forms or {}
    context = {
        **_base(request, gemeente),
        "sign": sign,
        "events": list(sign.events.select_related("actor")),
        "features": selectors.sign_features([sign]),
        "place_form": forms.get("place") or PointForm(prefix="place", initial={"on": today}),
        "move_form": forms.get("move") or PointForm(prefix="move", initial={"on": today}),
        "remove_form": forms.get("remove") or RemoveForm(prefix="remove", initial={"on": today}),
    }
    return render(request, "signs/sign_detail.html", context, status=status)


@never_cache
@second_factor_required
def sign_detail(request, code: str, pk: int):
    gemeente = _gemeente(request, code, act=False)
    return _sign_page(request, gemeente, _sign(gemeente, pk))


def _sign_step(request, code: str, pk: int, *, key: str, form_class, call, done: str):
    gemeente = _gemeente(request, code, act=True)
    sign = _sign(gemeente, pk)
    form = form_class(request.POST, prefix=key)
    if form.is_valid():
        try:
            call(sign, form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("signs:sign_detail", code=gemeente.code, pk=sign.pk)
    return _sign_page(request, gemeente, sign, {key: form}, status=400)


@second_factor_required
@require_POST
def sign_placed(request, code: str, pk: int):
    return _sign_step(
        request, code, pk, key="place", form_class=PointForm, done=_("Het bord staat als geplaatst genoteerd."),
        call=lambda sign, data: services.sign_place(
            sign=sign, user=request.user, on=data["on"], lat=data["lat"], lon=data["lon"], note=data["note"]
        ),
    )


@second_factor_required
@require_POST
def sign_moved(request, code: str, pk: int):
    return _sign_step(
        request, code, pk, key="move", form_class=PointForm, done=_("De nieuwe plek van het bord is genoteerd."),
        call=lambda sign, data: services.sign_move(
            sign=sign, user=request.user, on=data["on"], lat=data["lat"], lon=data["lon"], note=data["note"]
        ),
    )


@second_factor_required
@require_POST
def sign_removed(request, code: str, pk: int):
    return _sign_step(
        request, code, pk, key="remove", form_class=RemoveForm, done=_("Het bord staat als verwijderd genoteerd."),
        call=lambda sign, data: services.sign_remove(
            sign=sign, user=request.user, on=data["on"], reason=data["reason"]
        ),
    )


@never_cache
@second_factor_required
def rules_edit(request, code: str):
    gemeente = _gemeente(request, code, act=True)
    current = SignRules.objects.filter(gemeente=gemeente).first()
    form = RulesForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_rules_save(gemeente=gemeente, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De regels voor straatborden zijn opgeslagen."))
            return redirect("signs:requests", code=gemeente.code)
    return render(request, "signs/rules.html", {**_base(request, gemeente), "form": form})
