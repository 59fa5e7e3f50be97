"""/api/v1/account/me: the signed-in person's own account, their data, and deleting it."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from buurtwacht.accounts.models import Role, User
from buurtwacht.groups.models import Group, Membership
from tests.factories import (
    PASSWORD,
    AddressFactory,
    GroupFactory,
    UserFactory,
    login_with_second_factor,
    make_member,
    make_role,
)

pytestmark = pytest.mark.django_db

ME = reverse("api-v1:account_me")
DATA = reverse("api-v1:account_data")
DELETE = reverse("api-v1:account_delete")


def delete(client, password, **extra):
    return client.delete(DELETE, json.dumps({"password": password}), content_type="application/json", **extra)


@pytest.fixture
def anna(client, town):
    user = UserFactory(email="anna@example.org", first_name="Anna", last_name="de Vries", address=AddressFactory())
    user.buurt = town.buurten[(0, 0)]
    user.save()
    client.force_login(user)
    return user


def test_me_describes_the_account(client, anna, town):
    group = GroupFactory(name="Molenhoek")
    make_member(group, anna, admin=True)
    body = client.get(ME).json()
    assert body["email"] == "anna@example.org" and body["first_name"] == "Anna" and body["email_verified"] is True
    assert body["address"].startswith("Proefstraat")
    assert body["buurt"] == {"code": "BU99010000", "name": "Proefdorp buurt 0-0"}
    assert body["roles"] == []
    assert body["memberships"] == [{"group_id": group.pk, "slug": group.slug, "name": "Molenhoek", "role": "admin"}]
    assert "password" not in body


def test_me_lists_roles_after_the_second_factor(client, town):
    staff = UserFactory()
    make_role(staff, "wijkagent", town.gemeente)
    client.force_login(staff)
    assert client.get(ME).status_code == 403
    login_with_second_factor(client, staff)
    assert client.get(ME).json()["roles"] == [{"kind": "wijkagent", "gemeente": "GM9901"}]


@pytest.mark.parametrize("method", ["get_me", "get_data", "delete"])
def test_signed_out_gets_401(client, db, method):
    response = {
        "get_me": lambda: client.get(ME),
        "get_data": lambda: client.get(DATA),
        "delete": lambda: delete(client, PASSWORD),
    }[method]()
    assert response.status_code == 401


def test_data_is_the_personal_data(client, anna):
    make_member(GroupFactory(name="Molenhoek"), anna)
    body = client.get(DATA).json()
    assert body["account"]["email"] == "anna@example.org"
    assert [m["group"]["name"] for m in body["memberships"]] == ["Molenhoek"]


def test_delete_with_the_wrong_password_is_refused_in_dutch(client, anna):
    response = delete(client, "fout")
    assert response.status_code == 400
    assert response.json() == {"detail": "Het wachtwoord klopt niet. Uw account is niet verwijderd."}
    assert User.objects.filter(pk=anna.pk).exists()


def test_delete_removes_the_account_and_its_roles(client, town):
    staff = UserFactory()
    make_role(staff, "municipal", town.gemeente)
    group = GroupFactory()
    make_member(group, staff)
    make_member(group)
    login_with_second_factor(client, staff)
    response = delete(client, PASSWORD)
    assert response.status_code == 204
    assert not User.objects.filter(pk=staff.pk).exists()
    assert not Role.objects.filter(user_id=staff.pk).exists()
    assert not Membership.objects.filter(user_id=staff.pk).exists()
    assert Group.objects.get(pk=group.pk).member_count == 1
    assert client.get(ME).status_code == 401


def test_delete_without_the_csrf_token_is_refused(anna):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(anna)
    response = delete(browser, PASSWORD)
    assert response.status_code == 403
    assert User.objects.filter(pk=anna.pk).exists()
    # With the token (from the cookie a page sets), the same request goes through.
    browser.get(reverse("accounts:home"))
    token = browser.cookies["csrftoken"].value
    assert delete(browser, PASSWORD, HTTP_X_CSRFTOKEN=token).status_code == 204
    assert not User.objects.filter(pk=anna.pk).exists()


def test_delete_attempts_are_rate_limited(client, anna, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "2/h"}
    assert [delete(client, "fout").status_code for _attempt in range(2)] == [400, 400]
    response = delete(client, PASSWORD)
    assert response.status_code == 429
    assert "U heeft dit te vaak geprobeerd. Probeer het over ongeveer" in response.json()["detail"]
    assert User.objects.filter(pk=anna.pk).exists()
