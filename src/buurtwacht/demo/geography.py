"""The demo gemeente's geography: an irregular outline cut into buurten, grouped in wijken.

1. An irregular, star-shaped outline around ORIGIN, in a local frame of metres east and north of it.
2. One random point per buurt inside the outline, kept apart from the others, then moved to the centroid of its
   cell a few times (Lloyd relaxation) so that buurten get similar sizes but keep irregular shapes.
3. The Voronoi cells of those points clipped to the outline: they tile it without gaps or overlaps.
4. The cells nearest the centre form the first wijk; the outer ring, in order of angle, is split into the others.

The frame maps to WGS84 by scaling and shifting only (affine), so buurten that tile the outline in metres still
tile it in degrees, and rounding shared vertices to the same 6 decimals keeps their shared edges identical.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import shapely
from shapely.geometry.base import BaseGeometry

from buurtwacht.demo import CBS_NUMBER
from buurtwacht.demo.names import WIJKEN, BuurtSpec
from buurtwacht.geo.shapes import EARTH_RADIUS_M

# Open water in the IJsselmeer south-west of Urk: inside the Netherlands, yet ~2 km from the nearest real CBS buurt
# (2019 boundaries), so the demo never competes with imported areas in a lookup.
ORIGIN_LON, ORIGIN_LAT = 5.55, 52.62
SEMI_AXES_M = (1300.0, 1050.0)  # east-west, north-south; the outline wobbles ~20% around this ellipse
OUTLINE_VERTICES = 40
MIN_SEED_DISTANCE_M = 320.0
RELAXATION_ROUNDS = 4

KX = math.radians(1) * EARTH_RADIUS_M * math.cos(math.radians(ORIGIN_LAT))  # metres per degree of longitude
KY = math.radians(1) * EARTH_RADIUS_M  # metres per degree of latitude


def to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda coords: coords / (KX, KY) + (ORIGIN_LON, ORIGIN_LAT))


def to_metric(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda coords: (coords - (ORIGIN_LON, ORIGIN_LAT)) * (KX, KY))


def point_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(lon, lat) of a point in the local frame, rounded to 6 decimals (about 10 cm)."""
    return round(ORIGIN_LON + x / KX, 6), round(ORIGIN_LAT + y / KY, 6)


@dataclass
class BuurtPlan:
    code: str
    spec: BuurtSpec
    place: str
    shape: BaseGeometry  # in the local metric frame

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass
class WijkPlan:
    code: str
    name: str
    place: str
    buurten: list[BuurtPlan] = field(default_factory=list)


@dataclass
class Geography:
    outline: BaseGeometry  # in the local metric frame
    wijken: list[WijkPlan]

    @property
    def buurten(self) -> list[BuurtPlan]:
        return [b for w in self.wijken for b in w.buurten]

    def buurt(self, name: str) -> BuurtPlan:
        return next(b for b in self.buurten if b.name == name)


def plan_outline(*, rng: random.Random) -> shapely.Polygon:
    """A smooth, irregular, star-shaped polygon: an ellipse whose radius wobbles with a few random waves."""
    waves = [(k, rng.uniform(0.04, 0.09), rng.uniform(0, 2 * math.pi)) for k in (2, 3, 5)]
    step = 2 * math.pi / OUTLINE_VERTICES
    coords = []
    for i in range(OUTLINE_VERTICES):
        angle = i * step + rng.uniform(-0.25, 0.25) * step
        radius = 1 + sum(a * math.sin(k * angle + phase) for k, a, phase in waves) + rng.uniform(-0.02, 0.02)
        coords.append((SEMI_AXES_M[0] * radius * math.cos(angle), SEMI_AXES_M[1] * radius * math.sin(angle)))
    return shapely.Polygon(coords)


def plan_seeds(*, outline: shapely.Polygon, count: int, rng: random.Random) -> list[tuple[float, float]]:
    """Random points inside the outline, no two closer than MIN_SEED_DISTANCE_M (dart throwing)."""
    min_x, min_y, max_x, max_y = outline.bounds
    inner = outline.buffer(-MIN_SEED_DISTANCE_M / 3)
    seeds: list[tuple[float, float]] = []
    for _attempt in range(20_000):
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if inner.contains(shapely.Point(x, y)) and all(math.dist((x, y), s) >= MIN_SEED_DISTANCE_M for s in seeds):
            seeds.append((x, y))
            if len(seeds) == count:
                return seeds
    raise RuntimeError("could not place the demo buurten; lower MIN_SEED_DISTANCE_M")


def voronoi_cells(*, seeds: list[tuple[float, float]], outline: shapely.Polygon) -> list[BaseGeometry]:
    """Each seed's Voronoi cell clipped to the outline, in the order of the seeds."""
    cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=outline)
    by_seed: list[BaseGeometry | None] = [None] * len(seeds)
    for cell in cells.geoms:
        for i, seed in enumerate(seeds):
            if by_seed[i] is None and cell.contains(shapely.Point(seed)):
                by_seed[i] = cell.intersection(outline)
                break
    if any(c is None for c in by_seed):
        raise RuntimeError("a demo buurt seed fell outside every Voronoi cell")
    return by_seed  # type: ignore[return-value]


def plan_cells(*, outline: shapely.Polygon, count: int, rng: random.Random) -> list[BaseGeometry]:
    seeds = plan_seeds(outline=outline, count=count, rng=rng)
    cells = voronoi_cells(seeds=seeds, outline=outline)
    for _round in range(RELAXATION_ROUNDS):
        seeds = [(c.centroid.x, c.centroid.y) for c in cells]
        cells = voronoi_cells(seeds=seeds, outline=outline)
    return cells


def _elliptic(cell: BaseGeometry) -> tuple[float, float]:
    """Distance from the centre and angle of a cell's centroid, measured as if the outline were a circle."""
    x, y = cell.centroid.x / SEMI_AXES_M[0], cell.centroid.y / SEMI_AXES_M[1]
    return math.hypot(x, y), math.atan2(y, x)


def plan_geography(*, rng: random.Random) -> Geography:
    outline = plan_outline(rng=rng)
    sizes = [len(spec.buurten) for spec in WIJKEN]
    cells = plan_cells(outline=outline, count=sum(sizes), rng=rng)
    by_distance = sorted(cells, key=lambda c: _elliptic(c)[0])
    centre = sorted(by_distance[: sizes[0]], key=lambda c: _elliptic(c)[1])
    ring = sorted(by_distance[sizes[0] :], key=lambda c: _elliptic(c)[1])
    groups, start = [centre], 0
    for size in sizes[1:]:
        groups.append(ring[start : start + size])
        start += size
    wijken = []
    for w, (spec, wijk_cells) in enumerate(zip(WIJKEN, groups, strict=True)):
        wijk = WijkPlan(code=f"WK{CBS_NUMBER}{w:02d}", name=spec.name, place=spec.place)
        for b, (buurt_spec, cell) in enumerate(zip(spec.buurten, wijk_cells, strict=True)):
            wijk.buurten.append(
                BuurtPlan(code=f"BU{CBS_NUMBER}{w:02d}{b:02d}", spec=buurt_spec, place=spec.place, shape=cell)
            )
        wijken.append(wijk)
    return Geography(outline=outline, wijken=wijken)
