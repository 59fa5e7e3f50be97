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
from buurtwacht.groups.models import Group, GroupStatus

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
    found: dict[int, list[GroupInfo]] = {b.pk: [] for b in buurten}
    chosen = Group.buurten.through.objects.filter(
        group__status=GroupStatus.ACTIVE, group__gemeente=gemeente, buurt__gemeente=gemeente
    )
    for group_id, buurt_id in chosen.values_list("group_id", "buurt_id"):
        if buurt_id in found:
            found[buurt_id].append(infos[group_id])
    with_shape = [b for b in buurten if b.geometry]
    shapes = [to_geometry(b.geometry) for b in with_shape]
    tree = shapely.STRtree(shapes)
    for group in groups:
        area = to_geometry(group.area)
        info = infos[group.pk]
        for index in tree.query(area):  # only the buurten whose bounding box meets the group's area
            buurt, shape = with_shape[index], shapes[index]
            if info in found[buurt.pk]:
                continue
            overlap = shapely.intersection(shape, area).area
            if overlap > 0 and (overlap >= BUURT_SHARE * shape.area or overlap >= GROUP_SHARE * area.area):
                found[buurt.pk].append(info)
    return found, list(infos.values())
