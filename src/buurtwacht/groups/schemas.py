"""Public shapes of a group in the API: no personal data (no contact details) ever."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from buurtwacht.groups.models import Group


class GroupOut(Schema):
    id: int
    name: str
    slug: str
    url: str
    gemeente: str
    member_count: int
    address_count: int
    founded_on: dt.date | None
    alert_place: str


def group_out(group: Group) -> dict:
    return {
        "id": group.pk,
        "name": group.name,
        "slug": group.slug,
        "url": group.get_absolute_url(),
        "gemeente": group.gemeente.display_name,
        "member_count": group.member_count,
        "address_count": group.address_count,
        "founded_on": group.founded_on,
        "alert_place": group.alert_place,
    }
