"""Reads of the network: what an admin sees of neighbouring groups and of the wijk's beheerdersgroep (group names
and admins' first names, nothing else of people), passed-on alerts an admin received, and a gemeente's network as
staff see it (groups and lines between neighbours, no people)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import shapely
from django.db.models import QuerySet

from buurtwacht.geo.models import Gemeente
from buurtwacht.geo.shapes import to_geometry
from buurtwacht.groups.models import Group, MemberRole, Membership
from buurtwacht.networks.models import NetworkOptIn, PassOn
from buurtwacht.networks.neighbours import distance_of, neighbour_distances, pairs_among


def is_opted_in(group: Group) -> bool:
    return NetworkOptIn.objects.filter(group=group).exists()


def opted_in_ids(group_ids) -> set[int]:
    return set(NetworkOptIn.objects.filter(group_id__in=list(group_ids)).values_list("group_id", flat=True))


def admin_first_names(group_ids) -> dict[int, list[str]]:
    """Per group, its admins' first names (longest-serving first): all the network shows of people."""
    names: dict[int, list[str]] = defaultdict(list)
    rows = (
        Membership.objects.filter(group_id__in=list(group_ids), role=MemberRole.ADMIN, user__is_active=True)
        .order_by("joined_at")
        .values_list("group_id", "user__first_name")
    )
    for group_id, first_name in rows:
        names[group_id].append(first_name)
    return names


@dataclass
class Peer:
    """A group in the network as another group's admins see it."""

    id: int
    name: str
    admins: list[str]
    metres: float | None = None  # between the areas; None for a wijk peer that is no neighbour


@dataclass
class GroupNetwork:
    group: Group
    opted_in: bool
    distance_m: int
    neighbours: list[Peer] = field(default_factory=list)  # opted in, both; only when this group is too
    neighbours_waiting: int = 0  # neighbours that do not take part (yet)
    wijk_peers: list[Peer] = field(default_factory=list)  # the beheerdersgroep of the wijk, this group left out


def opted_in_neighbours(group: Group) -> list[Group]:
    """The active neighbouring groups that take part, when this group takes part too (else none)."""
    if not is_opted_in(group):
        return []
    ids = opted_in_ids(neighbour_distances(group))
    return list(Group.objects.active().filter(pk__in=ids).order_by("name"))


def group_network(group: Group) -> GroupNetwork:
    opted_in = is_opted_in(group)
    found = neighbour_distances(group)
    taking_part = opted_in_ids(found)
    network = GroupNetwork(
        group=group,
        opted_in=opted_in,
        distance_m=distance_of(group.gemeente_id),
        neighbours_waiting=len(set(found) - taking_part),
    )
    if not opted_in:
        return network
    wijk_ids: set[int] = set()
    if group.wijk_id:
        wijk_ids = opted_in_ids(
            Group.objects.active().filter(wijk_id=group.wijk_id).exclude(pk=group.pk).values_list("pk", flat=True)
        )
    names = dict(Group.objects.filter(pk__in=taking_part | wijk_ids).values_list("pk", "name"))
    admins = admin_first_names(taking_part | wijk_ids)
    network.neighbours = sorted(
        (Peer(pk, names[pk], admins.get(pk, []), found[pk]) for pk in taking_part if pk in names),
        key=lambda peer: peer.name,
    )
    network.wijk_peers = sorted(
        (Peer(pk, names[pk], admins.get(pk, []), found.get(pk)) for pk in wijk_ids if pk in names),
        key=lambda peer: peer.name,
    )
    return network


def admin_group_ids(user) -> list[int]:
    if not user.is_authenticated or user.is_police:
        return []
    return list(Membership.objects.filter(user=user, role=MemberRole.ADMIN).values_list("group_id", flat=True))


def received_by(user, group_ids=None) -> QuerySet[PassOn]:
    """Alerts passed on to groups this person is admin of (newest first); of `group_ids` only, when given."""
    ids = admin_group_ids(user)
    if group_ids is not None:
        ids = [pk for pk in ids if pk in set(group_ids)]
    return (
        PassOn.objects.filter(target_group_id__in=ids, alert__anonymised_at=None)
        .select_related("alert", "alert__group", "source_group", "target_group", "forwarded_by", "forwarded_alert")
        .order_by("-created_at")
    )


def area_features(group: Group) -> dict:
    """A group's area as the background of a passed-on alert's map (the source group's: where it happened). Group
    areas are public (the map of groups)."""
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": group.area, "properties": {}}]}


def passed_on(alert) -> list[PassOn]:
    return list(PassOn.objects.filter(alert=alert).select_related("target_group").order_by("target_group__name"))


# --- the gemeente's network, for staff ---------------------------------------------------------------------------


@dataclass
class GemeenteNetwork:
    gemeente: Gemeente
    groups: list[dict]  # id, name, wijk, opted_in, neighbours (names), in_gemeente
    pairs: list[dict]  # a, b, metres, both_opted_in
    distance_m: int

    @property
    def own_groups(self) -> list[dict]:
        return [g for g in self.groups if g["in_gemeente"]]

    @property
    def opted_in_count(self) -> int:
        return sum(1 for g in self.own_groups if g["opted_in"])

    @property
    def linked_pair_count(self) -> int:
        return sum(1 for p in self.pairs if p["both_opted_in"])


def gemeente_network(gemeente: Gemeente) -> GemeenteNetwork:
    """The gemeente's active groups, the neighbour pairs with at least one of them, and who takes part."""
    own = list(Group.objects.active().filter(gemeente=gemeente).values_list("pk", flat=True))
    pairs = pairs_among(own)
    ids = set(own) | {p.a for p in pairs} | {p.b for p in pairs}
    rows = Group.objects.filter(pk__in=ids).values("pk", "name", "gemeente_id", "wijk__name", "area")
    info = {row["pk"]: row for row in rows}
    taking_part = opted_in_ids(ids)
    neighbours: dict[int, list[str]] = defaultdict(list)
    for pair in pairs:
        neighbours[pair.a].append(info[pair.b]["name"])
        neighbours[pair.b].append(info[pair.a]["name"])
    groups = [
        {
            "id": pk,
            "name": row["name"],
            "wijk": row["wijk__name"] or "",
            "opted_in": pk in taking_part,
            "in_gemeente": row["gemeente_id"] == gemeente.pk,
            "neighbours": sorted(neighbours[pk]),
            "area": row["area"],
        }
        for pk, row in sorted(info.items(), key=lambda item: item[1]["name"])
    ]
    return GemeenteNetwork(
        gemeente=gemeente,
        groups=groups,
        pairs=[
            {"a": p.a, "b": p.b, "metres": round(p.metres), "both_opted_in": p.a in taking_part and p.b in taking_part}
            for p in pairs
        ],
        distance_m=distance_of(gemeente),
    )


def network_geojson(network: GemeenteNetwork) -> dict:
    """Groups as polygons and neighbour pairs as lines between points inside their areas: one pass, no people."""
    points = {}
    features = []
    for group in network.groups:
        shape = to_geometry(group["area"])
        point = shapely.point_on_surface(shape)
        points[group["id"]] = (round(point.x, 6), round(point.y, 6))
        features.append(
            {
                "type": "Feature",
                "id": f"group-{group['id']}",
                "geometry": group["area"],
                "properties": {
                    "kind": "group",
                    "id": group["id"],
                    "name": group["name"],
                    "wijk": group["wijk"],
                    "opted_in": group["opted_in"],
                    "in_gemeente": group["in_gemeente"],
                },
            }
        )
    for pair in network.pairs:
        features.append(
            {
                "type": "Feature",
                "id": f"pair-{pair['a']}-{pair['b']}",
                "geometry": {"type": "LineString", "coordinates": [points[pair["a"]], points[pair["b"]]]},
                "properties": {"kind": "neighbours", **pair},
            }
        )
    return {"type": "FeatureCollection", "features": features}
