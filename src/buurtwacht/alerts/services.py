"""Writes about alerts: post one (SAAR), react on it, close it with an outcome, and admins' notices.

Every rule is enforced here (with the checks of alerts.rules), so the composer, the JSON API and any later channel
get the same answer: a ValidationError keyed by the input field it concerns, with Dutch messages, for what the
member can put right, and PermissionDenied for what their role does not allow. Each write is one transaction; the
event that members receive is recorded in it, with its recipients computed here (delivery.services.event_publish).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtwacht.alerts import events
from buurtwacht.alerts.models import (
    Alert,
    AlertPhoto,
    AlertStatus,
    Notice,
    Outcome,
    PoliceCall,
    Reaction,
    ReactionKind,
)
from buurtwacht.alerts.permissions import require_can_close
from buurtwacht.alerts.photos import ProcessedPhoto, process_photo
from buurtwacht.alerts.rules import (
    NOTICE_MAX_LENGTH,
    OUTCOME_TEXT_MAX_LENGTH,
    REACTION_MAX_LENGTH,
    AlertInput,
    CheckedAlert,
    Refusals,
    alert_check,
    alerts_here_check,
    check_free_text,
    on_field,
)
from buurtwacht.delivery.services import event_publish, events_delete
from buurtwacht.groups.membership.audiences import members_of
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.groups.permissions import require_admin, require_member

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "3/10m" -> (3, 600): at most 3 per 600 seconds."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"rate {rate!r} is not like 3/10m")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * _UNIT_SECONDS[unit]




def rate_limit_until(author, now: dt.datetime | None = None) -> dt.datetime | None:
    """When this member may post an alert again, if they are at the limit (settings.ALERT_RATE_LIMIT) now."""
    now = now or timezone.now()
    count, seconds = parse_rate(settings.ALERT_RATE_LIMIT)
    since = now - dt.timedelta(seconds=seconds)
    recent = list(Alert.objects.filter(author=author, created_at__gte=since).order_by("created_at")[:count])
    if len(recent) < count:
        return None
    return timezone.localtime(recent[0].created_at + dt.timedelta(seconds=seconds))


def rate_limit_message(author, now: dt.datetime | None = None) -> str:
    """Why this member cannot post an alert now, with the time they can again; "" when they can."""
    again = rate_limit_until(author, now)
    if again is None:
        return ""
    count, seconds = parse_rate(settings.ALERT_RATE_LIMIT)
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
        raise ValidationError({NON_FIELD_ERRORS: ValidationError(message, code="rate")})


def alert_create(*, group: Group, author, data: AlertInput, photos: Sequence = ()) -> Alert:
    """Post an alert (SAAR). Steps:
    1. Permission (a member of an active group) and every rule about the content, at once (rules.alert_check).
    2. The rate limit, read without a lock, so a member over it is told before any photo is decoded.
    3. Decode and re-encode the photos (checked from their headers in step 1) outside the transaction: decoding
       takes memory and seconds, and must not hold the database's write lock meanwhile.
    4. In one transaction: lock the member's row (two posts at once cannot both pass the rate limit), check the
       limit again, write the alert and its photos, and record the event for the members.
    """
    require_member(author, group)
    _require_active(group)
    alerts_here_check(group)
    now = timezone.now()
    checked = alert_check(group, data, photos, now)
    _rate_check(author, now)
    processed = []
    for photo in photos:
        try:
            processed.append(process_photo(photo))
        except ValidationError as error:
            raise ValidationError({"photos": error.error_list}) from error
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        require_member(author, group)  # again: the photos took time, and the member may have been removed
        _rate_check(author, now)
        return _alert_write(group, author, data, checked, processed, now)


def _alert_write(group, author, data: AlertInput, checked: CheckedAlert, photos: list[ProcessedPhoto], now) -> Alert:
    called = data.police_call == PoliceCall.CALLED_112
    alert = Alert.objects.create(
        group=group,
        author=author,
        kind=data.kind,
        lon=checked.place.lon,
        lat=checked.place.lat,
        location_text=checked.location_text,
        happened_at=checked.happened_at,
        police_call=data.police_call,
        called_112_at=now if called else None,
        called_112_by=author if called else None,
        description=checked.description,
        person=checked.person,
        vehicle=checked.vehicle,
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


def inactive_message() -> str:
    return _("Deze groep is niet actief; meldingen plaatsen kan pas na goedkeuring.")


def _require_active(group: Group) -> None:
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError({NON_FIELD_ERRORS: ValidationError(inactive_message(), code="inactive")})


def _refused(message: str, code: str, name: str = NON_FIELD_ERRORS) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def _locked_alert(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().select_related("group").get(pk=alert.pk)


@transaction.atomic
def reaction_add(*, alert: Alert, author, kind: str, text: str = "") -> Reaction:
    require_member(author, alert.group)
    _require_active(alert.group)
    alert = _locked_alert(alert)
    if not alert.is_open:
        raise _refused(_("Deze melding is afgesloten; reageren kan niet meer."), "closed")
    refusals = Refusals()
    if kind not in ReactionKind.values:
        refusals.add(ValidationError(_("Kies een reactie."), code="kind"), "kind")
    with refusals.on("text"):
        text = check_free_text(text, max_length=REACTION_MAX_LENGTH, label=_("reactie"))
    if kind == ReactionKind.ADDITION and not text and "text" not in refusals:
        refusals.add(ValidationError(_("Schrijf wat u wilt aanvullen."), code="text"), "text")
    refusals.raise_any()
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(alert=alert, author=author, kind=kind, text=text)
    except IntegrityError:
        raise _refused(
            _("U heeft al gereageerd met '%(kind)s'.") % {"kind": ReactionKind(kind).label}, "duplicate"
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
        raise _refused(_("Deze melding is al afgesloten."), "closed")
    refusals = Refusals()
    if outcome not in Outcome.values:
        refusals.add(ValidationError(_("Kies hoe het is afgelopen."), code="outcome"), "outcome")
    with refusals.on("text"):
        text = check_free_text(text, max_length=OUTCOME_TEXT_MAX_LENGTH, label=_("toelichting"))
    refusals.raise_any()
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
    with on_field("text"):
        text = check_free_text(text, max_length=NOTICE_MAX_LENGTH, label=_("mededeling"))
        if not text:
            raise ValidationError(_("Schrijf de mededeling."), code="text")
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


def events_naming_delete(user) -> int:
    """An account is deleted: the events that name the person (rendered with their first name) are deleted, so a
    reconnecting page does not replay the name. Of an alert they wrote, every event goes; of an alert they only
    reacted to, closed or called 112 for, the later events go and its first event (which names its author only,
    and holds its receipts) stays. The alerts stay with the group, without their author (alerts.models:
    SET_NULL). Runs before the account row goes (accounts.hooks.before_delete)."""
    authored = Alert.objects.filter(author=user).only("pk")
    named_later = (
        Alert.objects.filter(
            Q(closed_by=user)
            | Q(called_112_by=user)
            | Q(pk__in=Reaction.objects.filter(author=user).values("alert_id"))
        )
        .exclude(author=user)
        .only("pk")
    )
    notices = Notice.objects.filter(author=user).only("pk")
    deleted = events_delete(topics=[*map(events.alert_topic, authored), *map(events.notice_topic, notices)])
    return deleted + events_delete(topics=[events.alert_topic(alert) for alert in named_later], keep_kind=events.ALERT)
