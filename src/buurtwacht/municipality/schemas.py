"""Shapes of the municipal API: groups with their admins' contacts (for staff and police of the gemeente only)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class AdminOut(Schema):
    name: str
    email: str
    phone: str


class MunicipalGroupOut(Schema):
    id: int
    name: str
    slug: str
    status: str
    wijk: str | None
    wijk_code: str | None
    place: str
    founded_on: dt.date | None
    member_count: int
    address_count: int
    admins: list[AdminOut]


class ReviewIn(Schema):
    note: str = Field("", max_length=2000, description="The reason; required when rejecting")


def group_out(row) -> dict:
    group = row.group
    return {
        "id": group.pk,
        "name": group.name,
        "slug": group.slug,
        "status": group.status,
        "wijk": group.wijk.display_name if group.wijk_id else None,
        "wijk_code": group.wijk.code if group.wijk_id else None,
        "place": group.place,
        "founded_on": group.founded_on,
        "member_count": group.member_count,
        "address_count": group.address_count,
        "admins": [{"name": a.full_name or a.email, "email": a.email, "phone": a.phone} for a in row.admins],
    }
