"""Reads for accounts: the header's counts, the account page, and everything stored about a person (AVG export)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db.models import Count, Exists, OuterRef, Q

from buurtwacht.accounts import hooks
from buurtwacht.accounts.models import Role, User
from buurtwacht.delivery import inbox
from buurtwacht.delivery.models import Channel, PushSubscription


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


def notifications_of(user, limit: int | None = None) -> list[inbox.Message]:
    return inbox.messages_of(user, limit)


def unread_notifications_of(user, limit: int = 5) -> list[inbox.Message]:
    return inbox.messages_of(user, limit, unread=True)


def iso_time(value) -> str | None:
    return value.isoformat() if value else None


def address_data(address) -> dict | None:
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
    data = {
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "language": user.language,
            "email_verified_at": iso_time(user.email_verified_at),
            "date_joined": iso_time(user.date_joined),
            "last_login": iso_time(user.last_login),
            "is_platform_administrator": user.is_superuser,
            "has_back_office_access": user.is_staff,
        },
        "address": address_data(user.address),
        "buurt": {"code": user.buurt.code, "name": user.buurt.name} if user.buurt else None,
        "roles": [
            {"kind": role.kind, "gemeente": {"code": role.gemeente.code, "name": role.gemeente.name}}
            for role in user.roles.select_related("gemeente").order_by("pk")
        ],
        "second_factor_devices": [
            {"kind": device._meta.model_name, "name": device.name, "confirmed": device.confirmed}
            for device in devices_for_user(user, confirmed=None)
        ],
        "notifications": [
            {"text": n.text, "url": n.url, "created_at": iso_time(n.created_at), "read_at": iso_time(n.read_at)}
            for n in reversed(inbox.messages_of(user))
        ],
        "alert_mail": user.alert_mail,
        "push_subscriptions": [
            {"service": urlsplit(s.endpoint).netloc, "created_at": iso_time(s.created_at), "user_agent": s.user_agent}
            for s in PushSubscription.objects.filter(user=user).order_by("created_at")
        ],
    }
    for part in hooks.personal_data:  # memberships, join requests, invitations, alerts: from their apps
        data.update(part(user))
    return data
