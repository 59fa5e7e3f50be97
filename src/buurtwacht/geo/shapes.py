"""Geometry helpers: GeoJSON in and out, bounding boxes, area in square metres, and area validation."""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

# The European Netherlands with a margin for the coast and the Wadden islands (lon, lat).
NL_BOUNDS = (3.2, 50.7, 7.3, 53.7)
NL_ENVELOPE = shapely.box(*NL_BOUNDS)

# A group watches a few streets up to a village: smaller than a tennis court is a drawing slip,
# larger than this is a region, not a neighbourhood.
MIN_GROUP_AREA_M2 = 2_000
MAX_GROUP_AREA_M2 = 60_000_000

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def of(cls, geometry: BaseGeometry) -> BBox:
        return cls(*(round(v, 7) for v in geometry.bounds))

    def as_fields(self) -> dict[str, float]:
        return {"min_lon": self.min_lon, "min_lat": self.min_lat, "max_lon": self.max_lon, "max_lat": self.max_lat}


def to_geometry(geojson: dict) -> BaseGeometry:
    """Parse a GeoJSON geometry (or a Feature holding one); raise ValidationError in Dutch when it is no shape."""
    if isinstance(geojson, dict) and geojson.get("type") == "Feature":
        geojson = geojson.get("geometry") or {}
    try:
        return shape(geojson)
    except Exception as exc:  # shapely raises several types for malformed input
        raise ValidationError(_("Dit is geen geldige GeoJSON-geometrie: %(error)s") % {"error": exc}) from exc


def to_geojson(geometry: BaseGeometry, precision: int = 6) -> dict:
    """GeoJSON dict with coordinates rounded (6 decimals is about 10 cm)."""
    return mapping(shapely.transform(geometry, lambda coords: coords.round(precision)))


def area_m2(geometry: BaseGeometry) -> float:
    """Area in square metres, by an equal-area projection around the shape's own latitude.

    Exact enough for sanity limits and statistics at the scale of a neighbourhood (error well under 1%).
    """
    if geometry.is_empty:
        return 0.0
    kx, ky = metres_per_degree((geometry.bounds[1] + geometry.bounds[3]) / 2)
    projected = shapely.transform(geometry, lambda coords: coords * (kx, ky))
    return projected.area


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the polygon parts of a geometry (make_valid may add stray lines or points)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def validate_group_area(geometry: BaseGeometry) -> BaseGeometry:
    """Check that an area can be a group's: a valid polygon inside the Netherlands, of a sane size.

    Returns the geometry normalised (oriented, 2D). Raises ValidationError with a Dutch message.
    """
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValidationError(
            _("Het gebied moet een vlak zijn (polygoon), geen %(type)s. Teken een gesloten gebied op de kaart.")
            % {"type": geometry.geom_type}
        )
    if geometry.is_empty:
        raise ValidationError(_("Het gebied is leeg. Teken een gebied op de kaart of kies buurten."))
    if shapely.has_z(geometry):
        geometry = shapely.force_2d(geometry)
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        raise ValidationError(
            _(
                "Het gebied is geen geldige polygoon (%(reason)s). Teken het opnieuw zonder dat de randen "
                "elkaar kruisen."
            )
            % {"reason": reason}
        )
    if not NL_ENVELOPE.contains(geometry):
        raise ValidationError(
            _(
                "Het gebied ligt (deels) buiten Nederland. Controleer of de coördinaten in de volgorde "
                "lengtegraad, breedtegraad (WGS84) staan."
            )
        )
    size = area_m2(geometry)
    if size < MIN_GROUP_AREA_M2:
        raise ValidationError(
            _("Het gebied is te klein (%(size)d m²); een groep beslaat minstens een paar huizen (%(min)d m²).")
            % {"size": size, "min": MIN_GROUP_AREA_M2}
        )
    if size > MAX_GROUP_AREA_M2:
        raise ValidationError(
            _("Het gebied is te groot (%(size).1f km²); een buurtpreventiegroep beslaat hooguit %(max)d km².")
            % {"size": size / 1e6, "max": MAX_GROUP_AREA_M2 // 1_000_000}
        )
    return shapely.normalize(geometry)


def metres_per_degree(lat: float) -> tuple[float, float]:
    """Metres per degree of longitude and of latitude at this latitude (a local equirectangular projection)."""
    return math.radians(1) * EARTH_RADIUS_M * math.cos(math.radians(lat)), math.radians(1) * EARTH_RADIUS_M


def distance_m(lon: float, lat: float, geometry: BaseGeometry) -> float:
    """Metres from a point to a geometry (0 inside), in a local projection around the point."""
    kx, ky = metres_per_degree(lat)
    projected = shapely.transform(geometry, lambda coords: (coords - (lon, lat)) * (kx, ky))
    return projected.distance(shapely.Point(0, 0))
