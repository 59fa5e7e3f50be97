"""/api/v1/gemeenten/{code}/groups: per role, and approving and rejecting through the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.groups.models import GroupStatus
from tests.factories import login_with_second_factor

pytestmark = pytest.mark.django_db

GROUPS = reverse("api-v1:municipality_groups", kwargs={"code": "GM9901"})


def approve_url(group, code="GM9901"):
    return reverse("api-v1:municipality_group_approve", kwargs={"code": code, "group_id": group.pk})


def reject_url(group, code="GM9901"):
    return reverse("api-v1:municipality_group_reject", kwargs={"code": code, "group_id": group.pk})


@pytest.mark.parametrize("persona", ["staff", "police"])
def test_staff_and_police_get_the_groups(client, world, persona):
    login_with_second_factor(client, getattr(world, persona))
    response = client.get(GROUPS)
    assert response.status_code == 200
    by_name = {g["name"]: g for g in response.json()}
    assert set(by_name) == {"Buurtpreventie Molenhoek", "Buurtpreventie Nieuw"}
    molenhoek = by_name["Buurtpreventie Molenhoek"]
    assert molenhoek["status"] == "active"
    assert molenhoek["wijk"] == "Proefdorp wijk 0" and molenhoek["place"] == "Proefdorp"
    assert molenhoek["member_count"] == 3
    assert "Zebulon" not in response.content.decode()


def test_staff_get_the_admins_contacts(staff_client, world):
    molenhoek = {g["name"]: g for g in staff_client.get(GROUPS).json()}["Buurtpreventie Molenhoek"]
    assert molenhoek["admins"] == [
        {"name": "Anna Beheerder", "email": world.admin.email, "phone": "06-11112222"},
        {"name": "Bert Tweede", "email": molenhoek["admins"][1]["email"], "phone": "06-33334444"},
    ]


def test_police_get_the_admins_first_names_without_contacts(police_client, world):
    # Police of the gemeente read the overview, but reach admins through the gemeente or the app: they do not need
    # the admins' private e-mail addresses and phone numbers (issue 11, the municipal dashboard).
    response = police_client.get(GROUPS)
    molenhoek = {g["name"]: g for g in response.json()}["Buurtpreventie Molenhoek"]
    assert molenhoek["admins"] == [
        {"name": "Anna", "email": None, "phone": None},
        {"name": "Bert", "email": None, "phone": None},
    ]
    body = response.content.decode()
    assert world.admin.email not in body and "06-11112222" not in body and "carla@example.org" not in body
    assert "Beheerder" not in body  # surnames neither


@pytest.mark.parametrize("persona", ["other_staff", "resident", "member", "admin"])
def test_everyone_else_gets_403(client, world, persona):
    login_with_second_factor(client, getattr(world, persona))
    response = client.get(GROUPS)
    assert response.status_code == 403
    assert response.json() == {"detail": "U heeft geen toegang tot deze gegevens."}


def test_staff_without_the_second_factor_get_403(client, world):
    client.force_login(world.staff)
    assert client.get(GROUPS).status_code == 403


def test_anonymous_callers_get_401(client, world):
    assert client.get(GROUPS).status_code == 401
    assert client.post(approve_url(world.pending), {}, content_type="application/json").status_code == 401


def test_an_unknown_gemeente_is_404(staff_client):
    assert staff_client.get(reverse("api-v1:municipality_groups", kwargs={"code": "GM0000"})).status_code == 404


def test_staff_approve(staff_client, world):
    response = staff_client.post(approve_url(world.pending), {"note": "Akkoord"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    world.pending.refresh_from_db()
    assert world.pending.status == GroupStatus.ACTIVE and world.pending.review_note == "Akkoord"


def test_approving_twice_is_a_clear_400(staff_client, world):
    response = staff_client.post(approve_url(world.group), {}, content_type="application/json")
    assert response.status_code == 400
    assert "wacht niet (meer) op goedkeuring" in response.json()["detail"]


@pytest.mark.parametrize("persona", ["police", "other_staff", "admin"])
def test_only_staff_of_the_gemeente_decide(client, world, persona):
    login_with_second_factor(client, getattr(world, persona))
    assert client.post(approve_url(world.pending), {}, content_type="application/json").status_code == 403
    assert client.post(reject_url(world.pending), {"note": "Nee"}, content_type="application/json").status_code == 403
    world.pending.refresh_from_db()
    assert world.pending.status == GroupStatus.PENDING


def test_a_rejection_needs_a_reason(staff_client, world):
    response = staff_client.post(reject_url(world.pending), {"note": " "}, content_type="application/json")
    assert response.status_code == 400
    assert "Geef aan waarom" in response.json()["detail"]
    response = staff_client.post(reject_url(world.pending), {"note": "Dubbel"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"


def test_a_group_of_another_gemeente_is_404(staff_client, world):
    response = staff_client.post(approve_url(world.foreign), {}, content_type="application/json")
    assert response.status_code == 404
    world.foreign.refresh_from_db()
    assert world.foreign.status == GroupStatus.PENDING
