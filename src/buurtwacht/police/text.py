"""The words of a police message, as the police write them (the Den Haag template): "Bericht van de politie.
Vanwege een woninginbraak bij de Molenweg in Dorp vragen wij u uit te kijken naar: ... Heeft u informatie? Bel
112." Rendered in the current language; used on every page and channel, and in the WhatsApp share link."""

from __future__ import annotations

from django.utils.translation import gettext as _

from buurtwacht.alerts.signalement import describe_person, describe_vehicle
from buurtwacht.police.models import Incident, PoliceMessage, PoliceOutcome, PoliceUpdate


def instruction() -> str:
    return _("Heeft u informatie? Bel 112.")


def headline(message: PoliceMessage) -> str:
    """ "Politie: woninginbraak, Molenweg, Dorp"."""
    return _("Politie: %(incident)s, %(where)s") % {
        "incident": message.get_incident_display().lower(),
        "where": message.location_text,
    }


def _rows(rows: list[tuple[str, str]]) -> str:
    return "; ".join(f"{label.lower()}: {value}" for label, value in rows)


def message_text(message: PoliceMessage, *, with_updates: bool = True) -> str:
    """The whole message in plain text (the body of mail, the WhatsApp text, the copy button)."""
    if message.incident == Incident.MISSING:
        opening = _("Wij zoeken een vermiste persoon bij %(where)s. Wij vragen u uit te kijken naar:")
    elif message.incident == Incident.OTHER:
        opening = _("Vanwege een incident bij %(where)s vragen wij u uit te kijken naar:")
    else:
        opening = _("Vanwege een %(incident)s bij %(where)s vragen wij u uit te kijken naar:")
    lines = [
        _("Bericht van de politie."),
        opening % {"incident": message.get_incident_display().lower(), "where": message.location_text},
    ]
    person, vehicle = describe_person(message.person), describe_vehicle(message.vehicle)
    if person:
        lines.append(_("Persoon: %(rows)s.") % {"rows": _rows(person)})
    if vehicle:
        lines.append(_("Voertuig: %(rows)s.") % {"rows": _rows(vehicle)})
    if message.description:
        lines.append(message.description)
    if with_updates:
        for update in message.updates.all():
            lines.append(_("Aanvulling: %(text)s") % {"text": update.text})
    if not message.is_open:
        lines.append(outcome_line(message))
    else:
        lines.append(instruction())
    return "\n".join(lines)


def outcome_line(message: PoliceMessage) -> str:
    outcome = message.get_outcome_display() if message.outcome != PoliceOutcome.OTHER else ""
    parts = [part for part in (outcome, message.outcome_text) if part]
    return _("Afgelopen: %(outcome)s") % {"outcome": ". ".join(parts) or _("Actie beëindigd")}


def update_text(message: PoliceMessage, update: PoliceUpdate) -> str:
    return "\n".join([headline(message), _("Aanvulling: %(text)s") % {"text": update.text}, instruction()])
