"""Reading a CAP 1.2 document a control-room system sends: validated against the OASIS schema first (lxml, no
DTD, no entities, no network), then mapped onto what Buurtwacht knows. Refusals are one ValidationError keyed
by the CAP element ("cap", "status", "msgType", "references", "info", "info.event", "area", "area.circle",
"area.geocode", "info.parameter.<name>"), with Dutch messages; the services check the content after this.

The mapping (docs/police-api.md has the table):
- msgType Alert creates a message; Update adds its description (or headline) as an update; Cancel closes it, with
  the parameter "outcome" (default "beeindigd") and the <note> or description as the outcome's text. Update and
  Cancel name the message in <references> ("sender,buurtwacht-police-<id>,sent"; a bare identifier is accepted).
- Only status Actual: an Exercise or Test must not reach residents.
- The info in Dutch (language nl or nl-NL) is read, else the first. The incident: eventCode "incident", else
  <event>, matched against the incident values and their Dutch names ("Verdacht voertuig").
- The signalement: parameters "person.<key>" and "vehicle.<key>" (the keys of members' alerts).
- One <area>: a <circle> "lat,lon radius" with the radius in KILOMETRES (Buurtwacht stores metres), or
  <geocode> valueName "CBS-buurtcode" per buurt plus a circle for the place itself (radius 0 is fine); polygons
  beside buurt codes are taken as their outlines and ignored, a polygon alone is refused.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree

from buurtwacht.alerts.rules import PLATE_UNVERIFIED, Refusals
from buurtwacht.police.models import Incident

NS = "urn:oasis:names:tc:emergency:cap:1.2"
SCHEMA_PATH = Path(__file__).with_name("CAP-v1.2.xsd")
IDENTIFIER_PREFIX = "buurtwacht-police-"
BUURT_GEOCODE = "CBS-buurtcode"
INCIDENT_CODE = "incident"
OUTCOME_PARAMETER = "outcome"
_OURS = re.compile(rf"^{IDENTIFIER_PREFIX}(\d+)(?:-[a-z0-9-]*)?$")
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_CIRCLE = re.compile(rf"^\s*({_NUMBER})\s*,\s*({_NUMBER})\s+({_NUMBER})\s*$")
_local = threading.local()  # an XMLSchema per thread: lxml validators are not to be shared between threads


@dataclass(frozen=True)
class CapMessage:
    msg_type: str  # Alert, Update, Cancel
    identifier: str
    references: tuple[int, ...] = ()  # the Buurtwacht messages it names
    incident: str = ""
    lat: float | None = None
    lon: float | None = None
    radius_m: int | None = None  # converted from the circle's kilometres
    buurten: tuple[str, ...] = ()
    headline: str = ""
    description: str = ""
    note: str = ""
    person: dict = field(default_factory=dict)
    vehicle: dict = field(default_factory=dict)
    outcome: str = ""

    @property
    def text(self) -> str:
        return self.description or self.headline


def identifier_of(message_id: int) -> str:
    return f"{IDENTIFIER_PREFIX}{message_id}"


def _schema() -> etree.XMLSchema:
    schema = getattr(_local, "schema", None)
    if schema is None:
        schema = _local.schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    return schema


def _refuse(key: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({key: ValidationError(message, code=code)})


def cap_validate(body: bytes) -> etree._Element:
    """The document's root, once it is well-formed XML, CAP 1.2, and valid against the OASIS schema."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise _refuse("cap", _("Dit is geen leesbare XML: %(error)s.") % {"error": exc}, "xml") from None
    if root.getroottree().docinfo.doctype:
        raise _refuse("cap", _("Een CAP-bericht heeft geen DOCTYPE: laat die weg."), "xml")
    if root.tag != f"{{{NS}}}alert":
        raise _refuse(
            "cap",
            _('Stuur CAP 1.2: het hoofdelement is <alert xmlns="%(ns)s">, niet %(tag)s.') % {"ns": NS, "tag": root.tag},
            "schema",
        )
    schema = _schema()
    if not schema.validate(root):
        first = schema.error_log[0]
        raise _refuse(
            "cap",
            _("Dit is geen geldig CAP 1.2-bericht volgens het OASIS-schema (regel %(line)s): %(error)s")
            % {"line": first.line, "error": first.message},
            "schema",
        )
    return root


def _child(element, name: str):
    return element.find(f"{{{NS}}}{name}")


def _children(element, name: str) -> list:
    return element.findall(f"{{{NS}}}{name}")


def _text(element, name: str) -> str:
    child = _child(element, name)
    return (child.text or "").strip() if child is not None else ""


def _pairs(element, name: str) -> list[tuple[str, str]]:
    """(valueName, value) of the eventCode, parameter or geocode children."""
    return [(_text(pair, "valueName"), _text(pair, "value")) for pair in _children(element, name)]


def references_of(text: str) -> tuple[int, ...]:
    """The Buurtwacht message ids named in <references>: "sender,identifier,sent" entries (or bare identifiers)."""
    ids = []
    for entry in text.split():
        parts = entry.split(",")
        identifier = parts[1] if len(parts) >= 2 else parts[0]
        match = _OURS.match(identifier.strip())
        if match:
            ids.append(int(match.group(1)))
    return tuple(dict.fromkeys(ids))


def _incident(info) -> str:
    """The incident value for the eventCode or event; anything unknown is passed on for the service to refuse."""
    codes = [value for name, value in _pairs(info, "eventCode") if name.lower() == INCIDENT_CODE]
    raw = codes[0] if codes else _text(info, "event")
    key = raw.strip().lower().replace(" ", "_")
    labels = {str(label).lower().replace(" ", "_"): value for value, label in Incident.choices}
    return key if key in Incident.values else labels.get(key, raw)


def _info(root):
    infos = _children(root, "info")
    dutch = [info for info in infos if _text(info, "language").lower().startswith("nl")]
    return (dutch or infos or [None])[0]


def _signalement(info, refusals: Refusals) -> tuple[dict, dict, str]:
    person: dict = {}
    vehicle: dict = {}
    outcome = ""
    for name, value in _pairs(info, "parameter"):
        part, _dot, key = name.partition(".")
        if name == OUTCOME_PARAMETER:
            outcome = value
        elif part == "person" and key:
            person[key] = value
        elif part == "vehicle" and key == PLATE_UNVERIFIED:
            if value.lower() not in ("true", "false", "1", "0"):
                refusals.add(ValidationError(_("Geef true of false."), code="invalid"), f"info.parameter.{name}")
            vehicle[key] = value.lower() in ("true", "1")
        elif part == "vehicle" and key:
            vehicle[key] = value
        # Other parameters are the sender's own business: CAP allows any.
    return person, vehicle, outcome


def _area(info, refusals: Refusals) -> tuple[float | None, float | None, int | None, tuple[str, ...]]:
    areas = _children(info, "area")
    if not areas:
        return None, None, None, ()
    if len(areas) > 1:
        refusals.add(ValidationError(_("Stuur één <area>: een cirkel of een set buurten."), code="area"), "area")
        return None, None, None, ()
    area = areas[0]
    buurten = tuple(value for name, value in _pairs(area, "geocode") if name.lower() == BUURT_GEOCODE.lower())
    if _children(area, "polygon") and not buurten:  # beside buurt codes a polygon is their outline: ignored
        refusals.add(
            ValidationError(
                _(
                    "Een <polygon> nemen we niet aan: stuur een <circle> (straal in kilometers) of buurten als "
                    "<geocode> met valueName %(name)s."
                )
                % {"name": BUURT_GEOCODE},
                code="polygon",
            ),
            "area.polygon",
        )
    circles = [(circle.text or "").strip() for circle in _children(area, "circle")]
    if len(circles) != 1:
        refusals.add(
            ValidationError(
                _(
                    'Geef precies één <circle> "breedte,lengte straal" met de plek van het incident; de straal in '
                    "kilometers (0.1 tot 5), of 0 als het gebied uit buurten bestaat."
                ),
                code="circle",
            ),
            "area.circle",
        )
        return None, None, None, buurten
    match = _CIRCLE.match(circles[0])
    if not match:
        refusals.add(
            ValidationError(
                _('Een <circle> is "breedte,lengte straal", bijvoorbeeld "52.0907,5.1214 1.5" (straal in km).'),
                code="circle",
            ),
            "area.circle",
        )
        return None, None, None, buurten
    lat, lon, km = (float(value) for value in match.groups())
    return lat, lon, (None if buurten else round(km * 1000)), buurten


def cap_read(body: bytes) -> CapMessage:
    """A validated CAP document as a CapMessage; ValidationError (keyed by element, in Dutch) when it cannot be."""
    root = cap_validate(body)
    refusals = Refusals()
    status, msg_type = _text(root, "status"), _text(root, "msgType")
    if status != "Actual":
        refusals.add(
            ValidationError(
                _("Buurtwacht verstuurt alleen echte berichten: status Actual (niet %(status)s).") % {"status": status},
                code="status",
            ),
            "status",
        )
    if msg_type not in ("Alert", "Update", "Cancel"):
        refusals.add(
            ValidationError(_("We nemen msgType Alert, Update en Cancel aan, niet %(type)s.") % {"type": msg_type}),
            "msgType",
        )
    references = references_of(_text(root, "references"))
    if msg_type in ("Update", "Cancel") and not references:
        refusals.add(
            ValidationError(
                _("Noem in <references> het bericht dat u aanvult of beëindigt: afzender,%(prefix)s<nummer>,tijd.")
                % {"prefix": IDENTIFIER_PREFIX},
                code="references",
            ),
            "references",
        )
    info = _info(root)
    if info is None:
        if msg_type in ("Alert", "Update"):
            refusals.add(ValidationError(_("Een %(type)s heeft een <info> nodig.") % {"type": msg_type}), "info")
        refusals.raise_any()
        return CapMessage(
            msg_type=msg_type, identifier=_text(root, "identifier"), references=references, note=_text(root, "note")
        )
    person, vehicle, outcome = _signalement(info, refusals)
    lat = lon = radius_m = None
    buurten: tuple[str, ...] = ()
    if msg_type == "Alert":
        if not _children(info, "area"):
            refusals.add(ValidationError(_("Geef het gebied: een <area> met een <circle>."), code="area"), "area")
        lat, lon, radius_m, buurten = _area(info, refusals)
    refusals.raise_any()
    return CapMessage(
        msg_type=msg_type,
        identifier=_text(root, "identifier"),
        references=references,
        incident=_incident(info),
        lat=lat,
        lon=lon,
        radius_m=radius_m,
        buurten=buurten,
        headline=_text(info, "headline"),
        description=_text(info, "description"),
        note=_text(root, "note"),
        person=person,
        vehicle=vehicle,
        outcome=outcome,
    )
