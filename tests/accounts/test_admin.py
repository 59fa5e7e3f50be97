"""Accounts in the back office (/beheer/): search, roles inline, adding an account; messages read-only."""

import pytest

from buurtwacht.accounts.models import Role, User
from tests.factories import GroupFactory, UserFactory, leave_message, login_with_second_factor, make_member

pytestmark = pytest.mark.django_db

USERS = "/beheer/accounts/user/"


@pytest.fixture
def superuser(client):
    user = UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True)
    login_with_second_factor(client, user)
    return user


def test_accounts_can_be_found_by_name_or_address(client, superuser):
    UserFactory(email="fatima@example.org", first_name="Fatima")
    UserFactory(email="bram@example.org", first_name="Bram")
    html = client.get(USERS, {"q": "fatima"}).content.decode()
    assert "fatima@example.org" in html and "bram@example.org" not in html


def test_a_role_is_given_on_the_account_page(client, superuser, town):
    user = UserFactory()
    page = client.get(f"{USERS}{user.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="roles-TOTAL_FORMS"' in html
    assert 'name="password"' not in html  # the hash is shown read-only, never as a field to edit
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": "nl",
        "is_active": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "10:00:00",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-0-kind": "municipal",
        "roles-0-gemeente": town.gemeente.pk,
    }
    response = client.post(f"{USERS}{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Role.objects.get(user=user).gemeente == town.gemeente


def test_a_police_role_given_here_ends_the_persons_memberships(client, superuser, town):
    group = GroupFactory()
    officer = make_member(group, UserFactory(first_name="Piet"))
    make_member(group)
    data = {
        "email": officer.email,
        "first_name": officer.first_name,
        "last_name": officer.last_name,
        "language": "nl",
        "is_active": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "10:00:00",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-0-kind": "wijkagent",
        "roles-0-gemeente": town.gemeente.pk,
    }
    assert client.post(f"{USERS}{officer.pk}/change/", data).status_code == 302
    group.refresh_from_db()
    assert not group.memberships.filter(user=officer).exists() and group.member_count == 1


def test_deleting_an_account_here_keeps_the_member_count_right(client, superuser, town):
    group = GroupFactory()
    leaving = make_member(group)
    make_member(group)
    assert client.post(f"{USERS}{leaving.pk}/delete/", {"post": "yes"}).status_code == 302
    group.refresh_from_db()
    assert group.member_count == 1 == group.memberships.count()


def test_an_account_is_added_with_its_e_mail_address(client, superuser):
    response = client.post(
        f"{USERS}add/",
        {
            "email": "nieuw@example.org",
            "first_name": "Nieuw",
            "last_name": "",
            "usable_password": "true",
            "password1": "lantaarnpaal-42-molen",
            "password2": "lantaarnpaal-42-molen",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(email="nieuw@example.org").check_password("lantaarnpaal-42-molen")


def test_messages_are_read_only(client, superuser):
    leave_message(superuser, "Nieuwe aanvraag")
    html = client.get("/beheer/delivery/delivery/").content.decode()
    assert "Bericht in de app" in html and "Nieuwe aanvraag" not in html  # how it went, never what it said
    assert client.get("/beheer/delivery/delivery/add/").status_code == 403
