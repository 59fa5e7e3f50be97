"""The sticker pages: an admin's request page under the group's management, and the gemeente's page where staff
hand out (and police read) the requests, with the stock and the settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtwacht.accounts.permissions import can_review_groups_of, can_see_admins_of, require, second_factor_required
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import require_admin
from buurtwacht.kit.forms import add_service_error
from buurtwacht.municipality.stickers import selectors, services
from buurtwacht.municipality.stickers.forms import DeliveryForm, RefuseForm, RequestForm, SettingsForm
from buurtwacht.municipality.stickers.models import RequestStatus, StickerRequest


def _gemeente(code: str) -> Gemeente:
    return get_object_or_404(Gemeente, code=code.upper())


def _request_of(gemeente: Gemeente, pk: int) -> StickerRequest:
    return get_object_or_404(StickerRequest.objects.select_related("group"), pk=pk, gemeente=gemeente)


def _back(request, gemeente: Gemeente):
    """Back where the button was pressed: the dashboard or the stickers page."""
    if request.POST.get("next") == "dashboard":
        return redirect("municipality:overview", code=gemeente.code)
    return redirect("stickers:gemeente", code=gemeente.code)


@never_cache
@login_required
def group_page(request, slug: str):
    group = get_object_or_404(Group.objects.select_related("gemeente"), slug=slug)
    require_admin(request.user, group)
    settings_row = selectors.settings_of(group.gemeente)
    room = selectors.allowance(group, settings_row)
    home = request.user.address
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        settings_row=settings_row,
        remaining=room.remaining,
        home=str(home) if home else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sticker_request_create(group=group, admin=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Uw aanvraag is verstuurd naar de gemeente. U krijgt bericht per e-mail."))
            return redirect("stickers:group", slug=group.slug)
    context = {
        "group": group,
        "settings_row": settings_row,
        "allowance": room,
        "form": form,
        "requests": selectors.requests_of_group(group),
        "can_request": group.status == "active" and room.remaining > 0,
    }
    return render(request, "stickers/group.html", context)


@never_cache
@second_factor_required
def gemeente_page(request, code: str):
    gemeente = _gemeente(code)
    require(can_see_admins_of(request.user, gemeente))
    context = {
        "gemeente": gemeente,
        "settings_row": selectors.settings_of(gemeente),
        "open_requests": selectors.open_requests(gemeente),
        "done_requests": selectors.done_requests(gemeente)[:100],
        "can_decide": can_review_groups_of(request.user, gemeente),
        "delivery_form": DeliveryForm(),
    }
    return render(request, "stickers/gemeente.html", context)


@never_cache
@second_factor_required
def settings_page(request, code: str):
    gemeente = _gemeente(code)
    require(can_review_groups_of(request.user, gemeente))
    data = request.POST if request.method == "POST" else None
    form = SettingsForm.for_settings(data, selectors.settings_of(gemeente))
    if request.method == "POST" and form.is_valid():
        try:
            services.sticker_settings_save(gemeente=gemeente, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De instellingen voor stickers zijn opgeslagen."))
            return redirect("stickers:gemeente", code=gemeente.code)
    return render(request, "stickers/settings.html", {"gemeente": gemeente, "form": form})


def _hand_out(request, code: str, pk: int, status: str, done: str):
    gemeente = _gemeente(code)
    require(can_review_groups_of(request.user, gemeente))
    sticker_request = _request_of(gemeente, pk)
    try:
        services.sticker_request_hand_out(sticker_request=sticker_request, by=request.user, status=status)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"number": sticker_request.number, "group": sticker_request.group.name})
    return _back(request, gemeente)


@second_factor_required
@require_POST
def mark_sent(request, code: str, pk: int):
    return _hand_out(
        request, code, pk, RequestStatus.SENT, _("%(number)s stickers voor %(group)s staan als verzonden genoteerd.")
    )


@second_factor_required
@require_POST
def mark_ready(request, code: str, pk: int):
    return _hand_out(
        request, code, pk, RequestStatus.READY, _("%(number)s stickers voor %(group)s liggen klaar om op te halen.")
    )


@second_factor_required
@require_POST
def mark_picked_up(request, code: str, pk: int):
    gemeente = _gemeente(code)
    require(can_review_groups_of(request.user, gemeente))
    sticker_request = _request_of(gemeente, pk)
    try:
        services.sticker_request_picked_up(sticker_request=sticker_request, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("%(number)s stickers voor %(group)s staan als opgehaald genoteerd.")
        messages.success(request, done % {"number": sticker_request.number, "group": sticker_request.group.name})
    return _back(request, gemeente)


@second_factor_required
@require_POST
def stock_delivery(request, code: str):
    gemeente = _gemeente(code)
    require(can_review_groups_of(request.user, gemeente))
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return _back(request, gemeente)
    number = form.cleaned_data["number"]
    try:
        settings_row = services.sticker_stock_receive(gemeente=gemeente, number=number)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Levering ontvangen: %(number)s stickers bij de voorraad geteld. De voorraad is nu %(stock)s.")
            % {"number": number, "stock": settings_row.stock},
        )
    return _back(request, gemeente)


@never_cache
@second_factor_required
def refuse(request, code: str, pk: int):
    gemeente = _gemeente(code)
    require(can_review_groups_of(request.user, gemeente))
    sticker_request = _request_of(gemeente, pk)
    form = RefuseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sticker_request_refuse(
                sticker_request=sticker_request, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            name = sticker_request.group.name
            messages.success(request, _("De aanvraag van %(group)s is geweigerd.") % {"group": name})
            return redirect("stickers:gemeente", code=gemeente.code)
    context = {"gemeente": gemeente, "sticker_request": sticker_request, "form": form}
    return render(request, "stickers/refuse.html", context)
