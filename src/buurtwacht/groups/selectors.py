"""Reads: which groups cover a place, nearby groups, and the public map's GeoJSON."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from buurtwacht.geo.index import BUURTEN, GROUPS, entries_from_rows, layers
from buurtwacht.geo.models import Address
from buurtwacht.geo.selectors import Place, buurt_of
from buurtwacht.groups.models import Group

NEARBY_COUNT = 3


def _load_active_groups():
    return entries_from_rows(Group.objects.active().values_list("pk", "area").iterator(2000))


layers.register(GROUPS, _load_active_groups)


@dataclass
class Lookup:
    place: Place
    groups: list[Group] = field(default_factory=list)
    nearby: list[Group] = field(default_factory=list)


def groups_by_ids(ids: list[int]) -> list[Group]:
    if not ids:
        return []
    by_id = {g.pk: g for g in Group.objects.active().select_related("gemeente").filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def lookup_point(*, lon: float, lat: float, address: Address | None = None, nearby: bool = True) -> Lookup:
    """The buurt, wijk, gemeente and covering active groups at a point; when no group covers it, the nearest."""
    indexes = layers.fresh(BUURTEN, GROUPS)
    buurt = buurt_of(indexes[BUURTEN].ids_at(lon, lat))
    groups = groups_by_ids(indexes[GROUPS].ids_at(lon, lat))
    near: list[Group] = []
    if not groups and nearby:
        near = groups_by_ids(indexes[GROUPS].nearest(lon, lat, NEARBY_COUNT))
    return Lookup(place=Place(lon=lon, lat=lat, address=address, buurt=buurt), groups=groups, nearby=near)


def group_features(groups) -> dict:
    """A GeoJSON FeatureCollection of groups with public fields only, built in one pass."""
    url = reverse("groups:detail", kwargs={"slug": "SLUG"}).replace("SLUG", "{}")
    rows = groups.values(
        "pk", "name", "slug", "status", "member_count", "address_count", "founded_on", "area", "gemeente__name"
    )
    features = [
        {
            "type": "Feature",
            "id": row["pk"],
            "geometry": row["area"],
            "properties": {
                "id": row["pk"],
                "name": row["name"],
                "slug": row["slug"],
                "url": url.format(row["slug"]),
                "gemeente": row["gemeente__name"],
                "status": row["status"],
                "member_count": row["member_count"],
                "address_count": row["address_count"],
                "founded_on": row["founded_on"].isoformat() if row["founded_on"] else None,
            },
        }
        for row in rows
    ]
    return {"type": "FeatureCollection", "features": features}
