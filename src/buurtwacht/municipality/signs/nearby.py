"""Where proposed spots lie against the group's area and the signs that already stand: the warnings of the rule
checks (a spot far outside the area, a spot next to an existing sign) and the layers drawn on the request maps.

Warnings only: signs go on the access roads of a neighbourhood, which may lie at the edge of (or just outside) the
group's area, and the municipality decides."""

from __future__ import annotations

from dataclasses import dataclass

import shapely

from buurtwacht.geo.shapes import distance_m, metres_per_degree, to_geometry
from buurtwacht.groups.models import Group
from buurtwacht.municipality.signs.models import COUNTED, Sign

FAR_OUTSIDE_M = 250  # a spot further than this outside the group's area is pointed out
NEAR_SIGN_M = 50  # a spot closer than this to an existing (approved or placed) sign is pointed out
NEAR_MAP_M = 2000  # existing signs drawn on the request map: within this distance of the group's area


@dataclass(frozen=True)
class SpotPlace:
    number: int
    outside_m: int | None  # metres outside the group's area, when more than FAR_OUTSIDE_M
    near_m: int | None  # metres to the nearest existing sign, when less than NEAR_SIGN_M
    near_group: str = ""


def group_shape(group: Group):
    return to_geometry(group.area) if group.area else None


def _existing(gemeente, *, leave_out=None, around: tuple[float, float, float, float] | None = None):
    signs = Sign.objects.filter(gemeente=gemeente, status__in=COUNTED)
    if leave_out is not None:
        signs = signs.exclude(request=leave_out)
    if around is not None:
        min_lon, min_lat, max_lon, max_lat = around
        signs = signs.filter(lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat, lat__lte=max_lat)
    return signs


def _grown(bounds: tuple[float, float, float, float], metres: float) -> tuple[float, float, float, float]:
    min_lon, min_lat, max_lon, max_lat = bounds
    kx, ky = metres_per_degree((min_lat + max_lat) / 2)
    return min_lon - metres / kx, min_lat - metres / ky, max_lon + metres / kx, max_lat + metres / ky


def spot_places(group: Group, spots, *, leave_out=None) -> list[SpotPlace]:
    """For each spot (numbered from 1): how far outside the group's area, and how near an existing sign."""
    if not spots:
        return []
    area = group_shape(group)
    points = [(float(spot.lon), float(spot.lat)) for spot in spots]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    around = _grown((min(lons), min(lats), max(lons), max(lats)), NEAR_SIGN_M * 2)
    existing = list(_existing(group.gemeente, leave_out=leave_out, around=around).select_related("group")
                    .values_list("lon", "lat", "group__name"))
    places = []
    for number, (lon, lat) in enumerate(points, start=1):
        outside = distance_m(lon, lat, area) if area is not None else 0
        kx, ky = metres_per_degree(lat)
        nearest = min(
            ((((s_lon - lon) * kx) ** 2 + ((s_lat - lat) * ky) ** 2) ** 0.5, name) for s_lon, s_lat, name in existing
        ) if existing else None
        places.append(SpotPlace(
            number=number,
            outside_m=round(outside) if outside > FAR_OUTSIDE_M else None,
            near_m=round(nearest[0]) if nearest and nearest[0] < NEAR_SIGN_M else None,
            near_group=nearest[1] if nearest and nearest[0] < NEAR_SIGN_M else "",
        ))
    return places


def map_layers(group: Group, *, leave_out=None) -> dict:
    """GeoJSON for the request maps: the group's area, and the existing signs of the gemeente near it (approved or
    placed, other requests than `leave_out`), with their group and status."""
    area = group_shape(group)
    around = _grown((group.min_lon, group.min_lat, group.max_lon, group.max_lat), NEAR_MAP_M) if area else None
    signs = _existing(group.gemeente, leave_out=leave_out, around=around).select_related("group").order_by("pk")
    return {
        "area": {"type": "Feature", "geometry": shapely.geometry.mapping(area), "properties": {"name": group.name}}
        if area is not None else None,
        "signs": {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [sign.lon, sign.lat]},
                    "properties": {"status": sign.status, "status_label": str(sign.get_status_display()),
                                   "group": sign.group.name, "note": sign.note},
                }
                for sign in signs
            ],
        },
    }
