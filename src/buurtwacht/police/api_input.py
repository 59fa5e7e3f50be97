"""What the police API reads, JSON or CAP, turned into the services' input; and their refusals turned back into
the names of what was sent (JSON fields, or CAP elements) with Dutch messages. No rule of a message lives here:
police.rules and police.services decide (decision 0006)."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Status
from pydantic import BaseModel
from pydantic import ValidationError as SchemaRefusal

from buurtwacht.alerts.rules import Place
from buurtwacht.alerts.signalement import PERSON_FIELDS, VEHICLE_FIELDS
from buurtwacht.police.cap.read import CapMessage
from buurtwacht.police.rules import MessageInput

CAP_TYPES = ("application/cap+xml", "application/xml", "text/xml")
JSON, CAP = "json", "cap"

_LABELS = {f"person.{f.key}": f.label for f in PERSON_FIELDS} | {f"vehicle.{f.key}": f.label for f in VEHICLE_FIELDS}
_JSON_NAMES = {"incident": "kind", "description": "text", "kind": "__all__"}
_CAP_NAMES = {
    "incident": "info.event",
    "description": "info.description",
    "text": "info.description",
    "place": "area.circle",
    "radius_m": "area.circle",
    "buurten": "area.geocode",
    "outcome": "info.parameter.outcome",
    "kind": "__all__",
}


class NotUnderstood(Exception):
    """The body is not JSON or CAP, or not of the right shape: carries the 400/415 answer."""

    def __init__(self, status: int, detail: str, errors: dict[str, list[str]] | None = None):
        self.answer = Status(status, {"detail": detail, "errors": errors or {"__all__": [detail]}})
        super().__init__(detail)


def is_cap(request) -> bool:
    return request.content_type in CAP_TYPES


def parse_json(request, schema: type[BaseModel]) -> BaseModel:
    """The body as `schema`, or NotUnderstood with a Dutch message per field."""
    if request.content_type != "application/json":
        raise NotUnderstood(
            415,
            _(
                "Stuur JSON (Content-Type: application/json) of CAP 1.2 (Content-Type: application/cap+xml), "
                "niet %(type)s."
            )
            % {"type": request.content_type or _("niets")},
        )
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise NotUnderstood(400, _("Dit is geen geldige JSON: %(error)s.") % {"error": exc}) from None
    try:
        return schema.model_validate(data)
    except SchemaRefusal as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors(include_url=False):
            name = ".".join(str(part) for part in error["loc"]) or "__all__"
            errors.setdefault(name, []).append(_reason(error))
        detail = " ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
        raise NotUnderstood(400, detail + " " + _("Zie /api/v1/docs voor de juiste vorm."), errors) from None


def _reason(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("Dit veld ontbreekt.")
    if kind == "extra_forbidden":
        return _("Dit veld kennen we niet.")
    if kind in ("model_type", "model_attributes_type") or kind.startswith("dict"):
        return _("Geef een object ({...}).")
    if kind.startswith("float"):
        return _("Geef een getal.")
    if kind.startswith("int"):
        return _("Geef een geheel getal.")
    if kind.startswith("list"):
        return _("Geef een lijst ([...]).")
    if kind.startswith("string"):
        return _("Geef tekst.")
    return _("Verkeerd soort waarde.")


def input_of_json(kind: str, payload) -> MessageInput:
    signalement = payload.signalement or {}
    unknown = sorted(set(signalement) - {"person", "vehicle"})
    if unknown:
        message = _("Het signalement heeft alleen person en vehicle, niet: %(keys)s.") % {"keys": ", ".join(unknown)}
        raise NotUnderstood(400, message, {"signalement": [message]})
    if payload.buurten and payload.radius_m is not None:
        message = _("Geef een straal (radius_m) of buurten, niet allebei.")
        raise NotUnderstood(400, message, {"buurten": [message]})
    return MessageInput(
        kind=kind,
        incident=payload.kind,
        place=Place(lon=payload.lon, lat=payload.lat, postcode=payload.postcode, house_number=payload.house_number),
        radius_m=payload.radius_m,
        buurten=payload.buurten,
        description=payload.text,
        person=signalement.get("person") or {},
        vehicle=signalement.get("vehicle") or {},
    )


def input_of_cap(kind: str, cap: CapMessage) -> MessageInput:
    return MessageInput(
        kind=kind,
        incident=cap.incident,
        place=Place(lon=cap.lon, lat=cap.lat),
        radius_m=cap.radius_m,
        buurten=cap.buurten,
        description=cap.text,
        person=cap.person,
        vehicle=cap.vehicle,
    )


def _name(key: str, channel: str) -> str:
    part, _dot, _rest = key.partition(".")
    if part in ("person", "vehicle"):
        return f"signalement.{key}" if channel == JSON else f"info.parameter.{key}"
    return (_JSON_NAMES if channel == JSON else _CAP_NAMES).get(key, key)


def refusal(error: ValidationError, channel: str = JSON) -> Status:
    """A service's refusal as 400: the messages per field of what was sent, and all of them in `detail`."""
    raw = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    errors: dict[str, list[str]] = {}
    parts = []
    for key, messages in raw.items():
        if channel == CAP and key == "radius_m":
            messages = [*messages, _("In CAP staat de straal van <circle> in kilometers: 0.1 tot 5.")]
        errors.setdefault(_name(key, channel), []).extend(messages)
        label = _LABELS.get(key)
        parts += [f"{label}: {message}" if label else message for message in messages]
    return Status(400, {"detail": " ".join(parts), "errors": errors})
