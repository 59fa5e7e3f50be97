"""The rules of an alert that hold whichever way it comes in: the composer, the JSON API, and later the police,
WhatsApp or SMS. The services (alerts.services) call these; forms and API schemas only parse.

Every refusal is a ValidationError keyed by the input field it concerns, so each channel shows the same Dutch
message on the same field. The keys are the names of `AlertInput` ("kind", "place", "postcode", "house_number",
"happened_at", "police_call", "location_text", "description", "photos", "photo_needed"); a signalement field is
"person.<key>" or "vehicle.<key>", something wrong with the signalement as a whole "person" or "vehicle";
what concerns no field (the rate limit, an inactive group) is NON_FIELD_ERRORS.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from buurtwacht.alerts.models import URGENT_KINDS, AlertKind, PoliceCall
from buurtwacht.alerts.moderation import check_text
from buurtwacht.alerts.photos import photo_check
from buurtwacht.alerts.plates import normalise_plate, normalise_unverified_plate
from buurtwacht.alerts.signalement import PERSON_FIELDS, UNKNOWN, VEHICLE_FIELDS, Field, check_profiling
from buurtwacht.geo.models import Address
from buurtwacht.geo.selectors import NL_BOUNDS, address_find, normalise_postcode, parse_house_number
from buurtwacht.geo.shapes import distance_m, to_geometry
from buurtwacht.groups.models import AlertPlace, Group
from buurtwacht.kit.text import before_full_stop, refuse_nul

DESCRIPTION_MAX_LENGTH = 2000
LOCATION_TEXT_MAX_LENGTH = 200
REACTION_MAX_LENGTH = 1000
OUTCOME_TEXT_MAX_LENGTH = 1000
NOTICE_MAX_LENGTH = 2000
MAX_PHOTOS = 3
# How far back "when" may lie; an alert is about now, older news is not an alert.
MAX_AGE = dt.timedelta(hours=24)
PLATE_UNVERIFIED = "plate_unverified"  # the vehicle's one yes/no key: the plate is foreign or partly seen


@dataclass(frozen=True, kw_only=True)
class Place:
    """Where it happens: a point (the map, the phone's location), or a postcode and house number."""

    lon: float | None = None
    lat: float | None = None
    postcode: str = ""
    house_number: str = ""


@dataclass(frozen=True)
class ResolvedPlace:
    lon: float
    lat: float
    street: str = ""  # "Molenweg 12" when the place came from an address


@dataclass(frozen=True, kw_only=True)
class AlertInput:
    """What a member says in an alert, as any channel parsed it. Nothing here is trusted yet."""

    kind: str
    police_call: str
    place: Place
    happened_at: dt.datetime | None = None  # None: now
    location_text: str = ""
    description: str = ""
    person: Mapping = field(default_factory=dict)
    vehicle: Mapping = field(default_factory=dict)
    photo_needed: bool = False  # the member confirms a photo is needed for the signalement (house rule 8)
    # The neighbouring group this alert was passed on from, when an admin forwards it into their own group
    # (networks.services.pass_on_forward, the only one that sets it; no form or API schema of a member has it):
    # the place may then lie in or near that group's area instead of this group's. Every other rule applies.
    forwarded_from: Group | None = None


class Refusals:
    """Collects the refusals of several checks, so the member hears about every field at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    @contextmanager
    def on(self, name: str):
        try:
            yield
        except ValidationError as error:
            self.add(error, name)

    def add(self, error: ValidationError, name: str = NON_FIELD_ERRORS) -> None:
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                self.errors.setdefault(key, []).extend(errors)
        else:
            self.errors.setdefault(name, []).extend(error.error_list)

    def __contains__(self, name: str) -> bool:
        """Whether a field, or any field under it ("person" for "person.clothing"), is refused."""
        return any(key == name or key.startswith(f"{name}.") for key in self.errors)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def check_length(text: str, max_length: int) -> None:
    refuse_nul(text)
    if len(text) > max_length:
        raise ValidationError(
            _("Hooguit %(max)s tekens; dit zijn er %(n)s. Maak de tekst korter.")
            % {
                "max": number_format(max_length, force_grouping=True),
                "n": number_format(len(text), force_grouping=True),
            },
            code="max_length",
        )


def check_free_text(text: str, *, max_length: int, label: str | None = None) -> str:
    """Stripped text that is short enough and in respectful language (house rules 6 and 7)."""
    if not isinstance(text, str):
        raise ValidationError(_("Vul hier tekst in."), code="invalid")
    text = text.strip()
    check_length(text, max_length)
    check_text(text, field_label=label)
    return text


# --- time and the police call --------------------------------------------------------------------------------


def _when_check(happened_at: dt.datetime, now: dt.datetime) -> None:
    if happened_at > now + dt.timedelta(minutes=5):
        raise ValidationError(
            _("Dat tijdstip is nog niet geweest. Vul in wanneer u het zag, of laat het leeg als het nu gebeurt."),
            code="when",
        )
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


# --- the place -----------------------------------------------------------------------------------------------


def _not_in_the_netherlands() -> ValidationError:
    return ValidationError(
        _("Deze plek ligt niet in Nederland. Zet een punt op de kaart, gebruik uw locatie of vul een adres in."),
        code="point",
    )


def point_near_area(group: Group, *, lon: float, lat: float) -> int:
    """How many metres this point lies outside the group's area (0 inside)."""
    return round(distance_m(lon, lat, to_geometry(group.area)))


def _in_the_netherlands(lon, lat) -> bool:
    min_lon, min_lat, max_lon, max_lat = NL_BOUNDS
    finite = isinstance(lon, int | float) and isinstance(lat, int | float) and math.isfinite(lon) and math.isfinite(lat)
    return finite and min_lon <= lon <= max_lon and min_lat <= lat <= max_lat


def check_point_near_area(group: Group, *, lon: float, lat: float, forwarded_from: Group | None = None) -> None:
    """A group alerts about its own streets: the place must be in the Netherlands and in its area or at most
    ALERT_AREA_MARGIN_METRES outside it (this also keeps members from probing other groups' alerts far away).
    An alert forwarded from a neighbouring group (AlertInput.forwarded_from) follows something from the next
    neighbourhood: its place may instead lie in or as near that group's area."""
    if not _in_the_netherlands(lon, lat):
        raise _not_in_the_netherlands()
    outside = point_near_area(group, lon=lon, lat=lat)
    if outside <= settings.ALERT_AREA_MARGIN_METRES:
        return
    if forwarded_from is not None:
        outside_origin = point_near_area(forwarded_from, lon=lon, lat=lat)
        if outside_origin <= settings.ALERT_AREA_MARGIN_METRES:
            return
        raise ValidationError(
            _(
                "Deze plek ligt %(metres)s m buiten het gebied van %(origin)s, waar de melding vandaan komt, en "
                "%(own)s m buiten dat van uw groep: doorsturen kan alleen wat in of vlak bij een van die twee "
                "gebieden gebeurt."
            )
            % {
                "metres": number_format(outside_origin, force_grouping=True),
                "origin": forwarded_from.name,
                "own": number_format(outside, force_grouping=True),
            },
            code="point",
        )
    raise ValidationError(
        _(
            "Deze plek ligt %(metres)s m buiten het gebied van %(group)s. Meld hier alleen wat in of vlak bij "
            "uw buurt gebeurt; bel bij spoed altijd 112."
        )
        % {"metres": number_format(outside, force_grouping=True), "group": before_full_stop(group.name)},
        code="point",
    )


def place_resolve(group: Group, place: Place, *, forwarded_from: Group | None = None) -> ResolvedPlace:
    """The point of a place, found from the address when no point is given, checked against the group's area
    (or, forwarded from a neighbouring group, that group's: check_point_near_area).
    Refusals on "postcode" and "house_number" (an address we cannot read or do not know) or "place"."""
    if place.lon is not None or place.lat is not None:
        with on_field("place"):
            check_point_near_area(group, lon=place.lon, lat=place.lat, forwarded_from=forwarded_from)
        return ResolvedPlace(lon=float(place.lon), lat=float(place.lat))
    if not (place.postcode.strip() or place.house_number.strip()):
        raise ValidationError(
            {
                "place": ValidationError(
                    _("Geef aan waar het is: zet een punt op de kaart, gebruik uw locatie, of vul een adres in."),
                    code="place",
                )
            }
        )
    address = address_of(postcode=place.postcode, house_number=place.house_number)
    with on_field("place"):
        check_point_near_area(group, lon=address.lon, lat=address.lat, forwarded_from=forwarded_from)
    return ResolvedPlace(lon=address.lon, lat=address.lat, street=f"{address.street} {address.house_number}")


def address_of(*, postcode: str, house_number: str) -> Address:
    """The BAG address of a postcode and house number as typed. Refusals on "postcode" and "house_number" (an
    address we cannot read or do not know)."""
    refusals = Refusals()
    with refusals.on("postcode"):
        postcode = normalise_postcode(postcode)
    with refusals.on("house_number"):
        number, letter, addition = parse_house_number(house_number)
    refusals.raise_any()
    address = address_find(postcode=postcode, number=number, letter=letter, addition=addition)
    if address is None:
        raise ValidationError(
            {
                "house_number": ValidationError(
                    _("We kennen geen adres met deze postcode en dit huisnummer."), code="address_unknown"
                )
            }
        )
    return address


@contextmanager
def on_field(name: str):
    """A check's refusal, placed on this field."""
    refusals = Refusals()
    with refusals.on(name):
        yield
    refusals.raise_any()


# --- the signalement -----------------------------------------------------------------------------------------


def _choice(spec: Field, value) -> str:
    if value not in spec.choices.values:
        raise ValidationError(
            _("Kies een van de mogelijkheden: %(choices)s.")
            % {"choices": ", ".join(str(label) for label in spec.choices.labels)},
            code="invalid_choice",
        )
    return value


def _plate(value: str, unverified: bool) -> str:
    return normalise_unverified_plate(value) if unverified else normalise_plate(value)


def signalement_clean(part: str, data) -> dict:
    """The signalement of a person or vehicle (`part`) as stored: known keys only, in field order, without what
    says nothing (empty, "onbekend"); choices from their list, free text short and in respectful language, the
    plate as the RDW writes it. The rule against profiling needs the description: see signalement.check_profiling."""
    specs = {spec.key: spec for spec in (PERSON_FIELDS if part == "person" else VEHICLE_FIELDS)}
    allowed = set(specs) | ({PLATE_UNVERIFIED} if part == "vehicle" else set())
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ValidationError({part: ValidationError(_("Het signalement is geen lijst van gegevens."), code="invalid")})
    unknown = [str(key) for key in data if key not in allowed]
    if unknown:
        raise ValidationError(
            {
                part: ValidationError(
                    _("Het signalement kent deze gegevens niet: %(keys)s. Gebruik alleen: %(allowed)s.")
                    % {"keys": ", ".join(sorted(unknown)), "allowed": ", ".join(sorted(allowed))},
                    code="unknown_key",
                )
            }
        )
    unverified = data.get(PLATE_UNVERIFIED, False)
    refusals, clean = Refusals(), {}
    if not isinstance(unverified, bool):
        refusals.add(
            ValidationError(_("Geef ja of nee (true of false)."), code="invalid"), f"{part}.{PLATE_UNVERIFIED}"
        )
    for key, spec in specs.items():
        value = data.get(key)
        if value in (None, "", UNKNOWN):
            continue
        with refusals.on(f"{part}.{key}"):
            if spec.choices is not None:
                clean[key] = _choice(spec, value)
                continue
            text = check_free_text(value, max_length=spec.max_length)
            if key == "plate" and text:
                text = _plate(text, unverified is True)
            if text:
                clean[key] = text
    refusals.raise_any()
    if "plate" in clean and unverified is True:
        clean[PLATE_UNVERIFIED] = True
    return clean


# --- the whole alert ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedAlert:
    place: ResolvedPlace
    happened_at: dt.datetime
    location_text: str
    description: str
    person: dict
    vehicle: dict


def whatsapp_only_message() -> str:
    return _(
        "Uw groep meldt in WhatsApp, niet in Buurtwacht. Zet uw melding in de WhatsApp-groep, volgens SAAR: "
        "Signaleren, Alarmeren (bij spoed eerst 112 bellen), Appen, Reageren."
    )


def alerts_here_check(group: Group) -> None:
    """A group that alerts in WhatsApp only takes no alerts in Buurtwacht (issue 12)."""
    if group.alert_place == AlertPlace.WHATSAPP:
        raise ValidationError({NON_FIELD_ERRORS: ValidationError(whatsapp_only_message(), code="whatsapp_only")})


def alert_check(group: Group, data: AlertInput, photos: Sequence, now: dt.datetime) -> CheckedAlert:
    """Every rule about the content of an alert, all at once (nothing is written): ValidationError per field."""
    refusals = Refusals()
    if data.kind not in AlertKind.values:
        refusals.add(ValidationError(_("Kies wat er aan de hand is."), code="kind"), "kind")
    place = None
    with refusals.on("place"):
        place = place_resolve(group, data.place, forwarded_from=data.forwarded_from)
    happened_at = data.happened_at or now
    if timezone.is_naive(happened_at):
        happened_at = timezone.make_aware(happened_at)  # a time without zone is Dutch time
    with refusals.on("happened_at"):
        _when_check(happened_at, now)
    with refusals.on("police_call"):
        _police_call_check(data.kind, data.police_call)
    texts = {}
    for name, label, max_length in (
        ("location_text", _("plaats"), LOCATION_TEXT_MAX_LENGTH),
        ("description", _("beschrijving"), DESCRIPTION_MAX_LENGTH),
    ):
        with refusals.on(name):
            texts[name] = check_free_text(getattr(data, name), max_length=max_length, label=label)
    signalement = {}
    for part in ("person", "vehicle"):
        with refusals.on(part):
            signalement[part] = signalement_clean(part, getattr(data, part))
    if "description" not in refusals and "person" not in refusals:
        with refusals.on("description"):
            check_profiling(person=signalement["person"], description=texts["description"])
    said = texts.get("description") or signalement.get("person") or signalement.get("vehicle") or photos
    if not said and not any(key in refusals for key in ("description", "person", "vehicle")):
        refusals.add(ValidationError(_("Beschrijf kort wat u ziet."), code="description"), "description")
    with refusals.on("photos"):
        photos_check(photos, photo_needed=data.photo_needed)
    refusals.raise_any()
    location_text = ", ".join(part for part in (place.street, texts["location_text"]) if part)
    with refusals.on("location_text"):
        check_length(location_text, LOCATION_TEXT_MAX_LENGTH)
    refusals.raise_any()
    return CheckedAlert(
        place=place,
        happened_at=happened_at,
        location_text=location_text,
        description=texts["description"],
        person=signalement["person"],
        vehicle=signalement["vehicle"],
    )


def photos_check(photos: Sequence, *, photo_needed: bool) -> None:
    if not photos:
        return
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("Hooguit %(n)s foto's per melding.") % {"n": MAX_PHOTOS}, code="photos")
    if not photo_needed:
        raise ValidationError(
            {
                "photo_needed": ValidationError(
                    _("Bevestig dat de foto nodig is voor het signalement, of laat de foto weg (huisregel 8)."),
                    code="photo_needed",
                )
            }
        )
    for photo in photos:
        photo_check(photo)  # size, type and pixels from the header: nothing decoded yet
