"""Groups that live on WhatsApp (issue 12): where a group alerts, its private invite link, who opened it, renewing
it, and the message that invites the WhatsApp members to Buurtwacht."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from buurtwacht.accounts.models import RoleKind
from buurtwacht.groups.membership import services
from buurtwacht.groups.models import AlertPlace, Group, Membership
from buurtwacht.groups.recruiting import invite_url
from buurtwacht.groups.rules import house_rules_current
from buurtwacht.groups.whatsapp import (
    group_alert_place_update,
    members_not_opened,
    switch_message,
    whatsapp_link_clean,
    whatsapp_link_open,
    whatsapp_link_renew,
)
from tests.factories import UserFactory, make_member, make_role

pytestmark = pytest.mark.django_db

LINK = "https://chat.whatsapp.com/FictieveCode0123456789"
NEW_LINK = "https://chat.whatsapp.com/NieuweFictieveCode012345"


def whatsapp_group(group, admin, place=AlertPlace.WHATSAPP, link=LINK) -> Group:
    return group_alert_place_update(group=group, admin=admin, alert_place=place, whatsapp_link=link)


@pytest.mark.parametrize(
    "raw",
    [LINK, f"  {LINK}  ", f"{LINK}/", "https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv"],
)
def test_valid_invite_links(raw):
    assert whatsapp_link_clean(raw) == raw.strip().rstrip("/")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "http://chat.whatsapp.com/FictieveCode0123456789",
        "https://chat.whatsapp.com.evil.example/FictieveCode0123456789",
        "https://evil.example/?https://chat.whatsapp.com/FictieveCode0123456789",
        "https://chat.whatsapp.com/kort",
        "https://chat.whatsapp.com/FictieveCode0123456789?x=1",
        "https://chat.whatsapp.com/Fictieve-Code-0123456789",
        "https://chat.whatsapp.com/" + "A" * 40,
        "javascript:alert(1)//https://chat.whatsapp.com/FictieveCode0123456789",
        "https://wa.me/31612345678",
    ],
)
def test_invalid_invite_links_get_a_dutch_message(raw):
    with pytest.raises(ValidationError) as exc_info:
        whatsapp_link_clean(raw)
    assert "WhatsApp" in " ".join(exc_info.value.messages)


def test_a_whatsapp_group_needs_a_link_and_only_admins_set_it(group, admin, resident):
    with pytest.raises(ValidationError):
        group_alert_place_update(group=group, admin=admin, alert_place=AlertPlace.WHATSAPP)
    member = make_member(group, resident)
    with pytest.raises(PermissionDenied):
        group_alert_place_update(group=group, admin=member, alert_place=AlertPlace.WHATSAPP, whatsapp_link=LINK)
    group = whatsapp_group(group, admin)
    assert group.alert_place == AlertPlace.WHATSAPP and group.whatsapp_link == LINK
    assert group.switch_message_since is None


def test_only_members_open_the_link_and_the_first_opening_is_recorded(group, admin, resident):
    group = whatsapp_group(group, admin)
    with pytest.raises(PermissionDenied):
        whatsapp_link_open(group=group, user=resident)
    make_member(group, resident)
    membership = Membership.objects.get(group=group, user=resident)
    assert list(members_not_opened(group).values_list("user__first_name", flat=True)) == ["Anna", "Bram"]
    assert whatsapp_link_open(group=group, user=resident) == LINK
    membership.refresh_from_db()
    first = membership.whatsapp_opened_at
    assert first is not None
    assert whatsapp_link_open(group=group, user=resident) == LINK
    membership.refresh_from_db()
    assert membership.whatsapp_opened_at == first
    assert [m.user.first_name for m in members_not_opened(group)] == ["Anna"]


def test_renewing_the_link_asks_everyone_to_open_the_new_one(group, admin, resident):
    group = whatsapp_group(group, admin)
    make_member(group, resident)
    whatsapp_link_open(group=group, user=resident)
    with pytest.raises(ValidationError):
        whatsapp_link_renew(group=group, admin=admin, whatsapp_link=LINK)
    group = whatsapp_link_renew(group=group, admin=admin, whatsapp_link=NEW_LINK)
    assert group.whatsapp_link == NEW_LINK
    assert members_not_opened(group).count() == 2
    assert whatsapp_link_open(group=group, user=resident) == NEW_LINK


def test_the_redirect_route(client, group, admin, resident):
    group = whatsapp_group(group, admin)
    url = reverse("groups:whatsapp_open", args=[group.slug])
    client.force_login(resident)
    assert client.get(url).status_code == 404
    make_member(group, resident)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == LINK
    assert Membership.objects.get(group=group, user=resident).whatsapp_opened_at is not None


def test_the_link_never_shows_to_staff_or_police(client, group, admin, town):
    group = whatsapp_group(group, admin)
    for kind in (RoleKind.MUNICIPAL, RoleKind.WIJKAGENT, RoleKind.MELDKAMER):
        user = UserFactory()
        make_role(user, kind, town.gemeente)
        with pytest.raises(PermissionDenied):
            whatsapp_link_open(group=group, user=user)


def test_pages_show_the_link_to_members_only(client, group, admin, resident):
    group = whatsapp_group(group, admin)
    detail = reverse("groups:detail", args=[group.slug])
    open_url = reverse("groups:whatsapp_open", args=[group.slug])
    page = client.get(detail).content.decode()
    assert "In WhatsApp" in page and open_url not in page and "FictieveCode" not in page
    client.force_login(resident)
    page = client.get(detail).content.decode()
    assert open_url not in page and "FictieveCode" not in page
    make_member(group, resident)
    page = client.get(detail).content.decode()
    assert open_url in page and "Naar de WhatsApp-groep" in page
    assert "FictieveCode" not in client.get("/api/v1/groups").content.decode()


def test_the_admission_mail_carries_the_way_into_the_chat(
    group, admin, resident, smtp, django_capture_on_commit_callbacks
):
    group = whatsapp_group(group, admin)
    request_obj = services.join_request_create(
        group=group,
        user=resident,
        address=resident.address,
        declared_min_age=True,
        rules_version=house_rules_current(group).version,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(request_obj=request_obj, admin=admin, approve=True)
    [mail] = smtp.to("bram@example.org")
    path = reverse("groups:whatsapp_open", args=[group.slug])
    assert path in smtp.text(mail) and path in smtp.parts(mail)["text/html"]
    assert "FictieveCode" not in smtp.text(mail)


def test_the_admin_page_sets_the_place_and_lists_who_has_not_opened(client, group, admin, resident):
    make_member(group, resident)
    client.force_login(admin)
    url = reverse("groups:whatsapp_manage", args=[group.slug])
    page = client.get(url).content.decode()
    assert "Waar meldt uw groep?" in page and "uitnodigen voor Buurtwacht" not in page
    response = client.post(url, {"alert_place": "whatsapp", "whatsapp_link": "https://chat.whatsapp.com/x"})
    assert "Dit is geen uitnodigingslink" in response.content.decode()
    response = client.post(url, {"alert_place": "whatsapp", "whatsapp_link": LINK}, follow=True)
    page = response.content.decode()
    assert "Deelnemers die de link nog niet openden" in page and "Bram Bakker" in page
    response = client.post(url, {"action": "renew", "whatsapp_link": NEW_LINK}, follow=True)
    group.refresh_from_db()
    assert group.whatsapp_link == NEW_LINK


def test_moving_to_both_gives_the_ready_message_and_counts_who_joined(client, group, admin, resident):
    group = whatsapp_group(group, admin)
    assert switch_message(group)["joined"] == 0
    group = whatsapp_group(group, admin, place=AlertPlace.BOTH, link="")
    assert group.switch_message_since is not None and group.whatsapp_link == LINK
    message = switch_message(group)
    assert invite_url(group) in message["text"] and "112" in message["text"]
    assert message["share_url"].startswith("https://wa.me/?text=")
    assert unquote(message["share_url"].removeprefix("https://wa.me/?text=")) == message["text"]
    assert " " not in message["share_url"]
    make_member(group, resident)
    assert switch_message(group)["joined"] == 1  # Anna joined before the message; Bram after it
    client.force_login(admin)
    page = client.get(reverse("groups:whatsapp_manage", args=[group.slug])).content.decode()
    assert "uitnodigen voor Buurtwacht" in page and "wa.me/?text=" in page
    assert "zijn 1 deelnemers" not in page and "is 1 deelnemer lid geworden" in page


def test_a_buurtwacht_group_is_not_counted_from_a_visit(client, group, admin):
    client.force_login(admin)
    client.get(reverse("groups:whatsapp_manage", args=[group.slug]))
    group.refresh_from_db()
    assert group.switch_message_since is None


def test_the_api_gives_members_the_way_in_and_admins_the_settings(client, group, admin, resident):
    group = whatsapp_group(group, admin)
    member_url = f"/api/v1/groups/{group.pk}/whatsapp"
    settings_url = f"/api/v1/groups/{group.pk}/whatsapp-settings"
    client.force_login(resident)
    assert client.get(member_url).status_code == 403
    make_member(group, resident)
    body = client.get(member_url).json()
    assert body == {"alert_place": "whatsapp", "open_url": f"/groepen/{group.slug}/whatsapp/", "opened_at": None}
    assert "FictieveCode" not in client.get(member_url).content.decode()
    assert client.get(settings_url).status_code == 403
    assert client.put(settings_url, {"alert_place": "both"}, content_type="application/json").status_code == 403

    client.force_login(admin)
    body = client.get(settings_url).json()
    assert body["whatsapp_link"] == LINK and body["not_opened"] == ["Anna de Vries", "Bram Bakker"]
    assert body["switch"] is None
    refused = client.put(settings_url, {"alert_place": "whatsapp", "whatsapp_link": "http://chat.whatsapp.com/x"},
                         content_type="application/json")
    assert refused.status_code == 400 and "uitnodigingslink" in refused.json()["detail"]
    body = client.put(settings_url, {"alert_place": "both"}, content_type="application/json").json()
    assert body["alert_place"] == "both" and body["whatsapp_link"] == LINK
    assert body["switch"]["share_url"].startswith("https://wa.me/?text=") and body["switch"]["joined"] == 0
