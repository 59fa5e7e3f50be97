"""Shapes of the municipal API: groups with their admins' contacts (staff), or first names only (police)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class AdminOut(Schema):
    name: str = Field(description="Full name for municipal staff; the first name for police")
    email: str | None = Field(None, description="Municipal staff only; null for police")
    phone: str | None = Field(None, description="Municipal staff only; null for police")


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


def group_out(row, *, full_contacts: bool) -> dict:
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
        "admins": [
            {
                "name": a.name,
                "email": a.email if full_contacts else None,
                "phone": a.phone if full_contacts else None,
            }
            for a in row.admins
        ],
    }
