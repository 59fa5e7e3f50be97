"""What members receive about an alert or notice: the card fragment for the live stream (in every language),
and the title, short body and mail text for push and e-mail. Rendered once, when the event is recorded."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from buurtwacht.alerts.models import Alert, Notice
from buurtwacht.alerts.signalement import describe_person, describe_vehicle

# The kinds of event alerts record (delivery.Event.kind).
ALERT, REACTION, CLOSED, NOTICE = "alert", "reaction", "closed", "notice"


def alert_topic(alert) -> str:
    """What the events of an alert are about: marking them seen, counting receipts, deleting them with it."""
    return f"alert:{alert.pk}"


def notice_topic(notice) -> str:
    return f"notice:{notice.pk}"


def _each_language(render) -> dict:
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = render()
    return out


def clock(moment) -> str:
    """21:04, or with the date when it is not today (for the timeline and messages)."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    # Dutch writes "21 nov 21:04", English "21 Nov 21:04": the format is the translation.
    return date_format(local, pgettext("date format: day, short month, time", "j b H:i"))


def police_line(alert: Alert, *, with_name: bool = True) -> str:
    """Whether and when 112 was called, and by whom (`with_name=False` for people outside the group)."""
    if alert.called_112_at and not with_name:
        return _("112 gebeld om %(time)s") % {"time": clock(alert.called_112_at)}
    if alert.called_112_at:
        who = alert.called_112_by.first_name if alert.called_112_by else _("een deelnemer")
        return _("112 gebeld om %(time)s door %(who)s") % {"time": clock(alert.called_112_at), "who": who}
    if alert.police_call == "0900":
        return _("0900-8844 gebeld (geen spoed)")
    if alert.is_urgent and alert.is_open:
        return _("112 is nog niet gebeld")
    return ""


def where_line(alert: Alert) -> str:
    return alert.location_text or _("locatie op de kaart")


def alert_message(alert: Alert) -> dict:
    """Push title and body, and the plain text of the e-mail, in the current language."""
    title = f"{alert.get_kind_display()}: {alert.group.name}"
    facts = [clock(alert.happened_at), where_line(alert), police_line(alert)]
    body = " · ".join(part for part in facts if part)
    if alert.description:
        body += "\n" + Truncator(alert.description).chars(140)
    lines = [title, "", *[part for part in facts if part]]
    if alert.description:
        lines += ["", alert.description]
    for heading, rows in (
        (_("Persoon"), describe_person(alert.person)),
        (_("Voertuig"), describe_vehicle(alert.vehicle)),
    ):
        if rows:
            lines += ["", heading + ":"] + [f"- {label}: {value}" for label, value in rows]
    return {"title": title, "body": body, "text": "\n".join(lines)}


def closed_message(alert: Alert) -> dict:
    title = _("Afgesloten: %(kind)s, %(group)s") % {"kind": alert.get_kind_display(), "group": alert.group.name}
    body = alert.get_outcome_display()
    if alert.outcome_text:
        body += ": " + Truncator(alert.outcome_text).chars(140)
    text = "\n".join(
        [
            title,
            "",
            body,
            "",
            _("Melding van %(time)s, %(where)s") % {"time": clock(alert.happened_at), "where": where_line(alert)},
        ]
    )
    return {"title": title, "body": body, "text": text}


def alert_payload(alert: Alert, *, message=None) -> dict:
    """The event payload for a new or changed alert; `message` (alert_message, closed_message or None) is
    what push and e-mail say, when this event is one that members are told about."""
    target = f"alert-{alert.pk}"
    payload = {
        "group": alert.group_id,
        "group_name": alert.group.name,
        "target": target,
        "list": "alerts",
        "url": alert.get_absolute_url(),
        "tag": target,
        "html": _each_language(lambda: render_to_string("alerts/_card.html", {"alert": alert, "live": True})),
    }
    if message is not None:
        payload["message"] = _each_language(lambda: message(alert))
    return payload


def notice_payload(notice: Notice) -> dict:
    target = f"notice-{notice.pk}"

    def message():
        title = _("Mededeling: %(group)s") % {"group": notice.group.name}
        return {"title": title, "body": Truncator(notice.text).chars(160), "text": f"{title}\n\n{notice.text}"}

    return {
        "group": notice.group_id,
        "group_name": notice.group.name,
        "target": target,
        "list": "notices",
        "url": reverse("alerts:list", args=[notice.group.slug]),
        "tag": target,
        "html": _each_language(lambda: render_to_string("alerts/_notice.html", {"notice": notice})),
        "message": _each_language(message),
    }


def receipts_line(receipts: dict) -> str:
    """"Bezorgd bij 70, gezien door 12 van 75 deelnemers"."""
    return ngettext(
        "Bezorgd bij %(delivered)s, gezien door %(seen)s van %(recipients)s deelnemer",
        "Bezorgd bij %(delivered)s, gezien door %(seen)s van %(recipients)s deelnemers",
        receipts["recipients"],
    ) % receipts
