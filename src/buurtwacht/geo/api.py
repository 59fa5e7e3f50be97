"""GET /api/v1/lookup: what lies at an address or a point, and which groups cover it."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from buurtwacht.groups.lookup import AddressNotFound, lookup_payload
from buurtwacht.groups.schemas import GroupOut

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
    params = {"postcode": postcode, "huisnummer": huisnummer, "huisletter": huisletter, "toevoeging": toevoeging}
    try:
        return lookup_payload({**params, "lat": lat, "lon": lon})
    except AddressNotFound as exc:
        raise HttpError(404, str(exc)) from exc
