"""The audience police area alerts are for (delivery.audiences): the residents who opted in for an address inside
the message's area, asked again when an event is sent or replayed (a resident who switched alerts off meanwhile
gets nothing more). Dispatches go to the groups' admins ("group-admins"), forwarded posts to a group's members
("group-members"): those audiences are groups'."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from buurtwacht.delivery.audiences import Audience, audience_register
from buurtwacht.geo.shapes import to_geometry
from buurtwacht.police.area import points_inside
from buurtwacht.police.models import AreaAlertOptIn, PoliceMessage

RESIDENTS = "police-residents"


def residents(message: PoliceMessage, user_ids: Iterable[int]) -> Audience:
    return Audience.of(RESIDENTS, user_ids, key=str(message.pk))


def _still_inside(key: str, user_ids: set[int]) -> set[int]:
    message = PoliceMessage.objects.filter(pk=int(key) if key.isdigit() else 0).only("area").first()
    if message is None:
        return set()
    rows = list(
        AreaAlertOptIn.objects.filter(user_id__in=user_ids, user__is_active=True).values_list("user_id", "lon", "lat")
    )
    if not rows:
        return set()
    points = np.array([(lon, lat) for _pk, lon, lat in rows], dtype=float)
    inside = points_inside(to_geometry(message.area), points[:, 0], points[:, 1])
    return {row[0] for row, hit in zip(rows, inside.tolist(), strict=True) if hit}


def register() -> None:
    audience_register(RESIDENTS, _still_inside)
