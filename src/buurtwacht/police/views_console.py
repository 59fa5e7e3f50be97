"""The police console (/politie/): the messages of one's gemeenten, the composer with its reach preview, one message
with its receipts (live), updates and the close, and the residents' tips.

Every page: signed in, the second factor, then a wijkagent or meldkamer role (police.permissions.sender_of_user);
a message only of one's own gemeenten (require_message). The police see group names, areas and counts, never
members, their addresses or a group's content. The tips are the one exception, by design: a resident who answers
an area alert writes to the police, and the control room calls back, so the tipper's first name and phone number
(when their account has one) are shown with the tip; the resident's page says so.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from buurtwacht.accounts.permissions import second_factor_required
from buurtwacht.alerts.forms_signalement import PersonForm, VehicleForm
from buurtwacht.kit.forms import add_service_error
from buurtwacht.kit.storage import private_jpeg
from buurtwacht.police import selectors, services, text
from buurtwacht.police.forms_console import (
    CloseForm,
    ComposeForm,
    UpdateForm,
    composer_errors,
    form_refusals,
)
from buurtwacht.police.models import MessageKind, MessageStatus, PoliceMessage, Tip
from buurtwacht.police.permissions import Sender, require_message, sender_of_user
from buurtwacht.police.preview import buurten_per_wijk, reach_preview


def _message(request, pk: int) -> tuple[Sender, PoliceMessage]:
    sender = sender_of_user(request.user)
    message = get_object_or_404(PoliceMessage.objects.select_related("gemeente"), pk=pk)
    require_message(sender, message)
    return sender, message


@never_cache
@second_factor_required
def home(request):
    """The messages of one's gemeenten: the open ones first, then the newest."""
    sender = sender_of_user(request.user)
    rows = sorted(selectors.messages_for(sender.gemeente_ids), key=lambda m: m.status != MessageStatus.OPEN)
    for row in rows:
        row.reach_line = reach_line(row.kind, row.reach)
    return render(request, "police/console/home.html", {"police_messages": rows})


def _compose_forms(sender: Sender, data=None, files=None):
    form = ComposeForm(data, files, buurten_per_wijk=buurten_per_wijk(sender.gemeente_ids))
    person, vehicle = PersonForm(data, prefix="person"), VehicleForm(data, prefix="vehicle")
    return form, person, vehicle


@never_cache
@second_factor_required
def compose(request):
    sender = sender_of_user(request.user)
    if request.method == "POST":
        form, person, vehicle = _compose_forms(sender, request.POST, request.FILES)
        if form.is_valid():
            data = form.message_input(person=person.parsed(), vehicle=vehicle.parsed())
            try:
                message = services.message_send(sender=sender, data=data, photo=form.cleaned_data["photo"])
            except (ValidationError, PermissionDenied) as refused:
                composer_errors(refused, form, person, vehicle)
            else:
                messages.success(request, _sent_line(message))
                return redirect("console:message", pk=message.pk)
    else:
        form, person, vehicle = _compose_forms(sender)
    context = {
        "form": form,
        "person_form": person,
        "vehicle_form": vehicle,
        "instruction": text.instruction(),
        "map_bounds": selectors.bounds_of(sender.gemeente_ids),
    }
    return render(request, "police/console/compose.html", context)


def reach_line(kind: str, counts: dict) -> str:
    """ "2 beheerders van 1 groep" (a dispatch) or "120 bewoners" (an area alert)."""
    if kind == MessageKind.DISPATCH:
        admins, groups = counts.get("admins", 0), counts.get("groups", 0)
        return _("%(admins)s van %(groups)s") % {
            "admins": ngettext("%(n)s beheerder", "%(n)s beheerders", admins) % {"n": admins},
            "groups": ngettext("%(n)s groep", "%(n)s groepen", groups) % {"n": groups},
        }
    residents = counts.get("residents", 0)
    return ngettext("%(n)s bewoner", "%(n)s bewoners", residents) % {"n": residents}


def _sent_line(message: PoliceMessage) -> str:
    return _("Verstuurd naar %(reach)s.") % {"reach": reach_line(message.kind, message.reach)}


@require_GET
@never_cache
@second_factor_required
def reach(request):
    """The composer asks while it is filled in: the area, the groups inside it, the counts, and the text as it will
    read. 400 with the refusals per field when the place or area is refused; 403 outside one's gemeenten."""
    sender = sender_of_user(request.user)
    form, person, vehicle = _compose_forms(sender, request.GET)
    if not form.is_valid():
        return JsonResponse({"refusals": form_refusals(form)}, status=400)
    data = form.message_input(person=person.parsed(), vehicle=vehicle.parsed())
    try:
        preview = reach_preview(sender=sender, data=data)
    except ValidationError as refused:
        return JsonResponse({"refusals": refused.message_dict}, status=400)
    except PermissionDenied as refused:
        return JsonResponse({"refusals": {"place": [str(refused)]}}, status=403)
    kind = data.kind if data.kind in MessageKind.values else MessageKind.DISPATCH
    if kind == MessageKind.DISPATCH:
        summary = _("Dit bericht gaat naar %(reach)s.")
    else:
        summary = _("Dit buurtalert gaat naar %(reach)s.")
    return JsonResponse({**preview.as_json(), "summary": summary % {"reach": reach_line(kind, preview.counts)}})


def _message_page(request, message: PoliceMessage, *, update_form=None, close_form=None, status=200):
    context = {
        "message": message,
        "message_text": text.message_text(message),
        "updates": list(message.updates.all()),
        "receipts": _receipts(message),
        "groups": _groups_on_map(message),
        "tips": _tips(message),
        "update_form": update_form or UpdateForm(),
        "close_form": close_form or CloseForm(prefix="close", incident=message.incident),
        "receipt_strings": _receipt_strings(message),
    }
    return render(request, "police/console/message.html", context, status=status)


def _receipts(message: PoliceMessage) -> dict:
    """The live receipts; once the message is anonymised (its events gone), the counts it kept."""
    receipts = {**selectors.message_receipts(message), "status": message.status}
    if message.anonymised_at is not None:
        receipts.update(message.reach.get("receipts", {}))
    return receipts


def _receipt_strings(message: PoliceMessage) -> dict:
    """The words console.js shows the live receipts in (placeholders as in Python: %(name)s)."""
    dispatch = message.kind == MessageKind.DISPATCH
    return {
        "recipients": _("Beheerders") if dispatch else _("Bewoners"),
        "delivered": _("Bezorgd"),
        "seen": _("Gezien"),
        "first_seen": _("Eerste beheerder zag het na") if dispatch else _("Eerste bewoner zag het na"),
        "first_forward": _("Eerste keer doorgestuurd na"),
        "within_1": _("Bezorgd binnen 1 minuut"),
        "within_5": _("Bezorgd binnen 5 minuten"),
        "tips": _("Tips"),
        "not_yet": _("nog niet"),
        "seconds": _("%(s)s s"),
        "minutes": _("%(m)s min %(s)s s"),
        "admins": _("Beheerders: %(delivered)s van %(admins)s bezorgd, %(seen)s gezien"),
        "not_forwarded": _("Nog niet doorgestuurd"),
        "forward": _("%(label)s om %(time)s"),
        "members": _("Deelnemers: %(delivered)s van %(recipients)s bereikt, %(seen)s gezien"),
        "called_112": _("Zeiden 112 te hebben gebeld: %(n)s"),
        "no_groups": _("Nog geen groepen.") if dispatch else _("Nog door geen beheerder in een groep gezet."),
    }


def _groups_on_map(message: PoliceMessage) -> dict:
    """The reached groups' areas as background of the message's map (names only: police see no members)."""
    rows = message.reached_groups.select_related("group").order_by("group__name")
    features = [{"type": "Feature", "geometry": row.group.area, "properties": {"name": row.group.name}} for row in rows]
    return {"type": "FeatureCollection", "features": features}


def _tips(message: PoliceMessage) -> list[Tip]:
    if message.kind != MessageKind.AREA_ALERT:
        return []
    return list(Tip.objects.filter(message=message).select_related("user").order_by("-created_at"))


@never_cache
@second_factor_required
def message(request, pk: int):
    _sender, message = _message(request, pk)
    return _message_page(request, message)


@require_GET
@never_cache
@second_factor_required
def receipts(request, pk: int):
    """The receipts (police.selectors.message_receipts) for the message page's live refresh."""
    _sender, message = _message(request, pk)
    return JsonResponse(_receipts(message))


def _with_errors(form, refused: ValidationError):
    add_service_error(form, refused)
    return form


def _refused(request, message: PoliceMessage, refused: ValidationError, **forms):
    """The page again with the refusal beside the field; when the message closed meanwhile (and the forms are gone),
    the refusal on top."""
    message.refresh_from_db()
    if not message.is_open:
        messages.error(request, " ".join(refused.messages))
    return _message_page(request, message, status=400, **forms)


@require_POST
@second_factor_required
def update(request, pk: int):
    sender, message = _message(request, pk)
    form = UpdateForm(request.POST)
    form.is_valid()  # text only: always valid
    try:
        services.message_update(sender=sender, message=message, text_=form.cleaned_data["text"])
    except ValidationError as refused:
        return _refused(request, message, refused, update_form=_with_errors(form, refused))
    messages.success(request, _("De aanvulling is verstuurd naar iedereen die het bericht kreeg."))
    return redirect("console:message", pk=message.pk)


@require_POST
@second_factor_required
def close(request, pk: int):
    sender, message = _message(request, pk)
    form = CloseForm(request.POST, prefix="close", incident=message.incident)
    form.is_valid()  # text only: always valid
    try:
        services.message_close(
            sender=sender, message=message, outcome=form.cleaned_data["outcome"], text_=form.cleaned_data["text"]
        )
    except ValidationError as refused:
        return _refused(request, message, refused, close_form=_with_errors(form, refused))
    messages.success(request, _("Het bericht is beëindigd; iedereen die het kreeg, hoort hoe het afliep."))
    return redirect("console:message", pk=message.pk)


@require_GET
@never_cache
@second_factor_required
def tips(request, pk: int):
    """The residents' tips as a fragment, for the message page to show new ones without reloading."""
    _sender, message = _message(request, pk)
    return render(request, "police/console/_tips.html", {"message": message, "tips": _tips(message)})


@require_GET
@second_factor_required
def photo(request, pk: int):
    """The message's own photo (a missing person's is deleted at the close)."""
    _sender, message = _message(request, pk)
    return private_jpeg(message.photo)


@require_GET
@second_factor_required
def tip_photo(request, pk: int, tip_pk: int):
    _sender, message = _message(request, pk)
    tip = get_object_or_404(Tip, pk=tip_pk, message=message)
    return private_jpeg(tip.photo)
