"""The in-process spatial index: point -> buurt and point -> groups, from a Shapely STRtree.

Each process holds one `SpatialIndex` per layer. Before answering, callers ask `layers.fresh()`, which reads the
layers' version stamps (`AreaVersion`, one small query) and rebuilds any layer whose stamp moved since it was
built. A write that changes areas bumps the stamp in its own transaction (`bump_version`), so every process,
this one included, sees the change on its next lookup.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.db import connection
from shapely.geometry.base import BaseGeometry

from buurtwacht.geo.models import AreaVersion
from buurtwacht.geo.shapes import metres_per_degree

BUURTEN = "buurten"
GROUPS = "groups"


@dataclass(frozen=True)
class Entry:
    id: int
    geometry: BaseGeometry
    meta: Any = None  # what lookups need to know of the area without a database query


class SpatialIndex:
    """An immutable STRtree over (id, geometry) entries."""

    def __init__(self, entries: Iterable[Entry]):
        entries = list(entries)
        self.ids = np.array([e.id for e in entries], dtype=np.int64)
        self.geometries = np.array([e.geometry for e in entries], dtype=object)
        self.meta = {e.id: e.meta for e in entries}
        shapely.prepare(self.geometries)
        self.tree = shapely.STRtree(self.geometries)

    def __len__(self) -> int:
        return len(self.ids)

    def ids_at(self, lon: float, lat: float) -> list[int]:
        """Ids of the areas that contain the point (its boundary included), in ascending order.

        The tree is asked for bounding-box candidates with a degenerate box (built twice as fast as a Point),
        then the prepared candidates are tested with `intersects_xy`.
        """
        candidates = self.tree.query(shapely.box(lon, lat, lon, lat))
        if not len(candidates):
            return []
        ids = self.ids[candidates[shapely.intersects_xy(self.geometries[candidates], lon, lat)]].tolist()
        if len(ids) > 1:
            ids.sort()
        return ids

    def ids_meeting(self, geometry: BaseGeometry) -> list[int]:
        """Ids of the areas that meet (intersect) the geometry, in ascending order: one tree query."""
        hits = self.tree.query(geometry, predicate="intersects")
        return sorted(self.ids[hits].tolist())

    def hits_at_many(self, lons: Sequence[float], lats: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """Every (point, area) containment as two arrays: the points' positions and the areas' ids; one vectorised
        tree query for all points, nothing per point in Python (bulk statistics such as coverage)."""
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_idx, area_idx = self.tree.query(points, predicate="intersects")
        return point_idx, self.ids[area_idx]

    def ids_at_many(self, lons: Sequence[float], lats: Sequence[float]) -> list[list[int]]:
        """For each point, the ids of the areas that contain it; one vectorised tree query for all points."""
        point_idx, area_ids = self.hits_at_many(lons, lats)
        result: list[list[int]] = [[] for _ in range(len(lons))]
        for p, a in zip(point_idx.tolist(), area_ids.tolist(), strict=True):
            result[p].append(a)
        for ids in result:
            ids.sort()
        return result

    def nearest(self, lon: float, lat: float, count: int, max_degrees: float = 0.5) -> list[tuple[int, float]]:
        """Up to `count` (id, metres) of the areas nearest to the point, nearest first, within `max_degrees`.

        Searches a growing radius so that a lookup in a busy city touches only the areas around it, then ranks
        the candidates in metres (degrees of longitude are shorter than degrees of latitude here).
        """
        if not len(self):
            return []
        point = shapely.Point(lon, lat)
        radius = 0.02
        while True:
            hits = self.tree.query(point, predicate="dwithin", distance=radius)
            if len(hits) >= count or radius >= max_degrees:
                break
            radius = min(radius * 4, max_degrees)
        kx, ky = metres_per_degree(lat)
        local = shapely.transform(self.geometries[hits], lambda coords: (coords - (lon, lat)) * (kx, ky))
        metres = shapely.distance(local, shapely.Point(0, 0))
        order = np.argsort(metres, kind="stable")[:count]
        return list(zip(self.ids[hits[order]].tolist(), metres[order].tolist(), strict=True))


Loader = Callable[[], Iterable[Entry]]


class Layers:
    """The process-wide set of spatial layers, each rebuilt when its version stamp moves."""

    def __init__(self) -> None:
        self._loaders: dict[str, Loader] = {}
        self._indexes: dict[str, SpatialIndex] = {}
        self._versions: dict[str, int] = {}
        self._lock = threading.Lock()

    def register(self, layer: str, loader: Loader) -> None:
        self._loaders[layer] = loader

    def get(self, layer: str) -> SpatialIndex:
        """The layer's index, rebuilt first if the database holds a newer version."""
        return self.fresh(layer)[layer]

    def fresh(self, *layers: str) -> dict[str, SpatialIndex]:
        """Several layers at once, with one query for all their stamps.

        Plain SQL: this runs before every lookup, and the ORM's query compilation cost more than the query.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT layer, version FROM {AreaVersion._meta.db_table} "  # noqa: S608 - names from the model
                f"WHERE layer IN ({', '.join(['%s'] * len(layers))})",
                list(layers),
            )
            stored = dict(cursor.fetchall())
        return {layer: self._current(layer, stored.get(layer, 0)) for layer in layers}

    def _current(self, layer: str, version: int) -> SpatialIndex:
        index = self._indexes.get(layer)
        if index is not None and self._versions.get(layer) == version:
            return index
        with self._lock:
            if layer not in self._indexes or self._versions.get(layer) != version:
                # Read the stamp's areas; a write racing with this read bumps the stamp again,
                # so at worst the next lookup rebuilds once more.
                self._indexes[layer] = SpatialIndex(self._loaders[layer]())
                self._versions[layer] = version
            return self._indexes[layer]

    def clear(self) -> None:
        with self._lock:
            self._indexes.clear()
            self._versions.clear()


layers = Layers()


def bump_version(layer: str) -> None:
    """Mark a layer as changed. Call inside the transaction that changes the layer's areas.

    The stamp is a fresh random number, not a counter: a counter can come back to a value an index was built
    from (a rolled-back transaction, a restored backup) and leave that index stale.
    """
    stamp = secrets.randbits(62) + 1
    AreaVersion.objects.update_or_create(layer=layer, defaults={"version": stamp})


def entries_from_rows(rows: Iterable[tuple[int, dict]]) -> Iterable[Entry]:
    for pk, geojson in rows:
        if geojson:
            yield Entry(pk, shapely.geometry.shape(geojson))
