"""A police message as a CAP 1.2 document (`GET /api/v1/police/.../{id}?format=cap`), as it stands now, in Dutch.

Every CAP document has its own identifier and a later one refers to the first, so the message's state picks the
msgType: Alert while it is open and unchanged ("buurtwacht-police-<id>"), Update once it has updates
("...-<id>-update-<n>"), Cancel once it is closed ("...-<id>-closed"); the last two name the first in <references>.
The area: a <circle> "lat,lon radius" with the radius in KILOMETRES (Buurtwacht stores metres), or for buurten
their outlines as <polygon>s, a <geocode> "CBS-buurtcode" per buurt and the place as a circle of radius 0.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from lxml import etree

from buurtwacht.police import text
from buurtwacht.police.cap.read import BUURT_GEOCODE, INCIDENT_CODE, NS, OUTCOME_PARAMETER, identifier_of
from buurtwacht.police.models import Incident, MessageKind, PoliceMessage
from buurtwacht.police.rules import INSTRUCTION

CAP_CONTENT_TYPE = "application/cap+xml"
_SEVERE = {Incident.HOLDUP, Incident.STREET_ROBBERY, Incident.MISSING}


def cap_sender() -> str:
    return f"buurtwacht@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def cap_time(moment) -> str:
    """CAP's dateTime: seconds, no fraction, an explicit offset (never "Z"), Dutch time."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def km(radius_m: int) -> str:
    """Metres as CAP's kilometres: 1500 -> "1.5", 250 -> "0.25", 1000 -> "1"."""
    value = (Decimal(radius_m) / 1000).normalize()
    return format(value, "f")


def _point(lat: float, lon: float) -> str:
    return f"{lat:.6f},{lon:.6f}"


def _polygons(geojson: dict) -> list[str]:
    """The outer rings of a (multi)polygon as CAP polygons: "lat,lon lat,lon ...", first point repeated last."""
    if geojson.get("type") == "Polygon":
        rings = [geojson["coordinates"][0]]
    elif geojson.get("type") == "MultiPolygon":
        rings = [polygon[0] for polygon in geojson["coordinates"]]
    else:
        return []
    return [" ".join(_point(lat, lon) for lon, lat in ring) for ring in rings]


def _state(message: PoliceMessage, updates: int) -> tuple[str, str]:
    first = identifier_of(message.pk)
    if not message.is_open:
        return "Cancel", f"{first}-closed"
    if updates:
        return "Update", f"{first}-update-{updates}"
    return "Alert", first


def _add(parent, name: str, value: str | None = None):
    element = etree.SubElement(parent, f"{{{NS}}}{name}")
    if value is not None:
        element.text = value
    return element


def _pair(parent, name: str, value_name: str, value: str) -> None:
    element = _add(parent, name)
    _add(element, "valueName", value_name)
    _add(element, "value", value)


def cap_document(message: PoliceMessage) -> bytes:
    """The CAP 1.2 XML of the message (valid against the OASIS schema; the tests check it)."""
    with translation.override("nl"):
        return _document(message)


def _document(message: PoliceMessage) -> bytes:
    updates = message.updates.count()
    msg_type, identifier = _state(message, updates)
    alert = etree.Element(f"{{{NS}}}alert", nsmap={None: NS})
    _add(alert, "identifier", identifier)
    _add(alert, "sender", cap_sender())
    _add(alert, "sent", cap_time(message.closed_at if msg_type == "Cancel" else _last(message)))
    _add(alert, "status", "Actual")
    _add(alert, "msgType", msg_type)
    _add(alert, "scope", "Public")
    if msg_type != "Alert":
        _add(alert, "references", f"{cap_sender()},{identifier_of(message.pk)},{cap_time(message.created_at)}")
    info = _add(alert, "info")
    _add(info, "language", "nl-NL")
    _add(info, "category", "Rescue" if message.incident == Incident.MISSING else "Security")
    _add(info, "event", message.get_incident_display())
    _add(info, "responseType", "AllClear" if msg_type == "Cancel" else "Monitor")
    _add(info, "urgency", "Past" if msg_type == "Cancel" else "Immediate")
    _add(info, "severity", "Severe" if message.incident in _SEVERE else "Moderate")
    _add(info, "certainty", "Observed")
    if message.kind == MessageKind.DISPATCH:
        _add(info, "audience", "Beheerders van buurtpreventiegroepen in het gebied")
    else:
        _add(info, "audience", "Bewoners in het gebied die buurtalerts van de politie ontvangen")
    _pair(info, "eventCode", INCIDENT_CODE, message.incident)
    _add(info, "effective", cap_time(message.created_at))
    _add(info, "expires", cap_time(message.closed_at or message.closes_at))
    _add(info, "senderName", message.sender_name)
    _add(info, "headline", text.headline(message))
    _add(info, "description", text.message_text(message))
    _add(info, "instruction", INSTRUCTION)
    _add(info, "contact", "112")
    for part in ("person", "vehicle"):
        for key, value in (getattr(message, part) or {}).items():
            _pair(info, "parameter", f"{part}.{key}", str(value).lower() if isinstance(value, bool) else str(value))
    if message.outcome:
        _pair(info, "parameter", OUTCOME_PARAMETER, message.outcome)
    _area(info, message)
    return etree.tostring(alert, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _last(message: PoliceMessage):
    update = message.updates.order_by("-created_at", "-pk").first()
    return update.created_at if update else message.created_at


def _area(info, message: PoliceMessage) -> None:
    area = _add(info, "area")
    buurten = list(message.buurten.order_by("code"))
    _add(area, "areaDesc", ", ".join(b.display_name for b in buurten) if buurten else message.location_text)
    if buurten:
        for polygon in _polygons(message.area):
            _add(area, "polygon", polygon)
        _add(area, "circle", f"{_point(message.lat, message.lon)} 0")
        for buurt in buurten:
            _pair(area, "geocode", BUURT_GEOCODE, buurt.code)
    else:
        _add(area, "circle", f"{_point(message.lat, message.lon)} {km(message.radius_m or 0)}")
