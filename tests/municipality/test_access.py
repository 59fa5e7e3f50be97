"""Who may open which municipal page: every URL asked as every persona."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtwacht.groups.models import GroupStatus
from tests.factories import login_with_second_factor

pytestmark = pytest.mark.django_db

CODE = "GM9901"


def urls(world) -> dict[str, tuple[str, str]]:
    """name -> (method, url)"""
    pk = world.pending.pk
    return {
        "overview": ("get", reverse("municipality:overview", kwargs={"code": CODE})),
        "overview_woonplaats": ("get", reverse("municipality:overview", kwargs={"code": CODE}) + "?per=woonplaats"),
        "groups": ("get", reverse("municipality:groups", kwargs={"code": CODE})),
        "groups_woonplaats": ("get", reverse("municipality:groups", kwargs={"code": CODE}) + "?per=woonplaats"),
        "overview_csv": ("get", reverse("municipality:overview_csv", kwargs={"code": CODE})),
        "contacts": ("get", reverse("municipality:contacts", kwargs={"code": CODE})),
        "approve": ("post", reverse("municipality:approve", kwargs={"code": CODE, "pk": pk})),
        "reject": ("get", reverse("municipality:reject", kwargs={"code": CODE, "pk": pk})),
    }


STAFF_ONLY = {"contacts", "approve", "reject"}
NAMES = [
    "overview", "overview_woonplaats", "groups", "groups_woonplaats", "overview_csv", "contacts", "approve", "reject"
]


def ask(client, world, name):
    method, url = urls(world)[name]
    return getattr(client, method)(url)


@pytest.mark.parametrize("name", NAMES)
def test_staff_of_the_gemeente_with_the_second_factor_get_in(client, world, name):
    login_with_second_factor(client, world.staff)
    response = ask(client, world, name)
    assert response.status_code == (302 if name == "approve" else 200)
    if name == "approve":
        world.pending.refresh_from_db()
        assert world.pending.status == GroupStatus.ACTIVE


@pytest.mark.parametrize("name", NAMES)
def test_police_of_the_gemeente_see_the_overview_only(client, world, name):
    login_with_second_factor(client, world.police)
    response = ask(client, world, name)
    assert response.status_code == (403 if name in STAFF_ONLY else 200)
    world.pending.refresh_from_db()
    assert world.pending.status == GroupStatus.PENDING


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("persona", ["other_staff", "resident", "member", "admin"])
def test_everyone_else_is_refused(client, world, name, persona):
    user = getattr(world, persona)
    if persona == "other_staff":
        login_with_second_factor(client, user)
    else:
        client.force_login(user)
    response = ask(client, world, name)
    assert response.status_code == 403
    assert b"Beheerder" not in response.content  # no admin's name leaks into the refusal
    world.pending.refresh_from_db()
    assert world.pending.status == GroupStatus.PENDING


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name):
    response = ask(client, world, name)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", NAMES)
def test_staff_without_the_second_factor_are_sent_to_set_it_up(client, world, name):
    client.force_login(world.staff)
    response = ask(client, world, name)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    world.pending.refresh_from_db()
    assert world.pending.status == GroupStatus.PENDING


def test_staff_with_a_device_but_not_this_session_are_asked_for_a_code(client, world):
    TOTPDevice.objects.create(user=world.staff, name="telefoon", confirmed=True)
    client.force_login(world.staff)
    response = client.get(reverse("municipality:overview", kwargs={"code": CODE}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_a_group_of_another_gemeente_is_not_found(staff_client, world):
    approve = reverse("municipality:approve", kwargs={"code": CODE, "pk": world.foreign.pk})
    reject = reverse("municipality:reject", kwargs={"code": CODE, "pk": world.foreign.pk})
    assert staff_client.post(approve).status_code == 404
    assert staff_client.get(reject).status_code == 404
    world.foreign.refresh_from_db()
    assert world.foreign.status == GroupStatus.PENDING


def test_an_unknown_gemeente_is_not_found(staff_client):
    assert staff_client.get(reverse("municipality:overview", kwargs={"code": "GM0000"})).status_code == 404


def test_approving_takes_a_post(staff_client, world):
    url = reverse("municipality:approve", kwargs={"code": CODE, "pk": world.pending.pk})
    assert staff_client.get(url).status_code == 405
    world.pending.refresh_from_db()
    assert world.pending.status == GroupStatus.PENDING


# --- /gemeente/ ---------------------------------------------------------------------------------------------------

HOME = reverse("municipality:home")


def test_home_sends_someone_with_one_gemeente_to_its_overview(client, world):
    login_with_second_factor(client, world.police)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("municipality:overview", kwargs={"code": CODE})


def test_home_lists_the_gemeenten_of_someone_with_several(client, world):
    from buurtwacht.accounts.models import RoleKind
    from tests.factories import make_role

    make_role(world.staff, RoleKind.MUNICIPAL, world.other.gemeente)
    login_with_second_factor(client, world.staff)
    response = client.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("municipality:overview", kwargs={"code": "GM9901"}) in page
    assert reverse("municipality:overview", kwargs={"code": "GM9902"}) in page


@pytest.mark.parametrize("persona", ["resident", "member", "admin"])
def test_home_refuses_people_without_a_role(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(HOME).status_code == 403


def test_home_asks_for_the_second_factor_first(client, world):
    client.force_login(world.police)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
