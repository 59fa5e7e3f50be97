"""What groups adds to a person's account (accounts.hooks): their memberships and join requests on the account
pages and in the data export, what deleting the account ends, what a police role ends, and what became of the
join requests that in-app messages are about. Registered in GroupsConfig.ready."""

from __future__ import annotations

from django.db.models import Count, Q

from buurtwacht.accounts import hooks
from buurtwacht.accounts.selectors import address_data, iso_time
from buurtwacht.groups.membership.selectors import join_request_outcomes
from buurtwacht.groups.models import AdminInvite, Group, JoinRequest, MemberRole, Membership
from buurtwacht.groups.selectors import groups_of
from buurtwacht.groups.services import member_count_refresh


def join_requests_of(user) -> list[JoinRequest]:
    return list(JoinRequest.objects.filter(user=user).select_related("group").order_by("-created_at"))


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


def account_page(user) -> dict:
    return {
        "memberships": groups_of(user),
        "join_requests": join_requests_of(user),
        "sole_admin_of": sole_admin_groups(user),
    }


def personal_data(user) -> dict:
    memberships = Membership.objects.filter(user=user).select_related("group", "rules").order_by("joined_at")
    join_requests = JoinRequest.objects.filter(user=user).select_related("group", "address", "rules")
    return {
        "memberships": [
            {
                "group": {"id": m.group.pk, "slug": m.group.slug, "name": m.group.name},
                "role": m.role,
                "joined_at": iso_time(m.joined_at),
                "accepted_rules_version": m.rules.version if m.rules else None,
            }
            for m in memberships
        ],
        "join_requests": [
            {
                "group": {"id": r.group.pk, "slug": r.group.slug, "name": r.group.name},
                "status": r.status,
                "created_at": iso_time(r.created_at),
                "decided_at": iso_time(r.decided_at),
                "address": address_data(r.address),
                "inside_area": r.inside_area,
                "distance_m": r.distance_m,
                "declared_min_age": r.declared_min_age,
                "accepted_rules_version": r.rules.version if r.rules else None,
                "message": r.message,
                "reason": r.reason,
            }
            for r in join_requests.order_by("created_at")
        ],
        "admin_invites_sent": [
            {
                "group": {"id": i.group.pk, "slug": i.group.slug, "name": i.group.name},
                "created_at": iso_time(i.created_at),
                "expires_at": iso_time(i.expires_at),
                "accepted_at": iso_time(i.accepted_at),
            }
            for i in AdminInvite.objects.filter(invited_by=user).select_related("group").order_by("created_at")
        ],
        "admin_invites_accepted": [
            {
                "group": {"id": i.group.pk, "slug": i.group.slug, "name": i.group.name},
                "created_at": iso_time(i.created_at),
                "accepted_at": iso_time(i.accepted_at),
            }
            for i in AdminInvite.objects.filter(accepted_by=user).select_related("group").order_by("accepted_at")
        ],
    }


def memberships_end(user) -> None:
    """The person goes (account deleted) or becomes police (never a member): their memberships end, and the
    counts of their groups are brought up to date."""
    memberships = list(Membership.objects.filter(user=user).select_related("group"))
    for membership in memberships:
        membership.delete()
    for group in {membership.group for membership in memberships}:
        member_count_refresh(group)


def before_delete(user) -> None:
    AdminInvite.objects.filter(email__iexact=user.email, accepted_at=None).delete()
    memberships_end(user)


def register() -> None:
    hooks.register(hooks.account_page, account_page)
    hooks.register(hooks.personal_data, personal_data)
    hooks.register(hooks.before_delete, before_delete)
    hooks.register(hooks.police_role, memberships_end)
    hooks.register(hooks.message_status, join_request_outcomes)
