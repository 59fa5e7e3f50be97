"""Writes of the network: a group takes part or stops, an admin passes an alert on to the neighbouring groups'
admins ("doorgeven aan buurgroepen"), and an admin of a receiving group forwards it into their group.

Every rule is here, so the pages and the JSON API get the same answer: PermissionDenied for what the person's role
does not allow, ValidationError (Dutch) for what cannot be done now. Passing on records one event per receiving
group, for the admins of that group only (groups' "group-admins" audience), live and by push and e-mail as each
admin has them. Forwarding goes through alerts.services.alert_create, so every rule of an alert applies to it, with
one difference the alerts' rules know of (AlertInput.forwarded_from): its place lies in or near the neighbour's area.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buurtwacht.alerts.events import clock
from buurtwacht.alerts.models import Alert, PoliceCall
from buurtwacht.alerts.rules import DESCRIPTION_MAX_LENGTH, MAX_AGE, AlertInput, Place
from buurtwacht.alerts.services import alert_create, parse_rate, rate_limit_until
from buurtwacht.delivery.services import event_publish, events_delete
from buurtwacht.groups.membership.audiences import admins_of
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.groups.permissions import require_admin
from buurtwacht.kit.text import before_full_stop
from buurtwacht.networks import events
from buurtwacht.networks.models import NetworkOptIn, PassOn
from buurtwacht.networks.selectors import opted_in_neighbours

# An alert is passed on while it is news: open, and about something at most this long ago (an alert's own limit).
PASS_ON_MAX_AGE: dt.timedelta = MAX_AGE


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


# --- taking part --------------------------------------------------------------------------------------------------


def network_opt_in(*, group: Group, by) -> NetworkOptIn:
    """The group takes part in the network (an admin decides). Again: nothing changes."""
    require_admin(by, group)
    if group.status != GroupStatus.ACTIVE:
        raise _refused(_("Alleen een actieve groep kan meedoen aan het netwerk van buurgroepen."), "inactive")
    optin, _created = NetworkOptIn.objects.get_or_create(group=group, defaults={"by": by})
    return optin


def network_opt_out(*, group: Group, by) -> bool:
    """The group stops taking part: its admins and the neighbours' no longer see each other, and no alerts are
    passed on to or from it. Alerts passed on earlier stay with those who received them."""
    require_admin(by, group)
    deleted, _by_model = NetworkOptIn.objects.filter(group=group).delete()
    return bool(deleted)


# --- passing an alert on ------------------------------------------------------------------------------------------


@dataclass
class PassOnResult:
    new: list[PassOn] = field(default_factory=list)  # passed on now
    earlier: list[PassOn] = field(default_factory=list)  # passed on before (by anyone): not sent again


def pass_on_check(*, alert: Alert, by, now: dt.datetime | None = None) -> list[Group]:
    """Whether this admin may pass the alert on now; the neighbouring groups it would go to (including those it
    already went to). PermissionDenied or ValidationError, in Dutch, otherwise."""
    require_admin(by, alert.group)
    now = now or timezone.now()
    if not NetworkOptIn.objects.filter(group=alert.group).exists():
        raise _refused(
            _(
                "Uw groep doet nog niet mee aan het netwerk van buurgroepen. Zet meedoen aan bij het netwerk van "
                "uw groep; daarna kunt u meldingen doorgeven."
            ),
            "not_opted_in",
        )
    if not alert.is_open or alert.anonymised_at is not None:
        raise _refused(_("Deze melding is afgesloten; doorgeven kan alleen zolang een melding open is."), "closed")
    if alert.happened_at < now - PASS_ON_MAX_AGE or alert.created_at < now - PASS_ON_MAX_AGE:
        raise _refused(_("Deze melding is ouder dan 24 uur; doorgeven is er alleen voor wat nu speelt."), "old")
    targets = opted_in_neighbours(alert.group)
    if not targets:
        raise _refused(
            _(
                "Er zijn (nog) geen buurgroepen die meedoen aan het netwerk. Zodra een aangrenzende groep meedoet, "
                "kunt u meldingen aan haar beheerders doorgeven."
            ),
            "no_neighbours",
        )
    return targets


def alert_pass_on(*, alert: Alert, by) -> PassOnResult:
    """Pass the alert on to the admins of every neighbouring group that takes part, once per group: pressing again
    (or two admins at once) sends nothing twice. Steps:
    1. The rules (pass_on_check): an admin of the alert's group, which takes part; the alert open and recent;
       at least one neighbour that takes part.
    2. In one transaction, with the alert's row locked (two admins at once wait for each other): a PassOn per
       group it did not go to yet, each with an event for that group's admins.
    """
    targets = pass_on_check(alert=alert, by=by)
    result = PassOnResult()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("group").get(pk=alert.pk)
        done = {p.target_group_id: p for p in PassOn.objects.filter(alert=alert).select_related("target_group")}
        for group in targets:
            if group.pk in done:
                result.earlier.append(done[group.pk])
                continue
            try:
                with transaction.atomic():
                    pass_on = PassOn.objects.create(alert=alert, source_group=alert.group, target_group=group, by=by)
            except IntegrityError:  # another process, a moment earlier
                result.earlier.append(PassOn.objects.get(alert=alert, target_group=group))
                continue
            audience = admins_of([group])
            event_publish(
                kind=events.PASS_ON,
                audience=audience,
                payload=events.pass_on_payload(pass_on),
                topic=pass_on.topic,
                notify=audience.user_ids,
            )
            result.new.append(pass_on)
    return result


# --- forwarding into one's own group -----------------------------------------------------------------------------


def _forwarded_input(pass_on: PassOn) -> AlertInput:
    alert = pass_on.alert
    prefix = _("Doorgegeven door buurgroep %(source)s.") % {"source": before_full_stop(pass_on.source_group.name)}
    # Who called the police is said in words, never as the forwarding admin's own call: they did not call.
    # An urgent alert here stays "nog niet gebeld", so a member who sees it here still knows to call 112.
    police_call = alert.police_call
    if alert.called_112_at or police_call == PoliceCall.CALLED_112:
        police_call = PoliceCall.NOT_YET
        if alert.called_112_at:
            prefix += " " + _("Daar is om %(time)s 112 gebeld.") % {"time": clock(alert.called_112_at)}
    elif police_call == PoliceCall.CALLED_0900:
        police_call = PoliceCall.NOT_NEEDED
        prefix += " " + _("Daar is 0900-8844 gebeld.")
    room = DESCRIPTION_MAX_LENGTH - len(prefix) - 1
    description = f"{prefix} {Truncator(alert.description).chars(room)}" if alert.description else prefix
    return AlertInput(
        kind=alert.kind,
        police_call=police_call,
        place=Place(lon=alert.lon, lat=alert.lat),
        happened_at=alert.happened_at,
        location_text=alert.location_text,
        description=description,
        person=dict(alert.person),
        vehicle=dict(alert.vehicle),
        forwarded_from=pass_on.source_group,  # the place lies in or near the neighbour's area
    )


def _part_label(field: str) -> str:
    """What a refusal of alert_create is about (its field), as the forwarder reads it."""
    part = field.partition(".")[0]
    labels = {
        "description": _("de beschrijving"),
        "location_text": _("de plaatsomschrijving"),
        "person": _("het signalement van de persoon"),
        "vehicle": _("het signalement van het voertuig"),
    }
    return str(labels.get(part, _("de melding")))


def _as_forwarder(error: ValidationError, pass_on: PassOn, by) -> ValidationError:
    """alert_create's refusal said to the admin who forwards: they did not write the alert and cannot change it,
    so they hear why it cannot go into their group and what they can do instead (never "pas de tekst aan")."""
    items = error.error_dict.items() if hasattr(error, "error_dict") else [("", error.error_list)]
    said, parts = [], []
    for field_name, refusals in items:
        for refusal in refusals:
            if refusal.code == "point":  # alerts.rules says it to the forwarder already (AlertInput.forwarded_from)
                said.append(ValidationError(refusal.messages[0], code="point"))
            elif refusal.code == "when":
                message = _(
                    "De buurgroep zag dit meer dan 24 uur geleden; doorsturen is er alleen voor wat nu speelt."
                )
                said.append(ValidationError(message, code="old"))
            elif refusal.code == "rate":
                count, seconds = parse_rate(settings.ALERT_RATE_LIMIT)
                again = rate_limit_until(by) or timezone.localtime()
                message = ngettext(
                    "U heeft in de afgelopen %(minutes)s minuten al %(count)s melding geplaatst of doorgestuurd, "
                    "het maximum. Een andere beheerder van uw groep kan dit nu doorsturen, of probeer het zelf om "
                    "%(time)s opnieuw.",
                    "U heeft in de afgelopen %(minutes)s minuten al %(count)s meldingen geplaatst of doorgestuurd, "
                    "het maximum. Een andere beheerder van uw groep kan dit nu doorsturen, of probeer het zelf om "
                    "%(time)s opnieuw.",
                    count,
                ) % {"count": count, "minutes": seconds // 60, "time": again.strftime("%H:%M")}
                said.append(ValidationError(message, code="rate"))
            elif refusal.code == "inactive":
                message = _("Uw groep is niet actief; doorsturen kan pas als zij weer actief is.")
                said.append(ValidationError(message, code="inactive"))
            elif _part_label(field_name) not in parts:
                parts.append(_part_label(field_name))
    if parts:
        message = _(
            "De melding van %(source)s past niet binnen de regels voor een melding in uw groep (%(parts)s), dus "
            "doorsturen kan niet. Gaat het uw buurt aan, plaats dan zelf een melding in uw groep."
        ) % {"source": pass_on.source_group.name, "parts": ", ".join(parts)}
        said.append(ValidationError(message, code="rules"))
    return ValidationError(said)


def pass_on_forward(*, pass_on: PassOn, by) -> Alert:
    """An admin of the receiving group forwards the passed-on alert into their group: a members' alert there,
    written by alerts.services.alert_create (so every rule of alerts applies: the time, the rate limit, the
    wording), saying which group it came from. Its place lies in or near the NEIGHBOUR's area (AlertInput's
    forwarded_from): that is the point of passing on, following someone from one neighbourhood to the next. A
    refusal is said to the forwarding admin (_as_forwarder), who did not write the alert. Once per passed-on alert:
    a second tap, or another admin of the group, gets the alert already made."""
    require_admin(by, pass_on.target_group)
    with transaction.atomic():
        pass_on = (
            PassOn.objects.select_for_update()
            .select_related("alert", "alert__group", "source_group", "target_group")
            .get(pk=pass_on.pk)
        )
        if pass_on.is_forwarded:
            if pass_on.forwarded_alert is None:
                raise _refused(_("Deze melding is al doorgestuurd naar uw groep."), "forwarded")
            return pass_on.forwarded_alert
        if not pass_on.alert.is_open or pass_on.alert.anonymised_at is not None:
            raise _refused(
                _("De buurgroep heeft deze melding inmiddels afgesloten; doorsturen is niet meer nodig."), "closed"
            )
        try:
            alert = alert_create(group=pass_on.target_group, author=by, data=_forwarded_input(pass_on))
        except ValidationError as error:
            raise _as_forwarder(error, pass_on, by) from error
        pass_on.forwarded_alert, pass_on.forwarded_by, pass_on.forwarded_at = alert, by, timezone.now()
        pass_on.save(update_fields=["forwarded_alert", "forwarded_by", "forwarded_at"])
        audience = admins_of([pass_on.target_group])
        event_publish(
            kind=events.FORWARDED,
            audience=audience,
            payload=events.pass_on_payload(pass_on, kind=events.FORWARDED),
            topic=pass_on.topic,
        )
    return alert


# --- a person's data ---------------------------------------------------------------------------------------------


def events_naming_delete(user) -> int:
    """An account is deleted: the events that name the person (another admin's card says who forwarded it) go;
    the first event of each passed-on alert names nobody and stays. Runs before the account row goes
    (accounts.hooks.before_delete)."""
    topics = [p.topic for p in PassOn.objects.filter(forwarded_by=user).only("pk")]
    return events_delete(topics=topics, keep_kind=events.PASS_ON)
