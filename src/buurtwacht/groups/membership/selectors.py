"""Reads about membership: open requests, the member list as each viewer may see it, the CSV for admins."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from buurtwacht.groups.models import AdminInvite, Group, HouseRules, JoinRequest, JoinStatus, MemberRole, Membership


def pending_request_of(user, group: Group) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(group=group, user=user, status=JoinStatus.PENDING).first()


def open_requests(group: Group) -> list[JoinRequest]:
    """The requests waiting for the admins, oldest first."""
    return list(
        JoinRequest.objects.filter(group=group, status=JoinStatus.PENDING)
        .select_related("user", "address", "rules")
        .order_by("created_at", "pk")
    )


def memberships(group: Group) -> list[Membership]:
    """All members with their accounts and addresses: admins first, then by name."""
    return list(
        Membership.objects.filter(group=group)
        .select_related("user", "user__address", "rules")
        .order_by("role", "user__first_name", "user__last_name", "pk")  # "admin" sorts before "member"
    )


def memberships_found(group: Group, query: str = ""):
    """The members for the manage page, in the order of `memberships`, narrowed to those whose first name, last
    name or street contains every word of `query` (case-insensitive). A queryset, for Django's Paginator."""
    rows = (
        Membership.objects.filter(group=group)
        .select_related("user", "user__address")
        .order_by("role", "user__first_name", "user__last_name", "pk")
    )
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__address__street__icontains=word)
        )
    return rows


def admin_memberships(group: Group) -> list[Membership]:
    return [m for m in memberships(group) if m.role == MemberRole.ADMIN]


@dataclass(frozen=True)
class MemberView:
    """One member as another member sees them: first name and street only (AVG). Their own row is complete."""

    first_name: str
    street: str
    is_admin: bool
    is_self: bool
    membership: Membership | None = None  # only for the viewer's own row, or for admins


def member_list_for(group: Group, viewer) -> list[MemberView]:
    """The member list as `viewer` (a member) may see it. Admins of the group get every row in full."""
    rows = memberships(group)
    viewer_is_admin = any(m.user_id == viewer.pk and m.role == MemberRole.ADMIN for m in rows)
    return [
        MemberView(
            first_name=m.user.first_name,
            street=m.user.address.street if m.user.address else "",
            is_admin=m.role == MemberRole.ADMIN,
            is_self=m.user_id == viewer.pk,
            membership=m if (viewer_is_admin or m.user_id == viewer.pk) else None,
        )
        for m in rows
    ]


def rules_history(group: Group) -> list[HouseRules]:
    return list(HouseRules.objects.filter(group=group).select_related("created_by").order_by("-version"))


def open_admin_invites(group: Group) -> list[AdminInvite]:
    return list(
        AdminInvite.objects.filter(group=group, accepted_at=None, expires_at__gt=timezone.now())
        .select_related("invited_by")
        .order_by("-created_at")
    )


CSV_HEADER = [
    "voornaam",
    "achternaam",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "telefoon",
    "e-mail",
    "rol",
    "lid sinds",
]
# A cell starting with one of these is a formula to a spreadsheet (CSV injection); a quote makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def members_csv(group: Group) -> str:
    """The member list for the group's admins, for Dutch Excel: semicolons, a BOM so it reads UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for m in memberships(group):
        user, address = m.user, m.user.address
        row = [
            user.first_name,
            user.last_name,
            address.street if address else "",
            address.house_number if address else "",
            address.postcode_display if address else "",
            address.place if address else "",
            user.phone,
            user.email,
            "beheerder" if m.role == MemberRole.ADMIN else "deelnemer",
            timezone.localtime(m.joined_at).strftime("%d-%m-%Y"),
        ]
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


REQUEST_ANCHOR = re.compile(r"/beheer/#aanvraag-(\d+)$")


def join_request_outcomes(urls: list[str]) -> dict[str, str]:
    """For messages that lead to a join request (see membership_checks.join_request_url): what became of each
    request that is no longer open ("Ingetrokken", "Toegelaten", "Geweigerd"), by the message's link."""
    ids = {url: int(match.group(1)) for url in urls if (match := REQUEST_ANCHOR.search(url or ""))}
    if not ids:
        return {}
    closed = JoinRequest.objects.filter(pk__in=set(ids.values())).exclude(status=JoinStatus.PENDING)
    labels = {request_obj.pk: request_obj.get_status_display() for request_obj in closed}
    return {url: labels[pk] for url, pk in ids.items() if pk in labels}
