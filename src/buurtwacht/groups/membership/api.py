"""JSON API for joining a group and its admins' work (session sign-in; CSRF token on writes).

POST   /api/v1/groups/{id}/join-requests         ask to join (address from the profile)
GET    /api/v1/groups/{id}/join-requests         open requests (admins)
POST   /api/v1/join-requests/{id}/decision       approve or refuse with a reason (admins)
GET    /api/v1/groups/{id}/members               members: first name and street; admins see all fields
DELETE /api/v1/groups/{id}/membership            leave
DELETE /api/v1/groups/{id}/members/{id}          remove a member (admins)
GET    /api/v1/groups/{id}/rules                 the current house rules (public)
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from buurtwacht.groups.membership.schemas import (
    DecisionIn,
    JoinRequestIn,
    JoinRequestOut,
    MemberOut,
    OpenRequestOut,
    RulesOut,
)
from buurtwacht.groups.membership.selectors import member_list_for, open_requests
from buurtwacht.groups.membership.services import (
    join_request_create,
    join_request_decide,
    membership_leave,
    membership_remove,
)
from buurtwacht.groups.models import Group, JoinRequest, Membership
from buurtwacht.groups.permissions import require_admin, require_member
from buurtwacht.groups.rules import house_rules_current
from buurtwacht.kit.api_errors import errors
from buurtwacht.kit.ratelimits import wait_message, wait_seconds

router = Router(tags=["membership"], auth=django_auth)


def _request_out(obj: JoinRequest) -> dict:
    return {
        "id": obj.pk,
        "group_id": obj.group_id,
        "status": obj.status,
        "inside_area": obj.inside_area,
        "distance_m": round(obj.distance_m),
        "rules_version": obj.rules.version if obj.rules else None,
        "created_at": obj.created_at,
    }


@router.post(
    "/groups/{int:group_id}/join-requests",
    response={201: JoinRequestOut, **errors(400, 401, 404, 429)},
    url_name="membership_join_request_create",
    summary="Ask to join a group",
)
def join_request_create_api(request: HttpRequest, group_id: int, payload: JoinRequestIn):
    seconds = wait_seconds(request, "join")
    if seconds:
        raise HttpError(429, wait_message(seconds))
    group = get_object_or_404(Group.objects.active(), pk=group_id)
    user = request.user
    obj = join_request_create(
        group=group,
        user=user,
        address=user.address,
        declared_min_age=payload.declared_min_age,
        rules_version=payload.rules_version,
        message=payload.message,
    )
    return Status(201, _request_out(obj))


@router.get(
    "/groups/{int:group_id}/join-requests",
    response={200: list[OpenRequestOut], **errors(401, 403, 404)},
    url_name="membership_join_requests",
    summary="Open join requests (admins)",
)
def join_requests_list(request: HttpRequest, group_id: int):
    group = get_object_or_404(Group, pk=group_id)
    require_admin(request.user, group)
    return [
        {
            **_request_out(obj),
            "declared_min_age": obj.declared_min_age,
            "message": obj.message,
            "applicant": {
                "first_name": obj.user.first_name,
                "last_name": obj.user.last_name,
                "email": obj.user.email,
                "phone": obj.user.phone,
                "address": str(obj.address) if obj.address else None,
            },
        }
        for obj in open_requests(group)
    ]


@router.post(
    "/join-requests/{int:request_id}/decision",
    response={200: JoinRequestOut, **errors(400, 401, 403, 404)},
    url_name="membership_join_request_decide",
    summary="Approve or refuse a join request (admins)",
)
def join_request_decide_api(request: HttpRequest, request_id: int, payload: DecisionIn):
    obj = get_object_or_404(JoinRequest.objects.select_related("group", "user", "rules"), pk=request_id)
    require_admin(request.user, obj.group)
    obj = join_request_decide(request_obj=obj, admin=request.user, approve=payload.approve, reason=payload.reason)
    return _request_out(obj)


@router.get(
    "/groups/{int:group_id}/members",
    response={200: list[MemberOut], **errors(401, 403, 404)},
    url_name="membership_members",
    summary="A group's members (members; full fields for admins)",
)
def members_list(request: HttpRequest, group_id: int):
    group = get_object_or_404(Group, pk=group_id)
    require_member(request.user, group)
    rows = []
    for member in member_list_for(group, request.user):
        row = {
            "first_name": member.first_name,
            "street": member.street,
            "role": "admin" if member.is_admin else "member",
            "is_self": member.is_self,
        }
        full = member.membership
        if full is not None:
            row |= {
                "id": full.pk,
                "last_name": full.user.last_name,
                "address": str(full.user.address) if full.user.address else None,
                "phone": full.user.phone,
                "email": full.user.email,
                "joined_at": full.joined_at,
            }
        rows.append(row)
    return rows


@router.delete(
    "/groups/{int:group_id}/membership",
    response={204: None, **errors(400, 401, 403, 404)},
    url_name="membership_leave",
    summary="Leave a group",
)
def membership_leave_api(request: HttpRequest, group_id: int):
    group = get_object_or_404(Group, pk=group_id)
    require_member(request.user, group)
    membership_leave(group=group, user=request.user)
    return Status(204, None)


@router.delete(
    "/groups/{int:group_id}/members/{int:membership_id}",
    response={204: None, **errors(400, 401, 403, 404)},
    url_name="membership_remove",
    summary="Remove a member (admins)",
)
def membership_remove_api(request: HttpRequest, group_id: int, membership_id: int):
    group = get_object_or_404(Group, pk=group_id)
    require_admin(request.user, group)
    membership = get_object_or_404(Membership.objects.select_related("user", "group"), pk=membership_id, group=group)
    membership_remove(membership=membership, admin=request.user)
    return Status(204, None)


@router.get(
    "/groups/{int:group_id}/rules",
    response={200: RulesOut, **errors(404)},
    auth=None,
    url_name="membership_rules",
    summary="A group's current house rules",
)
def rules_current(request: HttpRequest, group_id: int):
    group = get_object_or_404(Group.objects.active(), pk=group_id)
    rules = house_rules_current(group)
    return {
        "group_id": group.pk,
        "version": rules.version,
        "text": rules.text,
        "min_age": group.min_age,
        "created_at": rules.created_at,
    }
