"""GET /api/v1/lookup: what lies at an address or a point, and which groups cover it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from buurtwacht.geo.selectors import address_find, check_point, normalise_postcode, parse_house_number
from buurtwacht.groups.schemas import GroupOut, group_out
from buurtwacht.groups.selectors import lookup_point

router = Router(tags=["lookup"])


class AddressOut(Schema):
    street: str
    house_number: str
    postcode: str
    place: str
    lat: float
    lon: float


class AreaRef(Schema):
    code: str
    name: str


class LookupOut(Schema):
    address: AddressOut | None
    lat: float
    lon: float
    buurt: AreaRef | None
    wijk: AreaRef | None
    gemeente: AreaRef | None
    groups: list[GroupOut]
    nearby: list[GroupOut]


class ErrorOut(Schema):
    detail: str


def _ref(area) -> dict | None:
    return {"code": area.code, "name": area.display_name} if area else None


@router.get(
    "/lookup",
    response={200: LookupOut, 400: ErrorOut, 404: ErrorOut},
    summary="Groups covering an address or a point",
    description=(
        "Give `postcode` and `huisnummer` (optionally `huisletter`, `toevoeging`), or `lat` and `lon` (WGS84). "
        "Returns the address, its buurt, wijk and gemeente, and the active groups whose area covers it; "
        "when none does, `nearby` lists the nearest groups."
    ),
)
def lookup(
    request: HttpRequest,
    postcode: str | None = None,
    huisnummer: str | None = None,
    huisletter: str = "",
    toevoeging: str = "",
    lat: float | None = None,
    lon: float | None = None,
):
    address = None
    if postcode is not None or huisnummer is not None:
        if not postcode or not huisnummer:
            raise ValidationError(_("Geef zowel een postcode als een huisnummer op."))
        number, letter, addition = parse_house_number(huisnummer)
        address = address_find(
            postcode=normalise_postcode(postcode),
            number=number,
            letter=(huisletter or letter).strip().upper(),
            addition=(toevoeging or addition).strip().upper(),
        )
        if address is None:
            raise HttpError(404, _("Dit adres is niet gevonden. Controleer de postcode en het huisnummer."))
        lon, lat = address.lon, address.lat
    elif lat is None or lon is None:
        raise ValidationError(_("Geef een postcode en huisnummer op, of een punt met lat en lon."))
    check_point(lon, lat)
    result = lookup_point(lon=lon, lat=lat, address=address)
    place = result.place
    return {
        "address": {
            "street": address.street,
            "house_number": address.house_number,
            "postcode": address.postcode,
            "place": address.place,
            "lat": address.lat,
            "lon": address.lon,
        }
        if address
        else None,
        "lat": lat,
        "lon": lon,
        "buurt": _ref(place.buurt),
        "wijk": _ref(place.wijk),
        "gemeente": _ref(place.gemeente),
        "groups": [group_out(g) for g in result.groups],
        "nearby": [group_out(g) for g in result.nearby],
    }
