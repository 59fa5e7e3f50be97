"""A group's admins turn police messages off (and on again) in the group's settings; nobody else can."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from buurtwacht.groups.membership.services import group_settings_update
from tests.factories import GroupFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(town):
    return GroupFactory(name="Buurtpreventie Molenhoek")


def test_the_manage_page_offers_the_setting_with_its_explanation(client, group):
    admin = make_member(group, admin=True)
    client.force_login(admin)
    page = client.get(reverse("groups:manage", args=[group.slug])).content.decode()
    assert "Berichten van de politie ontvangen" in page
    assert "Zet dit uit als uw groep geen politieberichten wil." in page
    assert 'name="police_messages"' in page and "checked" in page.split('name="police_messages"')[1][:80]


def test_an_admin_turns_police_messages_off_and_on(client, group):
    admin = make_member(group, admin=True)
    client.force_login(admin)
    url = reverse("groups:settings", args=[group.slug])
    response = client.post(url, {}, follow=True)
    assert "De beheerders krijgen geen berichten van de politie meer." in [str(m) for m in response.context["messages"]]
    group.refresh_from_db()
    assert group.police_messages is False
    client.post(url, {"police_messages": "on"})
    group.refresh_from_db()
    assert group.police_messages is True


def test_a_member_cannot_change_the_setting(client, group):
    member = make_member(group)
    client.force_login(member)
    assert client.post(reverse("groups:settings", args=[group.slug]), {}).status_code == 403
    group.refresh_from_db()
    assert group.police_messages is True
    with pytest.raises(PermissionDenied):
        group_settings_update(group=group, admin=member, police_messages=False)
