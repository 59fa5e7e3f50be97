"""Which active groups work in which buurt of a gemeente, and when each group started.

A group works in a buurt when the group chose that buurt for its area, or when a real part of its drawn area lies
in the buurt: at least BUURT_SHARE of the buurt, or at least GROUP_SHARE of the group's own area (a small group of
a few streets inside a large buurt). A shared border alone does not count.

A group's start is its founding date (`founded_on`, the date the admins give, which may lie before the group came to
Buurtwacht); without one, the day the municipality approved it (`reviewed_at`). Groups that are no longer active
have no history of when they stopped, so they are left out of the figures (the page says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import shapely
from django.utils import timezone

from buurtwacht.geo.models import Buurt, Gemeente
from buurtwacht.geo.shapes import to_geometry
from buurtwacht.groups.models import Group

BUURT_SHARE = 0.10
GROUP_SHARE = 0.50


@dataclass(frozen=True)
class GroupInfo:
    pk: int
    name: str
    started_on: dt.date | None
    start_basis: str  # "founded_on", "reviewed_at" or "" (no start known: counted from today)


def group_info(group: Group) -> GroupInfo:
    if group.founded_on:
        return GroupInfo(group.pk, group.name, group.founded_on, "founded_on")
    if group.reviewed_at:
        return GroupInfo(group.pk, group.name, timezone.localdate(group.reviewed_at), "reviewed_at")
    return GroupInfo(group.pk, group.name, None, "")


def groups_per_buurt(gemeente: Gemeente, buurten: list[Buurt]) -> tuple[dict[int, list[GroupInfo]], list[GroupInfo]]:
    """({buurt pk: the active groups working there}, all active groups of the gemeente)."""
    groups = list(
        Group.objects.active()
        .filter(gemeente=gemeente)
        .only("pk", "name", "founded_on", "reviewed_at", "area", "min_lon", "min_lat", "max_lon", "max_lat")
    )
    infos = {group.pk: group_info(group) for group in groups}
    chosen: set[tuple[int, int]] = set(
        Group.buurten.through.objects.filter(group__in=groups).values_list("group_id", "buurt_id")
    )
    shapes = {b.pk: to_geometry(b.geometry) for b in buurten if b.geometry}
    found: dict[int, list[GroupInfo]] = {b.pk: [] for b in buurten}
    for group in groups:
        area = to_geometry(group.area)
        for buurt in buurten:
            if (group.pk, buurt.pk) in chosen or _overlaps(group, area, buurt, shapes.get(buurt.pk)):
                found[buurt.pk].append(infos[group.pk])
    return found, list(infos.values())


def _overlaps(group: Group, area, buurt: Buurt, shape) -> bool:
    if shape is None or buurt.min_lon is None:
        return False
    if buurt.min_lon > group.max_lon or buurt.max_lon < group.min_lon:
        return False
    if buurt.min_lat > group.max_lat or buurt.max_lat < group.min_lat:
        return False
    overlap = shapely.intersection(shape, area).area
    return overlap > 0 and (overlap >= BUURT_SHARE * shape.area or overlap >= GROUP_SHARE * area.area)
