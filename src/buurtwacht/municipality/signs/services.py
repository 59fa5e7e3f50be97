"""Writes for street signs: the gemeente's rules, an admin's request, the municipality's decision, and each sign's
placing, moving and removal. Every step keeps a history row and is mailed to the group's admins (recorded with the
change, sent by the worker after the commit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtwacht.delivery.mail import mail_send
from buurtwacht.geo.models import Gemeente, Wijk
from buurtwacht.geo.selectors import buurt_at, check_point
from buurtwacht.groups.membership.audiences import admins_of
from buurtwacht.groups.models import Group
from buurtwacht.groups.selectors import group_admins
from buurtwacht.municipality.selectors import staff_notification_addresses
from buurtwacht.municipality.signs.models import (
    ProposedSpot,
    RequestStatus,
    Sign,
    SignEvent,
    SignRequest,
    SignRules,
    SignStatus,
    Step,
)
from buurtwacht.municipality.signs.rules import broken, sign_rule_checks

MAX_SPOTS = 20
MAX_REASON = 1000
MAX_NOTE = 200


@dataclass(frozen=True)
class SpotInput:
    lat: float
    lon: float
    note: str = ""


# --- rules ---------------------------------------------------------------------------------------------------------

@transaction.atomic
def sign_rules_save(
    *,
    gemeente: Gemeente,
    user,
    min_connected_addresses: int | None = None,
    max_per_group: int | None = None,
    max_per_wijk: int | None = None,
    active_groups_only: bool = False,
    contribution_eur: Decimal | None = None,
    contribution_text: str = "",
    allowed_spots: str = "",
) -> SignRules:
    """Store the gemeente's sign rules; an empty value switches that rule off."""
    errors: dict[str, str] = {}
    for name, value in (
        ("min_connected_addresses", min_connected_addresses),
        ("max_per_group", max_per_group),
        ("max_per_wijk", max_per_wijk),
    ):
        if value is not None and not 0 <= value <= 100000:
            errors[name] = _("Vul een geheel getal van 0 tot 100.000 in, of laat het leeg voor geen regel.")
    if max_per_wijk == 0:
        errors["max_per_wijk"] = _("Vul 1 of meer in (1: geen extra borden in een wijk die er al een heeft).")
    if contribution_eur is not None and not Decimal(0) <= contribution_eur <= Decimal(10000):
        errors["contribution_eur"] = _("Vul een bedrag van 0 tot 10.000 euro in, of laat het leeg.")
    contribution_text = " ".join(contribution_text.split())
    allowed_spots = " ".join(allowed_spots.split())
    if len(contribution_text) > 300:
        errors["contribution_text"] = _("Houd de toelichting op de bijdrage onder 300 tekens.")
    if len(allowed_spots) > 300:
        errors["allowed_spots"] = _("Houd de toegestane plekken onder 300 tekens.")
    if errors:
        raise ValidationError({key: [message] for key, message in errors.items()})
    rules, _created = SignRules.objects.update_or_create(
        gemeente=gemeente,
        defaults={
            "min_connected_addresses": min_connected_addresses,
            "max_per_group": max_per_group,
            "max_per_wijk": max_per_wijk,
            "active_groups_only": active_groups_only,
            "contribution_eur": contribution_eur,
            "contribution_text": contribution_text,
            "allowed_spots": allowed_spots,
            "updated_by": user,
        },
    )
    return rules


# --- where a spot lies ---------------------------------------------------------------------------------------------

def _covers(area, lon: float, lat: float) -> bool:
    if area.geometry is None:
        return False
    if area.min_lon is not None and not (area.min_lon <= lon <= area.max_lon and area.min_lat <= lat <= area.max_lat):
        return False
    return bool(shapely.geometry.shape(area.geometry).covers(shapely.Point(lon, lat)))


def in_gemeente(gemeente: Gemeente, lon: float, lat: float) -> bool:
    if gemeente.geometry is not None:
        return _covers(gemeente, lon, lat)
    found = buurt_at(lon, lat)  # a gemeente imported without its outline: ask its buurten
    return found is not None and found.gemeente.code == gemeente.code


def wijk_at(gemeente: Gemeente, lon: float, lat: float) -> Wijk | None:
    """The gemeente's wijk at the point (wijken of neighbouring gemeenten do not count)."""
    candidates = Wijk.objects.filter(
        gemeente=gemeente, min_lon__lte=lon, max_lon__gte=lon, min_lat__lte=lat, max_lat__gte=lat
    ).order_by("code")
    return next((wijk for wijk in candidates if _covers(wijk, lon, lat)), None)


def _spots_checked(gemeente: Gemeente, spots: list[SpotInput], *, field: str = "spots") -> list[SpotInput]:
    if not spots:
        raise ValidationError({field: _("Zet minstens één plek voor een bord op de kaart (of vul een adres in).")})
    if len(spots) > MAX_SPOTS:
        raise ValidationError({field: _("Hoogstens %(max)s plekken per aanvraag.") % {"max": MAX_SPOTS}})
    single = len(spots) == 1  # one spot: no "Plek 1" before the message
    cleaned = []
    for number, spot in enumerate(spots, start=1):
        lat, lon = round(float(spot.lat), 6), round(float(spot.lon), 6)
        try:
            check_point(lon, lat)
        except ValidationError as exc:
            why = exc.messages[0]
            raise ValidationError({field: why if single else _("Plek %(n)s: %(why)s") % {"n": number, "why": why}}
                                  ) from exc
        if not in_gemeente(gemeente, lon, lat):
            outside = _(
                "De plek ligt buiten de gemeente %(gemeente)s. De gemeente plaatst alleen borden op haar eigen "
                "grondgebied: zet de plek binnen de gemeente."
            ) if single else _(
                "Plek %(n)s ligt buiten de gemeente %(gemeente)s. De gemeente plaatst alleen borden op haar eigen "
                "grondgebied: zet de plek binnen de gemeente."
            )
            raise ValidationError({field: outside % {"n": number, "gemeente": gemeente.display_name}})
        note = " ".join((spot.note or "").split())
        if len(note) > MAX_NOTE:
            too_long = _("Houd de toelichting onder %(max)s tekens.") if single else _(
                "Plek %(n)s: houd de toelichting onder %(max)s tekens.")
            raise ValidationError({field: too_long % {"n": number, "max": MAX_NOTE}})
        cleaned.append(SpotInput(lat=lat, lon=lon, note=note))
    return cleaned


# --- mail and history ----------------------------------------------------------------------------------------------

def _record(step: str, *, request: SignRequest, user, sign: Sign | None = None, on: dt.date | None = None,
            lat: float | None = None, lon: float | None = None, note: str = "") -> SignEvent:
    return SignEvent.objects.create(
        step=step, request=request, sign=sign, actor=user if getattr(user, "pk", None) else None, on=on, lat=lat,
        lon=lon, note=note,
    )


def _mail_admins(step: str, *, request: SignRequest, signs: list[Sign] | None = None, on: dt.date | None = None,
                 note: str = "") -> None:
    """Tell the group's admins of a step; recorded now with the change, sent by the worker after the commit. An
    admin who stepped down meanwhile gets nothing (the audience is asked again when sent)."""
    group = request.group
    admins = group_admins(group)
    context = {
        "step": step,
        "group": group,
        "gemeente": request.gemeente,
        "sign_request": request,
        "signs": signs or [],
        "spots": list(request.spots.all()),
        "on": on,
        "note": note,
        "path": reverse("signs:group", kwargs={"slug": group.slug}),
    }
    mail_send("signs_step", context, admins or [group.contact_email], audience=admins_of([group]))


def _mail_staff(request: SignRequest, spot_count: int) -> None:
    """Team Veiligheid hears of a new request, with a link to it; sent by the worker after the commit."""
    recipients = staff_notification_addresses(request.gemeente)
    if not recipients:
        return
    context = {
        "group": request.group,
        "gemeente": request.gemeente,
        "sign_request": request,
        "spot_count": spot_count,
        "page_path": reverse("signs:request_detail", kwargs={"code": request.gemeente.code, "pk": request.pk}),
    }
    mail_send("signs_new_for_staff", context, recipients)


# --- a group's request ---------------------------------------------------------------------------------------------

@transaction.atomic
def sign_request_create(*, group: Group, user, reason: str, spots: list[SpotInput]) -> SignRequest:
    """An admin asks the municipality for signs at the proposed spots. Refused, with the reasons in Dutch, when a
    spot lies outside the gemeente, when the group has a request waiting, or when any of the gemeente's rules is
    broken for this number of signs."""
    group = Group.objects.select_for_update(of=("self",)).select_related("gemeente", "wijk").get(pk=group.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf kort waarom de groep borden wil, bijvoorbeeld waar inbrekers "
                                           "de wijk in komen.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("Houd de toelichting onder %(max)s tekens.") % {"max": MAX_REASON}})
    spots = _spots_checked(group.gemeente, spots)
    if SignRequest.objects.filter(group=group, status=RequestStatus.REQUESTED).exists():
        raise ValidationError(_(
            "De groep heeft al een aanvraag voor borden die wacht op de gemeente. Wacht op het besluit, of vraag de "
            "gemeente de aanvraag aan te passen."
        ))
    problems = broken(sign_rule_checks(group=group, spot_count=len(spots)))
    if problems:
        raise ValidationError([check.reason for check in problems])
    request = SignRequest.objects.create(group=group, gemeente=group.gemeente, requested_by=user, reason=reason)
    ProposedSpot.objects.bulk_create(
        [ProposedSpot(request=request, lat=s.lat, lon=s.lon, note=s.note) for s in spots]
    )
    _record(Step.REQUESTED, request=request, user=user, note=reason)
    _mail_admins(Step.REQUESTED, request=request)
    _mail_staff(request, len(spots))
    return request


# --- the municipality's decision -----------------------------------------------------------------------------------

def _locked_open(request: SignRequest) -> SignRequest:
    rows = SignRequest.objects.select_for_update(of=("self",)).select_related("group", "gemeente", "group__wijk")
    request = rows.get(pk=request.pk)
    if request.status != RequestStatus.REQUESTED:
        raise ValidationError(_("Over deze aanvraag is al besloten (%(status)s).") % {
            "status": request.get_status_display().lower()})
    return request


@transaction.atomic
def sign_request_approve(*, request: SignRequest, user, spots: list[SpotInput], note: str = "") -> list[Sign]:
    """Approve a request with the final spots agreed with the admin (which may differ from the proposed ones). The
    rules are checked again now, for the final number of signs; each spot becomes a sign to place."""
    request = _locked_open(request)
    spots = _spots_checked(request.gemeente, spots)
    note = (note or "").strip()[:MAX_REASON]
    problems = broken(sign_rule_checks(group=request.group, spot_count=len(spots)))
    if problems:
        raise ValidationError([check.reason for check in problems] + [_(
            "Pas de regels van de gemeente aan, of wijs de aanvraag af met deze reden."
        )])
    request.status = RequestStatus.APPROVED
    request.decided_at = timezone.now()
    request.decided_by = user
    request.decision_note = note
    request.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    signs = []
    for spot in spots:
        sign = Sign.objects.create(
            request=request, group=request.group, gemeente=request.gemeente,
            wijk=wijk_at(request.gemeente, spot.lon, spot.lat) or request.group.wijk,
            lat=spot.lat, lon=spot.lon, note=spot.note,
        )
        _record(Step.APPROVED, request=request, user=user, sign=sign, lat=spot.lat, lon=spot.lon, note=note)
        signs.append(sign)
    _mail_admins(Step.APPROVED, request=request, signs=signs, note=note)
    return signs


@transaction.atomic
def sign_request_refuse(*, request: SignRequest, user, note: str) -> SignRequest:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Schrijf de reden van de afwijzing; de beheerders krijgen die te lezen.")})
    request = _locked_open(request)
    request.status = RequestStatus.REFUSED
    request.decided_at = timezone.now()
    request.decided_by = user
    request.decision_note = note[:MAX_REASON]
    request.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    _record(Step.REFUSED, request=request, user=user, note=request.decision_note)
    _mail_admins(Step.REFUSED, request=request, note=request.decision_note)
    return request


# --- each sign -----------------------------------------------------------------------------------------------------

def _locked_sign(sign: Sign) -> Sign:
    return Sign.objects.select_for_update(of=("self",)).select_related("request", "group", "gemeente").get(pk=sign.pk)


def _previous_step_on(sign: Sign) -> dt.date:
    """The date of the sign's latest step: the date given for placing or moving, else the day of the approval."""
    dates = [event.on or timezone.localdate(event.at) for event in sign.events.all()]
    decided = sign.request.decided_at
    return max(dates or [timezone.localdate(decided) if decided else timezone.localdate(sign.created_at)])


def _date_checked(on: dt.date | None, *, sign: Sign, step: str) -> dt.date:
    """A step's date: not in the future (the step already happened), and not before the approval (placing) or
    before the sign's previous step (moving, removal)."""
    if on is None:
        raise ValidationError({"on": _("Vul de datum in.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("De datum ligt in de toekomst. Vul de datum in waarop het gebeurde.")})
    earliest = _previous_step_on(sign)
    if on < earliest:
        day = date_format(earliest, "j F Y")
        if step == Step.PLACED:
            message = _("Het bord is op %(day)s goedgekeurd en kan niet eerder geplaatst zijn. Vul de datum in "
                        "waarop het geplaatst is.")
        else:
            message = _("De vorige stap van dit bord was op %(day)s. Vul een datum in op of na die dag.")
        raise ValidationError({"on": message % {"day": day}})
    return on


def _spot_of(sign: Sign, lat: float | None, lon: float | None) -> SpotInput | None:
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise ValidationError({"spot": _("Vul zowel de breedtegraad als de lengtegraad in, of geen van beide.")})
    return _spots_checked(sign.gemeente, [SpotInput(lat=lat, lon=lon)], field="spot")[0]


def _move_to(sign: Sign, spot: SpotInput) -> None:
    sign.lat, sign.lon = spot.lat, spot.lon
    sign.wijk = wijk_at(sign.gemeente, spot.lon, spot.lat) or sign.wijk


@transaction.atomic
def sign_place(*, sign: Sign, user, on: dt.date | None, lat: float | None = None, lon: float | None = None,
               note: str = "") -> Sign:
    """The municipality placed the sign on `on`, at its final spot (the approved one unless another is given)."""
    sign = _locked_sign(sign)
    if sign.status != SignStatus.APPROVED:
        raise ValidationError(_("Dit bord is al %(status)s.") % {"status": sign.get_status_display().lower()})
    on = _date_checked(on, sign=sign, step=Step.PLACED)
    if spot := _spot_of(sign, lat, lon):
        _move_to(sign, spot)
    sign.status, sign.placed_on = SignStatus.PLACED, on
    sign.save()
    note = (note or "").strip()[:MAX_REASON]
    _record(Step.PLACED, request=sign.request, user=user, sign=sign, on=on, lat=sign.lat, lon=sign.lon, note=note)
    _mail_admins(Step.PLACED, request=sign.request, signs=[sign], on=on, note=note)
    return sign


@transaction.atomic
def sign_move(*, sign: Sign, user, on: dt.date | None, lat: float | None, lon: float | None, note: str = "") -> Sign:
    """The municipality moved a placed sign to a new spot on `on`."""
    sign = _locked_sign(sign)
    if sign.status != SignStatus.PLACED:
        raise ValidationError(_("Alleen een geplaatst bord kan worden verplaatst."))
    on = _date_checked(on, sign=sign, step=Step.MOVED)
    spot = _spot_of(sign, lat, lon)
    if spot is None:
        raise ValidationError({"spot": _("Kies de nieuwe plek van het bord op de kaart of vul de coördinaten in.")})
    _move_to(sign, spot)
    sign.save()
    note = (note or "").strip()[:MAX_REASON]
    _record(Step.MOVED, request=sign.request, user=user, sign=sign, on=on, lat=sign.lat, lon=sign.lon, note=note)
    _mail_admins(Step.MOVED, request=sign.request, signs=[sign], on=on, note=note)
    return sign


@transaction.atomic
def sign_remove(*, sign: Sign, user, on: dt.date | None, reason: str) -> Sign:
    """The municipality removed the sign on `on`, for `reason`; it no longer counts for the rules."""
    sign = _locked_sign(sign)
    if sign.status == SignStatus.REMOVED:
        raise ValidationError(_("Dit bord is al verwijderd."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf waarom het bord is verwijderd; de beheerders krijgen dat te "
                                           "lezen.")})
    on = _date_checked(on, sign=sign, step=Step.REMOVED)
    sign.status, sign.removed_on = SignStatus.REMOVED, on
    sign.save()
    reason = reason[:MAX_REASON]
    _record(Step.REMOVED, request=sign.request, user=user, sign=sign, on=on, lat=sign.lat, lon=sign.lon, note=reason)
    _mail_admins(Step.REMOVED, request=sign.request, signs=[sign], on=on, note=reason)
    return sign
