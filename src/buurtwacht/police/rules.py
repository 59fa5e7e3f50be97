"""The rules of a police message, whichever way it comes in: the console, the JSON API, CAP. The services call
these; forms and API schemas only parse. Refusals are ValidationErrors keyed by the input field (names of
`MessageInput`, "person.<key>", "vehicle.<key>"), with Dutch messages, as for members' alerts: the same
signalement fields, plate check, language and anti-profiling rules (alerts.rules)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from buurtwacht.alerts.photos import photo_check
from buurtwacht.alerts.rules import (
    DESCRIPTION_MAX_LENGTH,
    OUTCOME_TEXT_MAX_LENGTH,
    Place,
    Refusals,
    address_of,
    check_free_text,
    signalement_clean,
)
from buurtwacht.alerts.signalement import check_profiling
from buurtwacht.geo.models import Address, Buurt, Gemeente
from buurtwacht.geo.selectors import buurt_at, check_point
from buurtwacht.police.area import RADIUS_DEFAULT_M, RADIUS_MAX_M, RADIUS_MIN_M, Area, circle, of_buurten
from buurtwacht.police.models import Incident, MessageKind, PoliceOutcome

UPDATE_MAX_LENGTH = 1000
INSTRUCTION = "Heeft u informatie? Bel 112."  # fixed, as the police write it; translated where it is shown
MAX_BUURTEN = 30


@dataclass(frozen=True, kw_only=True)
class MessageInput:
    """What the police say in a message, as any channel parsed it. Nothing here is trusted yet."""

    kind: str
    incident: str
    place: Place
    radius_m: int | None = None  # a circle around the place (default 1,000 m) ...
    buurten: Sequence[str] = ()  # ... or these buurten (CBS codes)
    description: str = ""
    person: Mapping = field(default_factory=dict)
    vehicle: Mapping = field(default_factory=dict)
    family_consent: bool = False  # a missing person's photo: the family agreed


@dataclass(frozen=True)
class CheckedMessage:
    lon: float
    lat: float
    location_text: str
    gemeente_id: int
    area: Area
    radius_m: int | None
    buurten: list[Buurt]
    description: str
    person: dict
    vehicle: dict


def _where(place: Place) -> tuple[float, float, Address | None]:
    """The point of the place, and its address when one was given. Refusals on "place", "postcode",
    "house_number"."""
    if place.lon is not None or place.lat is not None:
        try:
            lon, lat = float(place.lon), float(place.lat)
            check_point(lon, lat)
        except (TypeError, ValueError, ValidationError):
            raise ValidationError(
                {
                    "place": ValidationError(
                        _("Deze plek ligt niet in Nederland. Zet een punt op de kaart of vul een adres in."),
                        code="point",
                    )
                }
            ) from None
        return lon, lat, None
    if not (place.postcode.strip() or place.house_number.strip()):
        raise ValidationError(
            {"place": ValidationError(_("Geef aan waar het is: een adres, of een punt op de kaart."), code="place")}
        )
    address = address_of(postcode=place.postcode, house_number=place.house_number)
    return address.lon, address.lat, address


def street_near(lon: float, lat: float) -> str:
    """ "Molenweg, Dorp": the street of the nearest address within ~150 m (no house number: the police name the
    street), or "" when there is none."""
    dlat, dlon = 0.0014, 0.0022
    rows = Address.objects.filter(
        lat__gte=lat - dlat, lat__lte=lat + dlat, lon__gte=lon - dlon, lon__lte=lon + dlon
    ).values_list("street", "place", "lon", "lat")[:500]
    best = min(rows, key=lambda r: (r[2] - lon) ** 2 * 0.37 + (r[3] - lat) ** 2, default=None)
    return f"{best[0]}, {best[1]}" if best else ""


def _radius(value) -> int:
    if value in (None, ""):
        return RADIUS_DEFAULT_M
    try:
        radius = int(value)
    except (TypeError, ValueError):
        radius = -1
    if not RADIUS_MIN_M <= radius <= RADIUS_MAX_M:
        raise ValidationError(
            _("Kies een straal van %(min)s tot %(max)s meter.")
            % {"min": number_format(RADIUS_MIN_M), "max": number_format(RADIUS_MAX_M, force_grouping=True)},
            code="radius",
        )
    return radius


def _buurten(codes: Sequence[str]) -> list[Buurt]:
    codes = [str(code).strip().upper() for code in codes if str(code).strip()]
    if len(codes) > MAX_BUURTEN:
        raise ValidationError(_("Kies hooguit %(n)s buurten.") % {"n": MAX_BUURTEN}, code="buurten")
    found = {b.code: b for b in Buurt.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            _("Deze buurtcodes kennen we niet: %(codes)s.") % {"codes": ", ".join(unknown)}, code="buurten"
        )
    return [found[code] for code in dict.fromkeys(codes)]


@dataclass(frozen=True)
class CheckedArea:
    """Where a message is and what it covers: the point, its gemeente, and the area (a circle or buurten)."""

    lon: float
    lat: float
    gemeente_id: int
    area: Area
    radius_m: int | None
    buurten: list[Buurt]
    location_text: str


def area_check(data: MessageInput) -> CheckedArea:
    """The place and the area of a message alone (refusals on "place", "postcode", "house_number", "radius_m",
    "buurten"), all at once; nothing is written. message_check runs it, and the console's reach preview asks it
    while the rest of the message is still being written."""
    refusals = Refusals()
    lon = lat = None
    address = None
    with refusals.on("place"):
        lon, lat, address = _where(data.place)
    buurten: list[Buurt] = []
    radius = None
    if data.buurten:
        with refusals.on("buurten"):
            buurten = _buurten(data.buurten)
    else:
        with refusals.on("radius_m"):
            radius = _radius(data.radius_m)
    refusals.raise_any()
    here = buurt_at(lon, lat)
    gemeente_id = (
        Gemeente.objects.filter(code=here.gemeente.code).values_list("pk", flat=True).first() if here else None
    )
    if gemeente_id is None:
        raise ValidationError(
            {"place": ValidationError(_("Deze plek ligt niet in een gemeente die Buurtwacht kent."), code="point")}
        )
    area = of_buurten([b.geometry for b in buurten]) if buurten else circle(lon, lat, radius)
    location_text = f"{address.street}, {address.place}" if address else street_near(lon, lat)
    return CheckedArea(
        lon=lon,
        lat=lat,
        gemeente_id=gemeente_id,
        area=area,
        radius_m=radius,
        buurten=buurten,
        location_text=location_text or f"{here.buurt.display_name}, {here.gemeente.display_name}",
    )


def message_check(data: MessageInput, *, photo=None) -> CheckedMessage:
    """Every rule about a police message's content, all at once (nothing is written)."""
    refusals = Refusals()
    if data.kind not in MessageKind.values:
        refusals.add(
            ValidationError(_("Kies: bericht aan beheerders of buurtalert aan bewoners."), code="kind"), "kind"
        )
    if data.incident not in Incident.values:
        refusals.add(ValidationError(_("Kies wat er aan de hand is."), code="incident"), "incident")
    where = None
    with refusals.on("place"):
        where = area_check(data)
    description = ""
    with refusals.on("description"):
        description = check_free_text(data.description, max_length=DESCRIPTION_MAX_LENGTH, label=_("beschrijving"))
    signalement = {"person": {}, "vehicle": {}}
    for part in ("person", "vehicle"):
        with refusals.on(part):
            signalement[part] = signalement_clean(part, getattr(data, part))
    if "description" not in refusals and "person" not in refusals:
        with refusals.on("description"):
            check_profiling(person=signalement["person"], description=description)
    if not (description or signalement["person"] or signalement["vehicle"]) and not any(
        key in refusals for key in ("description", "person", "vehicle")
    ):
        refusals.add(
            ValidationError(
                _("Beschrijf wat de mensen moeten zoeken: een persoon, een voertuig of een beschrijving."),
                code="description",
            ),
            "description",
        )
    if photo is not None:
        with refusals.on("photo"):
            photo_check(photo)
        if data.incident == Incident.MISSING and not data.family_consent:
            refusals.add(
                ValidationError(
                    _(
                        "Een foto van een vermiste persoon plaatsen we alleen met toestemming van de familie. "
                        "Vink die aan, of laat de foto weg."
                    ),
                    code="consent",
                ),
                "family_consent",
            )
    refusals.raise_any()
    return CheckedMessage(
        lon=where.lon,
        lat=where.lat,
        location_text=where.location_text,
        gemeente_id=where.gemeente_id,
        area=where.area,
        radius_m=where.radius_m,
        buurten=where.buurten,
        description=description,
        person=signalement["person"],
        vehicle=signalement["vehicle"],
    )


def update_check(text: str) -> str:
    refusals = Refusals()
    with refusals.on("text"):
        text = check_free_text(text, max_length=UPDATE_MAX_LENGTH, label=_("aanvulling"))
        if not text:
            raise ValidationError(_("Schrijf de aanvulling."), code="required")
    refusals.raise_any()
    return text


def outcomes_for(incident: str) -> list[str]:
    """The outcomes that fit the incident: a missing person is found, not arrested; a suspect is not "terecht"."""
    if incident == Incident.MISSING:
        return [o for o in PoliceOutcome.values if o != PoliceOutcome.ARRESTED]
    return [o for o in PoliceOutcome.values if o != PoliceOutcome.FOUND]


def close_check(outcome: str, text: str, *, incident: str = "") -> tuple[str, str]:
    refusals = Refusals()
    if outcome not in PoliceOutcome.values:
        refusals.add(ValidationError(_("Kies hoe het is afgelopen."), code="outcome"), "outcome")
    elif incident and outcome not in outcomes_for(incident):
        labels = ", ".join(f"“{PoliceOutcome(o).label}”" for o in outcomes_for(incident))
        refusals.add(
            ValidationError(
                _("Deze afloop past niet bij dit bericht. Kies uit: %(choices)s.") % {"choices": labels},
                code="outcome",
            ),
            "outcome",
        )
    with refusals.on("text"):
        text = check_free_text(text or "", max_length=OUTCOME_TEXT_MAX_LENGTH, label=_("toelichting"))
        if outcome == PoliceOutcome.OTHER and not text:
            raise ValidationError(_("Schrijf hoe het is afgelopen."), code="required")
    refusals.raise_any()
    return outcome, text
