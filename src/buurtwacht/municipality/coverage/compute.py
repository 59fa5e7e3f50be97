"""Computing coverage in bulk: every address point against the buurten layer and the active groups' layer of the
in-process spatial index (two vectorised tree queries, no query per buurt or per address), aggregated with numpy
and stored per buurt and per wijk.

What the figures mean:
- addresses: the BAG addresses whose point lies in the buurt. Generalised CBS polygons overlap slightly at their
  edges, and a generalised "verspreide huizen" buurt can enclose a village; an address on an overlap counts in the
  smallest buurt, then the lowest code, as the address lookup does (geo.selectors.BuurtRef.precedence).
- covered_addresses: of those, the ones inside (or on the edge of) at least one active group's area, whichever
  gemeente the group belongs to; an address inside two groups counts once.
- households: the CBS figure of the buurt (Area.households), unknown stays unknown; a wijk uses its own CBS figure,
  or the sum of its buurten's known figures when CBS gives none for the wijk.
- members: the people who are a member of at least one active group and whose home address lies in the buurt
  (their account's buurt). We count where people live rather than apportioning a group's members over the buurten
  it covers: a group's area often spans buurten of very different sizes, and any apportioning would invent numbers.
  Each person counts once, however many groups they are in.
- groups: the active groups with at least one of the buurt's addresses inside their area.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from buurtwacht.geo.index import BUURTEN, GROUPS, layers
from buurtwacht.geo.models import Address, Buurt, Gemeente, Wijk
from buurtwacht.groups.models import GroupStatus, Membership
from buurtwacht.municipality.coverage.models import BuurtCoverage, CoverageState, WijkCoverage

FETCH_CHUNK = 50_000


@dataclass(frozen=True)
class Result:
    gemeenten: int
    buurten: int
    addresses: int
    covered_addresses: int


def _address_points(bboxes: list[tuple[float, float, float, float]] | None) -> np.ndarray:
    """(lon, lat) of the addresses, all of them or those inside any of the boxes; plain SQL, one query."""
    table = Address._meta.db_table
    sql = f"SELECT lon, lat FROM {table}"  # noqa: S608 - the table name comes from the model
    params: list[float] = []
    if bboxes is not None:
        if not bboxes:
            return np.empty((0, 2))
        sql += " WHERE " + " OR ".join(["(lon BETWEEN %s AND %s AND lat BETWEEN %s AND %s)"] * len(bboxes))
        for min_lon, min_lat, max_lon, max_lat in bboxes:
            params += [min_lon, max_lon, min_lat, max_lat]
    parts = [np.empty((0, 2))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH_CHUNK):  # a national run holds arrays, not millions of tuples
            parts.append(np.array(rows, dtype=float))
    return np.concatenate(parts)


def buurt_of_points(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """For each point the primary key of its buurt (-1 outside every buurt); where buurten overlap, the one the
    address lookup takes (BuurtRef.precedence). Vectorised: one tree query, then a sort."""
    index = layers.get(BUURTEN)
    result = np.full(len(lons), -1, dtype=np.int64)
    if not len(index) or not len(lons):
        return result
    points, ids = index.hits_at_many(lons, lats)
    ids_list = index.ids.tolist()
    by_precedence = sorted(range(len(ids_list)), key=lambda k: index.meta[ids_list[k]].precedence)
    rank = np.empty(int(index.ids.max()) + 1, dtype=np.int64)
    rank[index.ids[by_precedence]] = np.arange(len(ids_list))
    order = np.lexsort((rank[ids], points))
    points, ids = points[order], ids[order]
    first = np.ones(len(points), dtype=bool)
    first[1:] = points[1:] != points[:-1]
    result[points[first]] = ids[first]
    return result


def _positions(sorted_keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each value sits in `sorted_keys`, and whether it is there at all."""
    if not len(sorted_keys):
        return np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(sorted_keys, values)
    pos = np.minimum(pos, len(sorted_keys) - 1)
    return pos, sorted_keys[pos] == values


def _distinct_pair_counts(keys: np.ndarray, others: np.ndarray, size: int) -> np.ndarray:
    """How many distinct `others` go with each key position 0..size-1."""
    if not len(keys):
        return np.zeros(size, dtype=np.int64)
    pairs = np.unique(np.stack([keys, others], axis=1), axis=0)
    return np.bincount(pairs[:, 0], minlength=size)


def coverage_compute(gemeente_ids: Iterable[int] | None = None) -> Result:
    """Recompute and store the coverage of these gemeenten (all of them when None), in one transaction."""
    everything = gemeente_ids is None
    gemeenten = Gemeente.objects.all() if everything else Gemeente.objects.filter(pk__in=list(gemeente_ids))
    gemeenten = list(gemeenten.values_list("pk", "min_lon", "min_lat", "max_lon", "max_lat"))
    ids = [row[0] for row in gemeenten]
    buurten = list(
        Buurt.objects.filter(gemeente_id__in=ids)
        .order_by("pk")
        .values_list("pk", "wijk_id", "gemeente_id", "households")
    )
    wijken = list(
        Wijk.objects.filter(gemeente_id__in=ids).order_by("pk").values_list("pk", "gemeente_id", "households")
    )
    bboxes = None if everything else [tuple(row[1:]) for row in gemeenten if None not in row[1:]]
    points = _address_points(bboxes)
    lons, lats = points[:, 0], points[:, 1]

    buurt_pks = np.array([row[0] for row in buurten], dtype=np.int64)
    wijk_pks = np.array([row[0] for row in wijken], dtype=np.int64)
    wijk_of_buurt, _ = _positions(wijk_pks, np.array([row[1] for row in buurten], dtype=np.int64))

    # Each address to one buurt of ours (or none), and whether an active group covers it.
    at, inside = _positions(buurt_pks, buurt_of_points(lons, lats))
    at = at[inside]
    group_points, group_ids = layers.get(GROUPS).hits_at_many(lons, lats)
    covered = np.zeros(len(lons), dtype=bool)
    covered[group_points] = True
    addresses = np.bincount(at, minlength=len(buurten))
    covered_addresses = np.bincount(at[covered[inside]], minlength=len(buurten))

    # Active groups per buurt and per wijk: distinct (area, group) pairs of the covered addresses.
    position = np.full(len(lons), -1, dtype=np.int64)
    position[np.flatnonzero(inside)] = at
    hit = position[group_points] >= 0
    buurt_groups = _distinct_pair_counts(position[group_points][hit], group_ids[hit], len(buurten))
    wijk_groups = _distinct_pair_counts(
        wijk_of_buurt[position[group_points][hit]] if len(buurten) else np.empty(0, np.int64),
        group_ids[hit],
        len(wijken),
    )

    members = dict(
        Membership.objects.filter(group__status=GroupStatus.ACTIVE, user__buurt__gemeente_id__in=ids)
        .values_list("user__buurt_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("user__buurt_id", "n")
    )

    now = timezone.now()
    buurt_rows = [
        BuurtCoverage(
            buurt_id=pk,
            wijk_id=wijk_id,
            gemeente_id=gemeente_id,
            addresses=int(addresses[i]),
            covered_addresses=int(covered_addresses[i]),
            households=households,
            members=members.get(pk, 0),
            groups=int(buurt_groups[i]),
            computed_at=now,
        )
        for i, (pk, wijk_id, gemeente_id, households) in enumerate(buurten)
    ]
    wijk_rows = {
        pk: WijkCoverage(
            wijk_id=pk, gemeente_id=gemeente_id, households=households, groups=int(wijk_groups[i]), computed_at=now
        )
        for i, (pk, gemeente_id, households) in enumerate(wijken)
    }
    known_households: dict[int, int] = {}
    for row in buurt_rows:
        wijk = wijk_rows[row.wijk_id]
        wijk.addresses += row.addresses
        wijk.covered_addresses += row.covered_addresses
        wijk.members += row.members
        if row.households is not None:
            known_households[row.wijk_id] = known_households.get(row.wijk_id, 0) + row.households
    for pk, wijk in wijk_rows.items():
        if wijk.households is None:
            wijk.households = known_households.get(pk)

    with transaction.atomic():
        scope = Q() if everything else Q(gemeente_id__in=ids)
        BuurtCoverage.objects.filter(scope).delete()
        WijkCoverage.objects.filter(scope).delete()
        BuurtCoverage.objects.bulk_create(buurt_rows, batch_size=2000)
        WijkCoverage.objects.bulk_create(list(wijk_rows.values()), batch_size=2000)
        CoverageState.objects.bulk_create(
            [CoverageState(gemeente_id=pk) for pk in ids], batch_size=2000, ignore_conflicts=True
        )
        CoverageState.objects.filter(gemeente_id__in=ids).update(computed_at=now)
    return Result(
        gemeenten=len(ids),
        buurten=len(buurt_rows),
        addresses=int(addresses.sum()),
        covered_addresses=int(covered_addresses.sum()),
    )
