"""GET /api/v1/groups (GeoJSON) and /api/v1/groups/{id}: active groups with public fields only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from buurtwacht.geo.shapes import NL_BOUNDS
from buurtwacht.groups.models import Group
from buurtwacht.groups.selectors import group_features
from buurtwacht.kit.api_errors import ErrorOut

router = Router(tags=["groups"])

FEATURE_COLLECTION_DOC = {
    "200": {
        "description": "GeoJSON FeatureCollection of active groups (properties: id, name, slug, url, gemeente, "
        "status, member_count, address_count, founded_on)",
        "content": {"application/geo+json": {"schema": {"type": "object"}}},
    }
}


FEATURE_DOC = {
    "200": {
        "description": "GeoJSON Feature of the group (properties as in the list)",
        "content": {"application/geo+json": {"schema": {"type": "object"}}},
    }
}


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    """'min_lon,min_lat,max_lon,max_lat' in WGS84, within the Netherlands' surroundings."""
    parts = raw.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 4:
        raise ValidationError(
            _("bbox moet vier getallen zijn: min_lon,min_lat,max_lon,max_lat (WGS84), bijvoorbeeld 3.5,51.4,3.7,51.5.")
        )
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise ValidationError(_("bbox valt buiten het bereik van lengte- en breedtegraden (WGS84)."))
    if min_lon > max_lon or min_lat > max_lat:
        raise ValidationError(
            _("bbox: het minimum moet kleiner zijn dan het maximum (min_lon,min_lat,max_lon,max_lat).")
        )
    nl_min_lon, nl_min_lat, nl_max_lon, nl_max_lat = NL_BOUNDS
    if max_lon < nl_min_lon or min_lon > nl_max_lon or max_lat < nl_min_lat or min_lat > nl_max_lat:
        raise ValidationError(_("bbox ligt helemaal buiten Nederland; er kunnen daar geen groepen zijn."))
    return values  # type: ignore[return-value]


@router.get(
    "",
    response={400: ErrorOut},
    summary="Active groups as GeoJSON",
    openapi_extra={"responses": FEATURE_COLLECTION_DOC},
)
def groups_list(
    request: HttpRequest,
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat (WGS84), e.g. 3.5,51.4,3.7,51.5"),
):
    groups = Group.objects.active()
    if bbox:
        groups = groups.overlapping_bbox(*parse_bbox(bbox))
    return _geojson(group_features(groups.order_by("pk")))


@router.get(
    "/{int:group_id}",
    response={404: ErrorOut},
    summary="One active group as a GeoJSON Feature",
    openapi_extra={"responses": FEATURE_DOC},
)
def group_detail(request: HttpRequest, group_id: int):
    collection = group_features(Group.objects.active().filter(pk=group_id))
    if not collection["features"]:
        raise HttpError(404, _("Er is geen actieve groep met dit nummer."))
    return _geojson(collection["features"][0])


def _geojson(data: dict) -> JsonResponse:
    return JsonResponse(data, content_type="application/geo+json")
