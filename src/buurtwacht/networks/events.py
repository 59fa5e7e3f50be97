"""What the admins of a neighbouring group receive when an alert is passed on to them: the card for their live
alerts page (in every language), and the title, short body and mail text for push and e-mail.

Kinds (delivery.Event.kind): "pass-on" (an alert passed on to the group's admins) and "pass-on-forwarded" (one of
them forwarded it into the group: the card changes on the other admins' pages). Topic: "pass-on:<pk>"."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from buurtwacht.alerts.events import clock, police_line, where_line
from buurtwacht.alerts.signalement import describe_person, describe_vehicle
from buurtwacht.kit.text import before_full_stop
from buurtwacht.networks.models import PassOn

PASS_ON, FORWARDED = "pass-on", "pass-on-forwarded"


def _each_language(render) -> dict:
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = render()
    return out


def title(pass_on: PassOn) -> str:
    return _("Van buurgroep %(source)s: %(kind)s") % {
        "source": pass_on.source_group.name,
        "kind": pass_on.alert.get_kind_display().lower(),
    }


def _alert_text(alert) -> tuple[str, str]:
    """The short body and the full text of the alert, without anybody's name: the people of a group stay in it."""
    facts = [
        part for part in (clock(alert.happened_at), where_line(alert), police_line(alert, with_name=False)) if part
    ]
    body = " · ".join(facts)
    lines = list(facts)
    if alert.description:
        body += "\n" + Truncator(alert.description).chars(140)
        lines += ["", alert.description]
    for heading, rows in (
        (_("Persoon"), describe_person(alert.person)),
        (_("Voertuig"), describe_vehicle(alert.vehicle)),
    ):
        if rows:
            lines += ["", heading + ":"] + [f"- {label}: {value}" for label, value in rows]
    return body, "\n".join(lines)


def _message(pass_on: PassOn) -> dict:
    body, text = _alert_text(pass_on.alert)
    heading = title(pass_on)
    intro = _(
        "Een beheerder van %(source)s geeft deze melding door aan de beheerders van %(target)s. Stuur haar met "
        "één klik door naar uw groep als het uw buurt aangaat."
    ) % {"source": pass_on.source_group.name, "target": before_full_stop(pass_on.target_group.name)}
    return {"title": heading, "body": body, "text": f"{heading}\n\n{intro}\n\n{text}"}


def _why(pass_on: PassOn) -> str:
    return _(
        "U krijgt dit bericht als beheerder van %(target)s, omdat uw groep meedoet aan het netwerk van buurgroepen. "
        "Meedoen zet u uit bij het netwerk van uw groep."
    ) % {"target": pass_on.target_group.name}


def pass_on_payload(pass_on: PassOn, *, kind: str = PASS_ON) -> dict:
    target = f"pass-on-{pass_on.pk}"
    payload = {
        "group": pass_on.target_group_id,
        "group_name": pass_on.target_group.name,
        "target": target,
        "list": "alerts",
        "url": pass_on.get_absolute_url(),
        "tag": target,
        "why": _each_language(lambda: _why(pass_on)),
        "settings_path": reverse("networks:group", args=[pass_on.target_group.slug]),
        "html": _each_language(
            lambda: render_to_string("networks/_pass_on_card.html", {"pass_on": pass_on, "live": True})
        ),
    }
    if kind == PASS_ON:
        payload["message"] = _each_language(lambda: _message(pass_on))
    return payload
