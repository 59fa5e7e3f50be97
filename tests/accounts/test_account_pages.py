"""The account page, messages, the data download (AVG) and deleting the account."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from buurtwacht.accounts.context_processors import account
from buurtwacht.accounts.models import User
from buurtwacht.delivery.inbox import unread_count
from buurtwacht.delivery.models import Delivery
from buurtwacht.groups.models import AdminInvite, Group, HouseRules, JoinRequest, JoinStatus, Membership
from tests.factories import (
    PASSWORD,
    AddressFactory,
    GroupFactory,
    UserFactory,
    leave_message,
    login_with_second_factor,
    make_member,
    make_role,
)

pytestmark = pytest.mark.django_db

HOME = reverse("accounts:home")
EXPORT = reverse("accounts:data_export")
DELETE = reverse("accounts:delete")
NOTIFICATIONS = reverse("accounts:notifications")


@pytest.fixture
def anna(client, town):
    user = UserFactory(email="anna@example.org", first_name="Anna", phone="0612345678", address=AddressFactory())
    client.force_login(user)
    return user


def test_the_account_page_lists_groups_requests_and_new_messages(client, anna):
    molenhoek = GroupFactory(name="Molenhoek")
    make_member(molenhoek, anna)
    kerkbuurt = GroupFactory(name="Kerkbuurt")
    JoinRequest.objects.create(group=kerkbuurt, user=anna, status=JoinStatus.REFUSED, reason="Buiten het gebied")
    leave_message(anna, "Uw aanvraag is bekeken", kerkbuurt.get_absolute_url())
    html = client.get(HOME).content.decode()
    assert f'<a href="{molenhoek.get_absolute_url()}">Molenhoek</a>' in html and "Deelnemer" in html
    assert "Kerkbuurt" in html and "Geweigerd" in html and "Buiten het gebied" in html
    assert f'<a href="{kerkbuurt.get_absolute_url()}">Uw aanvraag is bekeken</a>' in html
    for name in ("profile", "data_export", "delete", "notifications"):
        assert reverse(f"accounts:{name}") in html


def test_an_admin_gets_a_link_to_manage_the_group(client, anna):
    group = GroupFactory(name="Molenhoek")
    make_member(group, anna, admin=True)
    html = client.get(HOME).content.decode()
    assert reverse("groups:manage", kwargs={"slug": group.slug}) in html and "Beheerder" in html


def test_staff_get_a_link_to_the_municipal_overview(client, town):
    staff = UserFactory()
    make_role(staff, "municipal", town.gemeente)
    login_with_second_factor(client, staff)
    assert reverse("municipality:home") in client.get(HOME).content.decode()


def test_residents_get_no_link_to_the_municipal_overview(client, anna):
    assert reverse("municipality:home") not in client.get(HOME).content.decode()


def test_the_account_page_needs_a_signed_in_person(client):
    assert client.get(HOME)["Location"] == f"{reverse('accounts:login')}?next={HOME}"


def test_opening_the_messages_marks_them_read(client, anna):
    leave_message(anna, "Eerste")
    leave_message(anna, "Tweede", "https://evil.example/")
    leave_message(UserFactory(), "Van een ander")
    response = client.get(NOTIFICATIONS)
    html = response.content.decode()
    assert html.index("Tweede") < html.index("Eerste")  # newest first
    assert "Van een ander" not in html
    assert "evil.example" not in html  # only links within the site
    assert [item["new"] for item in response.context["items"]] == [True, True]
    assert unread_count(anna) == 0
    assert [item["new"] for item in client.get(NOTIFICATIONS).context["items"]] == [False, False]


def test_the_header_costs_one_query_when_signed_in_and_none_when_not(anna, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert account(request)["unread_notifications"] == 0
    leave_message(anna, "Nieuw")
    request.user = anna
    with django_assert_num_queries(1):
        state = account(request)
    assert state == {
        "unread_notifications": 1,
        "second_factor_pending": False,
        "email_unverified": False,
        "has_role": False,
    }


def test_the_header_links_role_holders_to_their_overview_and_administrators_to_beheer(client, anna, town):
    from buurtwacht.accounts.models import RoleKind
    from tests.factories import login_with_second_factor, make_role

    client.force_login(anna)
    html = client.get("/").content.decode()
    assert "/gemeente/" not in html and "/beheer/" not in html
    make_role(anna, RoleKind.WIJKAGENT, town.gemeente)
    login_with_second_factor(client, anna)
    assert 'href="/gemeente/"' in client.get("/").content.decode()
    anna.is_staff = True
    anna.save()
    assert 'href="/beheer/"' in client.get("/").content.decode()


def test_the_download_holds_the_persons_data_and_nobody_elses(client, anna):
    group = GroupFactory(name="Molenhoek")
    rules = HouseRules.objects.create(group=group, version=3, text="SAAR")
    Membership.objects.create(group=group, user=anna, role="admin", rules=rules)
    bram = make_member(group, UserFactory(email="bram@example.org", first_name="Bram", phone="0687654321"))
    other = GroupFactory(name="Kerkbuurt")
    JoinRequest.objects.create(group=other, user=anna, message="Ik woon op de hoek.", declared_min_age=True)
    JoinRequest.objects.create(group=other, user=bram, message="Bericht van Bram")
    leave_message(anna, "Welkom")
    AdminInvite.objects.create(group=group, email="cor@example.org", invited_by=anna, expires_at="2030-01-01T00:00Z")

    response = client.get(EXPORT)
    assert response["Content-Disposition"] == 'attachment; filename="buurtwacht-mijn-gegevens.json"'
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.org" and data["account"]["phone"] == "0612345678"
    assert data["address"]["postcode"] == "9901AB"
    assert [(m["group"]["name"], m["role"], m["accepted_rules_version"]) for m in data["memberships"]] == [
        ("Molenhoek", "admin", 3)
    ]
    [request] = data["join_requests"]
    assert request["group"]["name"] == "Kerkbuurt" and request["message"] == "Ik woon op de hoek."
    assert [n["text"] for n in data["notifications"]] == ["Welkom"]
    assert [i["group"]["name"] for i in data["admin_invites_sent"]] == ["Molenhoek"]
    text = response.content.decode()
    for secret in ("bram@example.org", "Bram", "0687654321", "Bericht van Bram", "cor@example.org", anna.password):
        assert secret not in text


def test_the_download_needs_a_signed_in_person(client):
    assert client.get(EXPORT).status_code == 302


def test_deleting_removes_the_account_and_its_data(client, anna, smtp, django_capture_on_commit_callbacks):
    group = GroupFactory()
    make_member(group, anna)
    make_member(group)
    JoinRequest.objects.create(group=GroupFactory(), user=anna)
    leave_message(anna, "Welkom")
    invited = AdminInvite.objects.create(
        group=group, email="Anna@example.org", expires_at=timezone.now() + timezone.timedelta(days=3)
    )
    assert Group.objects.get(pk=group.pk).member_count == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"password": PASSWORD}, follow=True)
    assert not AdminInvite.objects.filter(pk=invited.pk).exists()  # her address is gone from the group too
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "Uw account en uw gegevens zijn verwijderd." in response.content.decode()
    assert not User.objects.filter(email="anna@example.org").exists()
    assert not Membership.objects.filter(user_id=anna.pk).exists()
    assert not JoinRequest.objects.filter(user_id=anna.pk).exists()
    assert not Delivery.objects.filter(user_id=anna.pk).exists()
    assert Group.objects.get(pk=group.pk).member_count == 1
    assert "_auth_user_id" not in client.session
    [message] = smtp.to("anna@example.org")
    assert message["Subject"] == "Uw account bij Buurtwacht is verwijderd"


def test_a_wrong_password_deletes_nothing(client, anna):
    response = client.post(DELETE, {"password": "niet-mijn-wachtwoord"})
    assert response.status_code == 200
    assert "Het wachtwoord klopt niet. Uw account is niet verwijderd." in response.content.decode()
    assert User.objects.filter(pk=anna.pk).exists()


def test_the_only_admin_of_a_group_with_members_is_warned_first(client, anna):
    lonely = GroupFactory(name="Alleen Anna")
    make_member(lonely, anna, admin=True)
    make_member(lonely)
    shared = GroupFactory(name="Met Bram")
    make_member(shared, anna, admin=True)
    make_member(shared, admin=True)
    html = client.get(DELETE).content.decode()
    assert "u bent de enige beheerder van" in html
    assert "Alleen Anna" in html and "Met Bram" not in html
    client.post(DELETE, {"password": PASSWORD})  # still allowed
    assert not User.objects.filter(pk=anna.pk).exists()
    assert Group.objects.get(pk=lonely.pk).member_count == 1
