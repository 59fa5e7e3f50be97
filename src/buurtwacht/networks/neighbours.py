"""Which groups are neighbours: active groups whose areas touch or lie at most a gemeente's distance apart.

Answered from the in-process spatial index of active groups (geo.index, layer GROUPS), never by comparing every
pair: the tree is asked for candidates within the distance in degrees of longitude (the shorter degree here, so no
neighbour is missed), and the candidates are measured again in metres in a local projection (a degree of
longitude is ~0.61 of a degree of latitude in the Netherlands). A pair is neighbours when they lie within the
larger of their two gemeenten's distances, so the relation is the same seen from either side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from django.conf import settings

from buurtwacht.geo.index import GROUPS, SpatialIndex, layers
from buurtwacht.geo.shapes import metres_per_degree
from buurtwacht.groups.models import Group
from buurtwacht.networks.models import NetworkSettings


@dataclass(frozen=True)
class Pair:
    a: int  # group ids, a < b
    b: int
    metres: float


def distances() -> tuple[dict[int, int], int]:
    """The gemeenten's own distances, and the default (settings.NETWORK_NEIGHBOUR_METRES)."""
    own = dict(NetworkSettings.objects.values_list("gemeente_id", "neighbour_metres"))
    return own, settings.NETWORK_NEIGHBOUR_METRES


def distance_of(gemeente) -> int:
    """The distance for neighbours in this gemeente (a Gemeente or its id)."""
    row = NetworkSettings.objects.filter(gemeente=gemeente).values_list("neighbour_metres", flat=True).first()
    return settings.NETWORK_NEIGHBOUR_METRES if row is None else row


def _position(index: SpatialIndex, group_id: int) -> int | None:
    hits = np.flatnonzero(index.ids == group_id)
    return int(hits[0]) if len(hits) else None


def _local(geometries, lon0: float, lat0: float):
    kx, ky = metres_per_degree(lat0)
    return shapely.transform(geometries, lambda coords: (coords - (lon0, lat0)) * (kx, ky))


def _gemeenten(group_ids) -> dict[int, int]:
    return dict(Group.objects.filter(pk__in=list(group_ids)).values_list("pk", "gemeente_id"))


def neighbour_distances(group: Group) -> dict[int, float]:
    """The ids of the group's neighbours (active groups) with the metres between the areas (0: they touch)."""
    index = layers.get(GROUPS)
    position = _position(index, group.pk)
    if position is None:  # not active: no neighbours
        return {}
    own, default = distances()
    widest = max([default, *own.values()])
    geometry = index.geometries[position]
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    lat0 = (min_lat + max_lat) / 2
    kx, _ky = metres_per_degree(max_lat)  # the shortest degree of longitude over the area: no neighbour missed
    candidates = index.tree.query(geometry, predicate="dwithin", distance=widest / kx)
    candidates = candidates[index.ids[candidates] != group.pk]
    if not len(candidates):
        return {}
    lon0 = (min_lon + max_lon) / 2
    metres = shapely.distance(_local(geometry, lon0, lat0), _local(index.geometries[candidates], lon0, lat0))
    ids = index.ids[candidates].tolist()
    gemeenten = _gemeenten([group.pk, *ids])
    mine = own.get(gemeenten.get(group.pk), default)
    return {
        pk: float(m)
        for pk, m in zip(ids, metres.tolist(), strict=True)
        if m <= max(mine, own.get(gemeenten.get(pk), default))
    }


def neighbour_ids(group: Group) -> set[int]:
    return set(neighbour_distances(group))


def pairs_among(group_ids) -> list[Pair]:
    """Every neighbour pair with at least one group among `group_ids` (a gemeente's groups), in one tree query:
    the staff's map of the network."""
    index = layers.get(GROUPS)
    wanted = np.isin(index.ids, np.fromiter(group_ids, dtype=np.int64))
    positions = np.flatnonzero(wanted)
    if not len(positions):
        return []
    own, default = distances()
    widest = max([default, *own.values()])
    geometries = index.geometries[positions]
    bounds = shapely.total_bounds(geometries)
    lon0, lat0 = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
    kx, _ky = metres_per_degree(max(abs(bounds[1]), abs(bounds[3])))  # the shortest degree of longitude among them
    source, target = index.tree.query(geometries, predicate="dwithin", distance=widest / kx)
    source_positions = positions[source]
    keep = source_positions != target
    source_positions, target = source_positions[keep], target[keep]
    if not len(target):
        return []
    metres = shapely.distance(
        _local(index.geometries[source_positions], lon0, lat0), _local(index.geometries[target], lon0, lat0)
    )
    a_ids, b_ids = index.ids[source_positions].tolist(), index.ids[target].tolist()
    gemeenten = _gemeenten(set(a_ids) | set(b_ids))
    found: dict[tuple[int, int], float] = {}
    for a, b, m in zip(a_ids, b_ids, metres.tolist(), strict=True):
        limit = max(own.get(gemeenten.get(a), default), own.get(gemeenten.get(b), default))
        if m <= limit:
            found[(min(a, b), max(a, b))] = float(m)
    return [Pair(a, b, m) for (a, b), m in sorted(found.items())]
