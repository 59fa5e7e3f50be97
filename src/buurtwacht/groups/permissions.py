"""Who may do what in a group: members read, admins manage. Police are never members.

A membership counts only for someone who is not police and who has passed the second factor when their role
asks for one: staff who are also in a group give their code before they see its members.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from buurtwacht.accounts.permissions import second_factor_passed
from buurtwacht.groups.models import Group, MemberRole, Membership


def membership_of(user, group: Group) -> Membership | None:
    if not user.is_authenticated or user.is_police or not second_factor_passed(user):
        return None
    return Membership.objects.filter(group=group, user=user).first()


def is_member(user, group: Group) -> bool:
    return membership_of(user, group) is not None


def is_admin(user, group: Group) -> bool:
    membership = membership_of(user, group)
    return membership is not None and membership.role == MemberRole.ADMIN


def require_member(user, group: Group) -> Membership:
    membership = membership_of(user, group)
    if membership is None:
        raise PermissionDenied
    return membership


def require_admin(user, group: Group) -> Membership:
    membership = membership_of(user, group)
    if membership is None or membership.role != MemberRole.ADMIN:
        raise PermissionDenied
    return membership


def administered_group(user, **lookup) -> Group:
    """The group found by `lookup` (slug= or pk=), for one of its admins: 404 when there is none, 403 for anyone
    else. What every admin page and endpoint of a group starts with."""
    group = get_object_or_404(Group.objects.select_related("gemeente", "wijk"), **lookup)
    require_admin(user, group)
    return group
