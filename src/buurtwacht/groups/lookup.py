"""The address lookup as the API answers it: one function from query parameters to the JSON body.

Both routes to it call `lookup_payload`: the django-ninja endpoint (which documents it in the OpenAPI schema) and
the lean ASGI route in `buurtwacht.fastpath`, which serves the same body without Django's request cycle.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from buurtwacht.geo.selectors import AreaRef, address_find, check_point, normalise_postcode, parse_house_number
from buurtwacht.groups.schemas import group_out
from buurtwacht.groups.selectors import lookup_point


class AddressNotFound(LookupError):
    """The postcode and house number are well-formed but no such address exists (a 404)."""

    def __init__(self) -> None:
        super().__init__(_("Dit adres is niet gevonden. Controleer de postcode en het huisnummer."))


def parse_coordinate(name: str, raw: str | float | None) -> float | None:
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        raise ValidationError(
            # The same words as the API's schema refusal (api.schema_error), so both routes answer alike.
            _("Ongeldige waarde voor: %(names)s. Zie /api/v1/docs voor de juiste vorm.")
            % {"names": f"{name} ({_('verkeerd soort waarde')})"}
        )
    return value


def _ref(area: AreaRef | None) -> dict | None:
    return {"code": area.code, "name": area.display_name} if area else None


def lookup_payload(params: Mapping[str, str | float | None]) -> dict:
    """The lookup's JSON body for `postcode` + `huisnummer` (+ `huisletter`, `toevoeging`) or `lat` + `lon`.

    Raises ValidationError (a 400, message in the active language) or AddressNotFound (a 404).
    """
    postcode, number_text = params.get("postcode"), params.get("huisnummer")
    address = None
    if postcode is not None or number_text is not None:
        if not postcode or not number_text:
            raise ValidationError(_("Geef zowel een postcode als een huisnummer op."))
        number, letter, addition = parse_house_number(str(number_text))
        address = address_find(
            postcode=normalise_postcode(str(postcode)),
            number=number,
            letter=str(params.get("huisletter") or letter).strip().upper(),
            addition=str(params.get("toevoeging") or addition).strip().upper(),
        )
        if address is None:
            raise AddressNotFound()
        lon, lat = address.lon, address.lat
    else:
        lat, lon = parse_coordinate("lat", params.get("lat")), parse_coordinate("lon", params.get("lon"))
        if lat is None or lon is None:
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
