"""Shapes of the signed-in person's own account in the API (GET/DELETE /api/v1/account/me)."""

from __future__ import annotations

from ninja import Schema


class BuurtOut(Schema):
    code: str
    name: str


class RoleOut(Schema):
    kind: str
    gemeente: str  # the gemeente's CBS code, e.g. "GM0599"


class MembershipOut(Schema):
    group_id: int
    slug: str
    name: str
    role: str


class MeOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    phone: str
    language: str
    email_verified: bool
    address: str | None
    buurt: BuurtOut | None
    roles: list[RoleOut]
    memberships: list[MembershipOut]


class DeleteIn(Schema):
    password: str


def me_out(user) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "language": user.language,
        "email_verified": user.email_verified,
        "address": str(user.address) if user.address else None,
        "buurt": {"code": user.buurt.code, "name": user.buurt.name} if user.buurt else None,
        "roles": [{"kind": r.kind, "gemeente": r.gemeente.code} for r in user.roles.select_related("gemeente")],
        "memberships": [
            {"group_id": m.group.pk, "slug": m.group.slug, "name": m.group.name, "role": m.role}
            for m in user.memberships.select_related("group").order_by("group__name")
        ],
    }
