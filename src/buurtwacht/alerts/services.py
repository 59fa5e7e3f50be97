"""Writes about alerts: post one (SAAR), react on it, close it with an outcome, and admins' notices.

Each function is one transaction. It raises ValidationError (Dutch) for what the member can put right and
PermissionDenied for what their role does not allow. The event that members receive is recorded in the same
transaction, with its recipients computed here (delivery.services.event_publish).
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtwacht.alerts import events
from buurtwacht.alerts.models import (
    URGENT_KINDS,
    Alert,
    AlertKind,
    AlertPhoto,
    AlertStatus,
    Notice,
    Outcome,
    PoliceCall,
    Reaction,
    ReactionKind,
)
from buurtwacht.alerts.moderation import check_text
from buurtwacht.alerts.permissions import require_can_close
from buurtwacht.alerts.photos import ProcessedPhoto
from buurtwacht.alerts.signalement import check_profiling
from buurtwacht.delivery.services import event_publish
from buurtwacht.geo.selectors import check_point
from buurtwacht.geo.shapes import distance_m, to_geometry
from buurtwacht.groups.audiences import members_of
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.groups.permissions import require_admin, require_member

MAX_PHOTOS = 3


def point_near_area(group: Group, *, lon: float, lat: float) -> int:
    """How many metres this point lies outside the group's area (0 inside)."""
    return round(distance_m(lon, lat, to_geometry(group.area)))


def check_point_near_area(group: Group, *, lon: float, lat: float) -> None:
    """A group alerts about its own streets: the place must be in its area or at most ALERT_AREA_MARGIN_METRES
    outside it (this also keeps members from probing other groups' alerts far away)."""
    outside = point_near_area(group, lon=lon, lat=lat)
    if outside > settings.ALERT_AREA_MARGIN_METRES:
        raise ValidationError(
            _(
                "Deze plek ligt %(metres)s m buiten het gebied van %(group)s. Meld hier alleen wat in of vlak bij "
                "uw buurt gebeurt; bel bij spoed altijd 112."
            )
            % {"metres": number_format(outside, force_grouping=True), "group": group.name},
            code="point",
        )
# How far back "when" may lie; an alert is about now, older news is not an alert.
MAX_AGE = dt.timedelta(hours=24)
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "3/10m" -> (3, 600): at most 3 per 600 seconds."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"rate {rate!r} is not like 3/10m")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * _UNIT_SECONDS[unit]


@contextmanager
def _on_field(name: str):
    """A check's ValidationError, placed on this field (forms show it there; the API joins the messages)."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({name: error.error_list}) from error


def rate_limit_message(author, now: dt.datetime | None = None) -> str:
    """Why this member cannot post an alert now, with the time they can again; "" when they can."""
    now = now or timezone.now()
    count, seconds = parse_rate(settings.ALERT_RATE_LIMIT)
    since = now - dt.timedelta(seconds=seconds)
    recent = list(Alert.objects.filter(author=author, created_at__gte=since).order_by("created_at")[:count])
    if len(recent) < count:
        return ""
    again = timezone.localtime(recent[0].created_at + dt.timedelta(seconds=seconds))
    return ngettext(
        "U heeft al %(count)s melding geplaatst in de afgelopen %(minutes)s minuten. Vul zo nodig een "
        "bestaande melding aan, of probeer het om %(time)s opnieuw. Bij gevaar: bel 112.",
        "U heeft al %(count)s meldingen geplaatst in de afgelopen %(minutes)s minuten. Vul zo nodig een "
        "bestaande melding aan, of probeer het om %(time)s opnieuw. Bij gevaar: bel 112.",
        count,
    ) % {"count": count, "minutes": seconds // 60, "time": again.strftime("%H:%M")}


def _rate_check(author, now: dt.datetime) -> None:
    message = rate_limit_message(author, now)
    if message:
        raise ValidationError(message, code="rate")


def _when_check(happened_at: dt.datetime, now: dt.datetime) -> None:
    if happened_at > now + dt.timedelta(minutes=5):
        raise ValidationError(_("Het tijdstip ligt in de toekomst. Vul in wanneer u het zag."), code="when")
    if happened_at < now - MAX_AGE:
        raise ValidationError(
            _("Een melding gaat over wat nu speelt: het tijdstip mag hooguit 24 uur geleden zijn."), code="when"
        )


def _police_call_check(kind: str, police_call: str) -> None:
    if police_call not in PoliceCall.values:
        raise ValidationError(_("Geef aan of u de politie heeft gebeld."), code="police_call")
    if kind in URGENT_KINDS and police_call not in (PoliceCall.CALLED_112, PoliceCall.NOT_YET):
        raise ValidationError(
            _("Bij spoed eerst 112 bellen (huisregel 3 en 5). Geef aan of u 112 heeft gebeld of nog niet."),
            code="police_call",
        )


@transaction.atomic
def alert_create(
    *,
    group: Group,
    author,
    kind: str,
    lon: float,
    lat: float,
    police_call: str,
    happened_at: dt.datetime | None = None,
    location_text: str = "",
    description: str = "",
    person: dict | None = None,
    vehicle: dict | None = None,
    photos: list[ProcessedPhoto] = (),
) -> Alert:
    require_member(author, group)
    _require_active(group)
    now = timezone.now()
    if kind not in AlertKind.values:
        raise ValidationError({"kind": _("Kies wat er aan de hand is.")}, code="kind")
    check_point(lon, lat)
    check_point_near_area(group, lon=lon, lat=lat)
    if happened_at is not None and timezone.is_naive(happened_at):
        happened_at = timezone.make_aware(happened_at)  # a time without zone is Dutch time
    happened_at = happened_at or now
    with _on_field("when"):
        _when_check(happened_at, now)
    with _on_field("police_call"):
        _police_call_check(kind, police_call)
    with _on_field("description"):
        check_text(description, field_label=_("beschrijving"))
    with _on_field("location_text"):
        check_text(location_text, field_label=_("plaats"))
    person, vehicle = person or {}, vehicle or {}
    with _on_field("description"):
        check_profiling(person=person, description=description)
    if not (description.strip() or person or vehicle or photos):
        raise ValidationError({"description": _("Beschrijf kort wat u ziet.")}, code="description")
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Hooguit %(n)s foto's per melding.") % {"n": MAX_PHOTOS}}, code="photos")
    # Serialise one member's posts (in any of their groups), so that two at once cannot both pass the rate limit.
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    _rate_check(author, now)

    called = police_call == PoliceCall.CALLED_112
    alert = Alert.objects.create(
        group=group,
        author=author,
        kind=kind,
        lon=lon,
        lat=lat,
        location_text=location_text.strip(),
        happened_at=happened_at,
        police_call=police_call,
        called_112_at=now if called else None,
        called_112_by=author if called else None,
        description=description.strip(),
        person=person,
        vehicle=vehicle,
    )
    for photo in photos:
        AlertPhoto.objects.create(alert=alert, image=photo.image, thumbnail=photo.thumbnail)
    members = members_of(group)
    event_publish(
        kind=events.ALERT,
        audience=members,
        topic=events.alert_topic(alert),
        payload=events.alert_payload(alert, message=events.alert_message),
        notify=members.user_ids - {author.pk},
    )
    return alert


def _require_active(group: Group) -> None:
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(
            _("Deze groep is niet actief; meldingen plaatsen kan pas na goedkeuring."), code="inactive"
        )


def _locked_alert(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().select_related("group").get(pk=alert.pk)


@transaction.atomic
def reaction_add(*, alert: Alert, author, kind: str, text: str = "") -> Reaction:
    require_member(author, alert.group)
    _require_active(alert.group)
    alert = _locked_alert(alert)
    if kind not in ReactionKind.values:
        raise ValidationError(_("Kies een reactie."), code="kind")
    if not alert.is_open:
        raise ValidationError(_("Deze melding is afgesloten; reageren kan niet meer."), code="closed")
    text = text.strip()
    if kind == ReactionKind.ADDITION and not text:
        raise ValidationError({"text": _("Schrijf wat u wilt aanvullen.")}, code="text")
    with _on_field("text"):
        check_text(text, field_label=_("reactie"))
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(alert=alert, author=author, kind=kind, text=text)
    except IntegrityError:
        raise ValidationError(
            _("U heeft al gereageerd met '%(kind)s'.") % {"kind": ReactionKind(kind).label}, code="duplicate"
        ) from None
    if kind == ReactionKind.CALLED_112 and alert.called_112_at is None:
        alert.called_112_at, alert.called_112_by, alert.police_call = reaction.created_at, author, PoliceCall.CALLED_112
        alert.save(update_fields=["called_112_at", "called_112_by", "police_call"])
    event_publish(
        kind=events.REACTION,
        audience=members_of(alert.group),
        topic=events.alert_topic(alert),
        payload=events.alert_payload(alert),
    )
    return reaction


@transaction.atomic
def alert_close(*, alert: Alert, by, outcome: str, text: str = "") -> Alert:
    require_can_close(by, alert)
    alert = _locked_alert(alert)
    if not alert.is_open:
        raise ValidationError(_("Deze melding is al afgesloten."), code="closed")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Kies hoe het is afgelopen.")}, code="outcome")
    text = text.strip()
    with _on_field("text"):
        check_text(text, field_label=_("toelichting"))
    alert.status, alert.outcome, alert.outcome_text = AlertStatus.CLOSED, outcome, text
    alert.closed_at, alert.closed_by = timezone.now(), by
    alert.save(update_fields=["status", "outcome", "outcome_text", "closed_at", "closed_by"])
    members = members_of(alert.group)
    event_publish(
        kind=events.CLOSED,
        audience=members,
        topic=events.alert_topic(alert),
        payload=events.alert_payload(alert, message=events.closed_message),
        notify=members.user_ids - {by.pk},
    )
    return alert


@transaction.atomic
def notice_post(*, group: Group, author, text: str) -> Notice:
    """An admin tells the whole group something (a meeting, a police message passed on). Members cannot answer."""
    require_admin(author, group)
    _require_active(group)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Schrijf de mededeling.")}, code="text")
    with _on_field("text"):
        check_text(text, field_label=_("mededeling"))
    notice = Notice.objects.create(group=group, author=author, text=text)
    members = members_of(group)
    event_publish(
        kind=events.NOTICE,
        audience=members,
        topic=events.notice_topic(notice),
        payload=events.notice_payload(notice),
        notify=members.user_ids - {author.pk},
    )
    return notice
