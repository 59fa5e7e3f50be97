"""The signs API (session cookie + CSRF; staff and police after the second factor):

- GET/PUT /gemeenten/{code}/sign-rules: the rules (staff and police read, staff change);
- GET /groups/{id}/sign-checks?spots=N: the rule checks for a request of N signs (admins of the group);
- POST /groups/{id}/sign-requests: a request with proposed spots (admins of the group);
- GET /gemeenten/{code}/sign-requests and /signs: requests (with the checks as they stand now) and signs, with
  their history (staff and police of the gemeente);
- POST .../sign-requests/{id}/approve|refuse and .../signs/{id}/placed|moved|removed (staff);
- GET /signs.geojson?bbox=: placed signs for the public map (everyone; no names of people).
The same services as the HTML pages."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.security import django_auth

from buurtwacht.accounts.permissions import can_review_groups_of, can_see_admins_of, require
from buurtwacht.geo.api_params import GemeenteCode
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.api import parse_bbox
from buurtwacht.groups.permissions import administered_group
from buurtwacht.kit.api_errors import ErrorOut, errors
from buurtwacht.municipality.coverage.open_data import LICENCE, LICENCE_URL
from buurtwacht.municipality.signs import selectors, services
from buurtwacht.municipality.signs.models import Sign, SignRequest
from buurtwacht.municipality.signs.rules import rules_of, sign_rule_checks
from buurtwacht.municipality.signs.schemas import (
    ApproveIn,
    CheckOut,
    MovedIn,
    PlacedIn,
    RefuseIn,
    RemovedIn,
    RequestIn,
    RequestOut,
    RulesIO,
    SignOut,
    checks_out,
    request_out,
    sign_out,
)

SIGNS_ATTRIBUTION = "Buurtwacht; straatborden: de gemeenten die ze plaatsten; gemeenten: CBS (CC BY 4.0)"

router = Router(auth=django_auth, tags=["straatborden"])
public = Router(tags=["straatborden"])


def _gemeente(request, code: str, *, act: bool) -> Gemeente:
    gemeente = get_object_or_404(Gemeente, code=code.upper())
    require(can_review_groups_of(request.user, gemeente) if act else can_see_admins_of(request.user, gemeente))
    return gemeente


def _rules(rules) -> dict:
    return {name: getattr(rules, name) for name in RulesIO.model_fields}


def _request(request_id: int, gemeente: Gemeente) -> SignRequest:
    return get_object_or_404(
        SignRequest.objects.select_related("group", "group__wijk", "gemeente"), pk=request_id, gemeente=gemeente
    )


def _request_out(sign_request: SignRequest) -> dict:
    """The request with its checks: as the rules stand now while it is open, as they stood at the decision (its own
    signs left out) once decided."""
    spots = list(sign_request.spots.all())
    if sign_request.is_open:
        checks = sign_rule_checks(group=sign_request.group, spot_count=len(spots), spots=spots)
    else:
        signs = list(sign_request.signs.all())
        checks = sign_rule_checks(group=sign_request.group, spot_count=len(signs) or len(spots),
                                  leave_out=sign_request, spots=signs or spots)
    return request_out(sign_request, checks)


def _sign(sign_id: int, gemeente: Gemeente) -> Sign:
    return get_object_or_404(Sign.objects.select_related("group", "wijk", "gemeente", "request"), pk=sign_id,
                             gemeente=gemeente)


@router.get("/gemeenten/{code}/sign-rules", response={200: RulesIO, **errors(401, 403, 404)},
            url_name="sign_rules", summary="The gemeente's sign rules (staff and police of the gemeente)")
def rules_get(request: HttpRequest, code: GemeenteCode):
    return _rules(rules_of(_gemeente(request, code, act=False)))


@router.put("/gemeenten/{code}/sign-rules", response={200: RulesIO, **errors(400, 401, 403, 404)},
            url_name="sign_rules_put", summary="Set the gemeente's sign rules; null switches a rule off (staff)")
def rules_put(request: HttpRequest, code: GemeenteCode, body: RulesIO):
    gemeente = _gemeente(request, code, act=True)
    return _rules(services.sign_rules_save(gemeente=gemeente, user=request.user, **body.dict()))


@router.get("/groups/{int:group_id}/sign-checks", response={200: list[CheckOut], **errors(401, 403, 404)},
            url_name="sign_checks", summary="Which sign rules a request of N signs meets now (admins of the group)")
def checks_get(
    request: HttpRequest,
    group_id: int,
    spots: int = Query(1, ge=0, le=services.MAX_SPOTS),
    at: str = Query("", max_length=1000, description="The spots, to check where they lie: lat,lon;lat,lon (WGS84)"),
):
    group = administered_group(request.user, pk=group_id)
    return checks_out(sign_rule_checks(group=group, spot_count=spots, spots=_points(at)))


def _points(raw: str) -> list[services.SpotInput]:
    """The readable points of "lat,lon;lat,lon" (others are left out: the checks only advise)."""
    points = []
    for pair in raw.split(";")[: services.MAX_SPOTS]:
        try:
            lat, lon = (float(part) for part in pair.split(","))
        except ValueError:
            continue
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            points.append(services.SpotInput(lat=lat, lon=lon))
    return points


@router.post("/groups/{int:group_id}/sign-requests", response={201: RequestOut, **errors(400, 401, 403, 404)},
             url_name="sign_request_create", summary="Request signs at proposed spots (admins of the group)")
def request_create(request: HttpRequest, group_id: int, body: RequestIn):
    group = administered_group(request.user, pk=group_id)
    spots = [services.SpotInput(lat=s.lat, lon=s.lon, note=s.note) for s in body.spots]
    created = services.sign_request_create(group=group, user=request.user, reason=body.reason, spots=spots)
    return Status(201, _request_out(created))


@router.get("/gemeenten/{code}/sign-requests", response={200: list[RequestOut], **errors(401, 403, 404)},
            url_name="sign_requests", summary="The gemeente's sign requests, rule checks as they stand now")
def requests_get(request: HttpRequest, code: GemeenteCode):
    gemeente = _gemeente(request, code, act=False)
    return [_request_out(r) for r in selectors.requests_of(gemeente)]


@router.post("/gemeenten/{code}/sign-requests/{int:request_id}/approve",
             response={200: RequestOut, **errors(400, 401, 403, 404)}, url_name="sign_request_approve",
             summary="Approve a request with the final spots (staff)")
def request_approve(request: HttpRequest, code: GemeenteCode, request_id: int, body: ApproveIn):
    gemeente = _gemeente(request, code, act=True)
    sign_request = _request(request_id, gemeente)
    spots = [services.SpotInput(lat=s.lat, lon=s.lon, note=s.note) for s in body.spots]
    services.sign_request_approve(request=sign_request, user=request.user, spots=spots, note=body.note)
    return _request_out(_request(request_id, gemeente))


@router.post("/gemeenten/{code}/sign-requests/{int:request_id}/refuse",
             response={200: RequestOut, **errors(400, 401, 403, 404)}, url_name="sign_request_refuse",
             summary="Refuse a request with a reason (staff)")
def request_refuse(request: HttpRequest, code: GemeenteCode, request_id: int, body: RefuseIn):
    gemeente = _gemeente(request, code, act=True)
    services.sign_request_refuse(request=_request(request_id, gemeente), user=request.user, note=body.note)
    return _request_out(_request(request_id, gemeente))


@router.get("/gemeenten/{code}/signs", response={200: list[SignOut], **errors(401, 403, 404)},
            url_name="signs_list", summary="Every sign of the gemeente with its history (staff and police)")
def signs_get(request: HttpRequest, code: GemeenteCode):
    return [sign_out(s) for s in selectors.signs_of(_gemeente(request, code, act=False))]


@router.post("/gemeenten/{code}/signs/{int:sign_id}/placed", response={200: SignOut, **errors(400, 401, 403, 404)},
             url_name="sign_placed", summary="The sign was placed on a date, at its final spot (staff)")
def placed(request: HttpRequest, code: GemeenteCode, sign_id: int, body: PlacedIn):
    gemeente = _gemeente(request, code, act=True)
    services.sign_place(sign=_sign(sign_id, gemeente), user=request.user, on=body.on, lat=body.lat, lon=body.lon,
                        note=body.note)
    return sign_out(_sign(sign_id, gemeente))


@router.post("/gemeenten/{code}/signs/{int:sign_id}/moved", response={200: SignOut, **errors(400, 401, 403, 404)},
             url_name="sign_moved", summary="The sign was moved to a new spot on a date (staff)")
def moved(request: HttpRequest, code: GemeenteCode, sign_id: int, body: MovedIn):
    gemeente = _gemeente(request, code, act=True)
    services.sign_move(sign=_sign(sign_id, gemeente), user=request.user, on=body.on, lat=body.lat, lon=body.lon,
                       note=body.note)
    return sign_out(_sign(sign_id, gemeente))


@router.post("/gemeenten/{code}/signs/{int:sign_id}/removed", response={200: SignOut, **errors(400, 401, 403, 404)},
             url_name="sign_removed", summary="The sign was removed on a date, with a reason (staff)")
def removed(request: HttpRequest, code: GemeenteCode, sign_id: int, body: RemovedIn):
    gemeente = _gemeente(request, code, act=True)
    services.sign_remove(sign=_sign(sign_id, gemeente), user=request.user, on=body.on, reason=body.reason)
    return sign_out(_sign(sign_id, gemeente))


PLACED_DOC = {
    "200": {
        "description": "GeoJSON FeatureCollection of placed street signs (properties: id, kind, placed_on, gemeente, "
        "group), with license, license_url and attribution (CC BY 4.0; also in the Link rel=license header)",
        "content": {"application/geo+json": {"schema": {"type": "object"}}},
    }
}


@public.get("/signs.geojson", response={400: ErrorOut}, url_name="signs_geojson",
            summary="Placed street signs as GeoJSON (public; open data, licence CC BY 4.0)",
            openapi_extra={"responses": PLACED_DOC})
def signs_geojson(
    request: HttpRequest,
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat (WGS84), e.g. 3.5,51.4,3.7,51.5"),
):
    data = selectors.placed_features(parse_bbox(bbox) if bbox else None)
    data = {"type": data["type"], "license": LICENCE, "license_url": LICENCE_URL, "attribution": SIGNS_ATTRIBUTION,
            "features": data["features"]}
    response = JsonResponse(data, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response
