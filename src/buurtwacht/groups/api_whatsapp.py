"""JSON API for a group that lives on WhatsApp (issue 12; session sign-in, CSRF token on writes).

GET /api/v1/groups/{id}/whatsapp            a member's view: where the group alerts and the way into the chat
GET /api/v1/groups/{id}/whatsapp-settings   admins: where the group alerts, the invite link, who has not opened
                                            it, and the message inviting WhatsApp members to Buurtwacht
PUT /api/v1/groups/{id}/whatsapp-settings   admins: set where the group alerts and (renew) the invite link

The invite link itself is only given to admins; members reach it through `open_url` (groups:whatsapp_open), which
records their first opening. Municipal staff and police are not members and get nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.security import django_auth

from buurtwacht.groups import whatsapp
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import require_admin, require_member
from buurtwacht.kit.api_errors import errors

router = Router(tags=["whatsapp"], auth=django_auth)

Place = Literal["buurtwacht", "whatsapp", "both"]


class MemberWhatsappOut(Schema):
    alert_place: Place
    open_url: str | None = Field(description="Opens the group's WhatsApp chat (a redirect that records the opening)")
    opened_at: dt.datetime | None


class SwitchOut(Schema):
    text: str
    share_url: str
    since: dt.datetime | None
    joined: int = Field(description="Memberships begun since the message was first offered to the admins")


class WhatsappSettingsOut(Schema):
    alert_place: Place
    whatsapp_link: str
    whatsapp_link_set_at: dt.datetime | None
    not_opened: list[str] = Field(description="Full names of members who have not opened the current link")
    switch: SwitchOut | None


class WhatsappSettingsIn(Schema):
    alert_place: Place
    whatsapp_link: str = Field("", max_length=200, description="https://chat.whatsapp.com/<code>; empty: keep")


@router.get(
    "/groups/{int:group_id}/whatsapp",
    response={200: MemberWhatsappOut, **errors(401, 403, 404)},
    url_name="groups_whatsapp_member",
    summary="A member's way into the group's WhatsApp chat",
)
def whatsapp_member(request: HttpRequest, group_id: int):
    group = get_object_or_404(Group.objects.active(), pk=group_id)
    membership = require_member(request.user, group)
    has_chat = group.alerts_in_whatsapp and bool(group.whatsapp_link)
    return {
        "alert_place": group.alert_place,
        "open_url": reverse("groups:whatsapp_open", kwargs={"slug": group.slug}) if has_chat else None,
        "opened_at": membership.whatsapp_opened_at,
    }


def _settings_out(group: Group) -> dict:
    relevant = whatsapp.switch_relevant(group)
    return {
        "alert_place": group.alert_place,
        "whatsapp_link": group.whatsapp_link,
        "whatsapp_link_set_at": group.whatsapp_link_set_at,
        "not_opened": [m.user.full_name for m in whatsapp.members_not_opened(group)] if group.whatsapp_link else [],
        "switch": whatsapp.switch_message(group) if relevant else None,
    }


@router.get(
    "/groups/{int:group_id}/whatsapp-settings",
    response={200: WhatsappSettingsOut, **errors(401, 403, 404)},
    url_name="groups_whatsapp_settings",
    summary="Where the group alerts, its WhatsApp invite link and who has not opened it (admins)",
)
def whatsapp_settings(request: HttpRequest, group_id: int):
    group = get_object_or_404(Group, pk=group_id)
    require_admin(request.user, group)
    if whatsapp.switch_relevant(group):
        group = whatsapp.switch_message_shown(group=group, admin=request.user)
    return _settings_out(group)


@router.put(
    "/groups/{int:group_id}/whatsapp-settings",
    response={200: WhatsappSettingsOut, **errors(400, 401, 403, 404)},
    url_name="groups_whatsapp_settings_update",
    summary="Set where the group alerts and its WhatsApp invite link (admins)",
)
def whatsapp_settings_update(request: HttpRequest, group_id: int, payload: WhatsappSettingsIn):
    group = get_object_or_404(Group, pk=group_id)
    require_admin(request.user, group)
    group = whatsapp.group_alert_place_update(group=group, admin=request.user, **payload.dict())
    return _settings_out(group)
