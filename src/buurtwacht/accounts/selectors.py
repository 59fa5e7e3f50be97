"""Reads for accounts: the header's counts, the account page, and everything stored about a person (AVG export)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db.models import Count, Exists, OuterRef, Q

from buurtwacht.accounts.models import Role, User
from buurtwacht.alerts.selectors import personal_data as alerts_personal_data
from buurtwacht.delivery import inbox
from buurtwacht.delivery.models import Channel, PushSubscription
from buurtwacht.groups.models import AdminInvite, Group, JoinRequest, MemberRole, Membership


def header_counts(user) -> tuple[int, bool]:
    """(unread messages, holds a role) in one query, for the header on every page."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread=Count(
                "deliveries", filter=Q(deliveries__channel=Channel.INBOX, deliveries__seen_at=None)
            ),
            has_role=Exists(Role.objects.filter(user=OuterRef("pk"))),
        )
        .values_list("unread", "has_role")
        .first()
    )
    return row if row else (0, False)


def join_requests_of(user) -> list[JoinRequest]:
    return list(JoinRequest.objects.filter(user=user).select_related("group").order_by("-created_at"))


def notifications_of(user, limit: int | None = None) -> list[inbox.Message]:
    return inbox.messages_of(user, limit)


def unread_notifications_of(user, limit: int = 5) -> list[inbox.Message]:
    return inbox.messages_of(user, limit, unread=True)


def sole_admin_groups(user) -> list[Group]:
    """Groups that would be left without an admin, while other people are still in them, if `user` went."""
    admin_of = Membership.objects.filter(user=user, role=MemberRole.ADMIN).values("group_id")
    return list(
        Group.objects.filter(pk__in=admin_of)
        .annotate(
            admins=Count("memberships", filter=Q(memberships__role=MemberRole.ADMIN)),
            members=Count("memberships"),
        )
        .filter(admins=1, members__gt=1)
        .order_by("name")
    )


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _address(address) -> dict | None:
    if address is None:
        return None
    return {
        "text": str(address),
        "street": address.street,
        "number": address.number,
        "letter": address.letter,
        "addition": address.addition,
        "postcode": address.postcode,
        "place": address.place,
    }


def personal_data(user: User) -> dict:
    """Everything Buurtwacht stores about `user`, and nothing about anyone else (no other members, no admins'
    names). Used by the JSON download on the account page and by GET /api/v1/account/me/data."""
    from django_otp import devices_for_user

    user = User.objects.select_related("address", "buurt").get(pk=user.pk)
    memberships = Membership.objects.filter(user=user).select_related("group", "rules").order_by("joined_at")
    join_requests = JoinRequest.objects.filter(user=user).select_related("group", "address", "rules")
    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "language": user.language,
            "email_verified_at": _when(user.email_verified_at),
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_platform_administrator": user.is_superuser,
            "has_back_office_access": user.is_staff,
        },
        "address": _address(user.address),
        "buurt": {"code": user.buurt.code, "name": user.buurt.name} if user.buurt else None,
        "roles": [
            {"kind": role.kind, "gemeente": {"code": role.gemeente.code, "name": role.gemeente.name}}
            for role in user.roles.select_related("gemeente").order_by("pk")
        ],
        "second_factor_devices": [
            {"kind": device._meta.model_name, "name": device.name, "confirmed": device.confirmed}
            for device in devices_for_user(user, confirmed=None)
        ],
        "memberships": [
            {
                "group": {"id": m.group.pk, "slug": m.group.slug, "name": m.group.name},
                "role": m.role,
                "joined_at": _when(m.joined_at),
                "accepted_rules_version": m.rules.version if m.rules else None,
            }
            for m in memberships
        ],
        "join_requests": [
            {
                "group": {"id": r.group.pk, "slug": r.group.slug, "name": r.group.name},
                "status": r.status,
                "created_at": _when(r.created_at),
                "decided_at": _when(r.decided_at),
                "address": _address(r.address),
                "inside_area": r.inside_area,
                "distance_m": r.distance_m,
                "declared_min_age": r.declared_min_age,
                "accepted_rules_version": r.rules.version if r.rules else None,
                "message": r.message,
                "reason": r.reason,
            }
            for r in join_requests.order_by("created_at")
        ],
        "notifications": [
            {"text": n.text, "url": n.url, "created_at": _when(n.created_at), "read_at": _when(n.read_at)}
            for n in reversed(inbox.messages_of(user))
        ],
        "admin_invites_sent": [
            {
                "group": {"id": i.group.pk, "slug": i.group.slug, "name": i.group.name},
                "created_at": _when(i.created_at),
                "expires_at": _when(i.expires_at),
                "accepted_at": _when(i.accepted_at),
            }
            for i in AdminInvite.objects.filter(invited_by=user).select_related("group").order_by("created_at")
        ],
        "admin_invites_accepted": [
            {
                "group": {"id": i.group.pk, "slug": i.group.slug, "name": i.group.name},
                "created_at": _when(i.created_at),
                "accepted_at": _when(i.accepted_at),
            }
            for i in AdminInvite.objects.filter(accepted_by=user).select_related("group").order_by("accepted_at")
        ],
        **alerts_personal_data(user),
        "alert_mail": user.alert_mail,
        "push_subscriptions": [
            {"service": urlsplit(s.endpoint).netloc, "created_at": _when(s.created_at), "user_agent": s.user_agent}
            for s in PushSubscription.objects.filter(user=user).order_by("created_at")
        ],
    }
