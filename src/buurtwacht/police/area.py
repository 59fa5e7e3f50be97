"""The area of a police message: a circle around the point (metres, as Burgernet draws it) or chosen buurten, as
one polygon in WGS84 with its bounding box. CAP speaks of kilometres: the API converts at its edge."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from buurtwacht.geo.shapes import metres_per_degree, to_geojson, to_geometry

RADIUS_MIN_M = 100
RADIUS_MAX_M = 5000
RADIUS_DEFAULT_M = 1000
_CIRCLE_SEGMENTS = 16  # per quarter: 64 points round, within 0.1% of a true circle


@dataclass(frozen=True)
class Area:
    geometry: BaseGeometry
    geojson: dict
    bounds: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


def _area(geometry: BaseGeometry) -> Area:
    return Area(geometry=geometry, geojson=to_geojson(geometry), bounds=tuple(geometry.bounds))


def circle(lon: float, lat: float, radius_m: float) -> Area:
    """A circle of `radius_m` metres around the point, drawn in metres and put back into degrees."""
    kx, ky = metres_per_degree(lat)
    round_in_metres = shapely.Point(0, 0).buffer(radius_m, quad_segs=_CIRCLE_SEGMENTS)
    geometry = shapely.transform(round_in_metres, lambda xy: xy / (kx, ky) + (lon, lat))
    return _area(geometry)


def of_buurten(geojsons: list[dict]) -> Area:
    """The buurten together, as one (multi)polygon."""
    return _area(unary_union([to_geometry(geojson) for geojson in geojsons if geojson]))


def points_inside(area: BaseGeometry, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """A boolean per point: inside the area (vectorised, prepared geometry)."""
    if not len(lons):
        return np.zeros(0, dtype=bool)
    shapely.prepare(area)
    return shapely.contains_xy(area, lons, lats)
