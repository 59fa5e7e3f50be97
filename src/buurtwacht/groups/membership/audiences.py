"""The audiences groups offer to the services that tell people things (delivery.audiences): the members of a
group, and the admins of some groups. Each is computed when the event is recorded, and asked again when it is
sent or replayed: a member who left, an admin who stepped down or a person deactivated meanwhile gets nothing."""

from __future__ import annotations

from collections.abc import Iterable

from buurtwacht.delivery.audiences import Audience, audience_register
from buurtwacht.groups.models import MemberRole, Membership

MEMBERS = "group-members"
ADMINS = "group-admins"


def _group_ids(key: str) -> list[int]:
    return [int(part) for part in key.split(",") if part.isdigit()]


def _members(key: str, user_ids: set[int], **role) -> set[int]:
    return set(
        Membership.objects.filter(
            group_id__in=_group_ids(key), user_id__in=user_ids, user__is_active=True, **role
        ).values_list("user_id", flat=True)
    )


def members_of(group) -> Audience:
    """Everyone who receives the group's alerts. Police never hold a membership."""
    ids = Membership.objects.filter(group=group, user__is_active=True).values_list("user_id", flat=True)
    return Audience.of(MEMBERS, ids, key=str(group.pk))


def admins_of(groups: Iterable) -> Audience:
    """The admins of these groups (a join request, a police message for an area)."""
    group_ids = sorted({group.pk for group in groups})
    ids = Membership.objects.filter(
        group_id__in=group_ids, role=MemberRole.ADMIN, user__is_active=True
    ).values_list("user_id", flat=True)
    return Audience.of(ADMINS, ids, key=",".join(map(str, group_ids)))


def register() -> None:
    audience_register(MEMBERS, _members)
    audience_register(ADMINS, lambda key, user_ids: _members(key, user_ids, role=MemberRole.ADMIN))
