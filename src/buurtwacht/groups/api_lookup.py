"""GET /api/v1/lookup: what lies at an address or a point, and which groups cover it."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from buurtwacht.geo.shapes import NL_BOUNDS
from buurtwacht.groups.lookup import AddressNotFound, lookup_payload
from buurtwacht.groups.schemas import GroupOut
from buurtwacht.kit.api_errors import ErrorOut

router = Router(tags=["lookup"])

# lookup_payload checks the parameters, with its own Dutch messages, because it answers the lean ASGI route
# too (fastpath.py); the descriptions state what it accepts.
MIN_LON, MIN_LAT, MAX_LON, MAX_LAT = NL_BOUNDS


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
    postcode: str | None = Query(None, description="Four digits and two letters: 1234 AB or 1234ab"),
    huisnummer: str | None = Query(None, description="1 to 99999, with a letter or addition: 12, 12a or 12a-2"),
    huisletter: str = Query("", description="One letter"),
    toevoeging: str = Query("", description="Up to four letters or digits"),
    lat: float | None = Query(None, description=f"WGS84, in the Netherlands ({MIN_LAT} to {MAX_LAT})"),
    lon: float | None = Query(None, description=f"WGS84, in the Netherlands ({MIN_LON} to {MAX_LON})"),
):
    params = {"postcode": postcode, "huisnummer": huisnummer, "huisletter": huisletter, "toevoeging": toevoeging}
    try:
        return lookup_payload({**params, "lat": lat, "lon": lon})
    except AddressNotFound as exc:
        raise HttpError(404, str(exc)) from exc
