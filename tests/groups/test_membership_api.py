"""The membership API: join requests, decisions, the member list, leaving, removal and the house rules."""

import pytest

from buurtwacht.groups.membership import services
from buurtwacht.groups.models import JoinRequest, JoinStatus, MemberRole, Membership
from tests.factories import (
    CELL,
    ORIGIN_LAT,
    ORIGIN_LON,
    AddressFactory,
    GroupFactory,
    UserFactory,
    make_member,
    make_role,
)

pytestmark = pytest.mark.django_db


def join(client, group, **body):
    payload = {"declared_min_age": True, "rules_version": 1, "message": "Graag"} | body
    return client.post(f"/api/v1/groups/{group.pk}/join-requests", payload, content_type="application/json")


def test_a_resident_asks_to_join(client, group, admin, resident, smtp, django_capture_on_commit_callbacks):
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = join(client, group)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending" and body["inside_area"] is True and body["distance_m"] == 0
    assert body["rules_version"] == 1 and body["group_id"] == group.pk
    assert JoinRequest.objects.get().message == "Graag"
    assert len(smtp.to("anna@example.org")) == 1


def test_outside_the_area_the_distance_is_given(client, group, admin):
    outsider = UserFactory(address=AddressFactory(lon=ORIGIN_LON + 1.5 * CELL, lat=ORIGIN_LAT + CELL / 2))
    client.force_login(outsider)
    body = join(client, group).json()
    assert body["inside_area"] is False and 330 < body["distance_m"] < 360


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"declared_min_age": False}, "De minimumleeftijd van deze groep is 18 jaar."),
        ({"rules_version": None}, "Lees de huisregels"),
        ({"rules_version": 7}, "De huisregels zijn intussen gewijzigd (nu versie 1)."),
    ],
)
def test_mistakes_are_400_with_a_dutch_detail(client, group, admin, resident, body, detail):
    client.force_login(resident)
    response = join(client, group, **body)
    assert response.status_code == 400
    assert detail in response.json()["detail"]
    assert not JoinRequest.objects.exists()


def test_duplicates_members_no_address_and_police_are_refused(client, group, admin, resident):
    client.force_login(resident)
    join(client, group)
    second = join(client, group)
    assert second.status_code == 400 and "U heeft al een aanvraag ingediend op" in second.json()["detail"]

    homeless = UserFactory()
    client.force_login(homeless)
    response = join(client, group)
    assert response.status_code == 400 and "Uw woonadres ontbreekt." in response.json()["detail"]

    officer = UserFactory(address=AddressFactory())
    make_role(officer, "wijkagent", group.gemeente)
    client.force_login(officer)
    response = join(client, group)
    assert response.status_code == 400 and response.json()["detail"].startswith("Politie is nooit lid")

    client.force_login(admin)
    response = join(client, group)
    assert (
        response.status_code == 400 and response.json()["detail"] == "U bent al deelnemer van Buurtpreventie Molenhoek."
    )


def test_join_requests_are_rate_limited(client, group, admin, resident, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "join": "2/m"}
    client.force_login(resident)
    codes = [join(client, group, declared_min_age=False).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    response = join(client, group)
    assert response.status_code == 429
    assert "U heeft dit te vaak geprobeerd. Probeer het over ongeveer" in response.json()["detail"]
    assert not JoinRequest.objects.exists()


def test_inactive_groups_are_404(client, town, resident):
    client.force_login(resident)
    assert join(client, GroupFactory(pending=True)).status_code == 404


def test_admins_list_and_decide_requests(client, group, admin, resident, smtp, django_capture_on_commit_callbacks):
    request_obj = services.join_request_create(
        group=group, user=resident, address=resident.address, declared_min_age=True, rules_version=1, message="Hoi"
    )
    client.force_login(admin)
    [row] = client.get(f"/api/v1/groups/{group.pk}/join-requests").json()
    assert row["id"] == request_obj.pk and row["message"] == "Hoi" and row["declared_min_age"] is True
    assert row["applicant"] == {
        "first_name": "Bram",
        "last_name": "Bakker",
        "email": "bram@example.org",
        "phone": "0612345678",
        "address": "Molenweg 12, 9901 AB Proefdorp",
    }

    decision = f"/api/v1/join-requests/{request_obj.pk}/decision"
    response = client.post(decision, {"approve": False, "reason": ""}, content_type="application/json")
    assert response.status_code == 400 and "Geef een reden" in response.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decision, {"approve": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert Membership.objects.filter(group=group, user=resident).exists()
    assert len(smtp.to("bram@example.org")) == 1
    assert client.get(f"/api/v1/groups/{group.pk}/join-requests").json() == []


def test_requests_and_decisions_are_for_the_groups_admins_only(client, group, admin, resident, town):
    request_obj = services.join_request_create(
        group=group, user=resident, address=resident.address, declared_min_age=True, rules_version=1
    )
    decision = f"/api/v1/join-requests/{request_obj.pk}/decision"
    assert client.get(f"/api/v1/groups/{group.pk}/join-requests").status_code == 401
    assert client.post(decision, {"approve": True}, content_type="application/json").status_code == 401
    for person in (resident, make_member(group), make_member(GroupFactory(), admin=True)):
        client.force_login(person)
        response = client.get(f"/api/v1/groups/{group.pk}/join-requests")
        assert response.status_code == 403 and response.json()["detail"]
        assert client.post(decision, {"approve": True}, content_type="application/json").status_code == 403
    request_obj.refresh_from_db()
    assert request_obj.status == JoinStatus.PENDING


def test_the_member_list_shows_others_by_first_name_and_street(client, group, admin, resident):
    make_member(group, resident)
    client.force_login(resident)
    rows = client.get(f"/api/v1/groups/{group.pk}/members").json()
    anna = next(r for r in rows if r["first_name"] == "Anna")
    assert anna["role"] == "admin" and anna["is_self"] is False
    assert anna["last_name"] is None and anna["email"] is None and anna["phone"] is None and anna["address"] is None
    assert anna["id"] is None
    me = next(r for r in rows if r["is_self"])
    assert me["street"] == "Molenweg" and me["email"] == "bram@example.org" and me["last_name"] == "Bakker"

    client.force_login(admin)
    rows = client.get(f"/api/v1/groups/{group.pk}/members").json()
    bram = next(r for r in rows if r["first_name"] == "Bram")
    assert bram["email"] == "bram@example.org" and bram["address"] == "Molenweg 12, 9901 AB Proefdorp"
    assert bram["id"] == Membership.objects.get(user=resident).pk


def test_the_member_list_is_401_signed_out_and_403_for_others(client, group, admin, resident):
    assert client.get(f"/api/v1/groups/{group.pk}/members").status_code == 401
    client.force_login(resident)
    assert client.get(f"/api/v1/groups/{group.pk}/members").status_code == 403


def test_leaving_and_removal(client, group, admin, resident):
    make_member(group, resident)
    other = make_member(group)
    client.force_login(resident)
    assert client.delete(f"/api/v1/groups/{group.pk}/membership").status_code == 204
    assert not Membership.objects.filter(user=resident).exists()
    assert client.delete(f"/api/v1/groups/{group.pk}/membership").status_code == 403

    other_membership = Membership.objects.get(user=other)
    client.force_login(other)
    assert client.delete(f"/api/v1/groups/{group.pk}/members/{other_membership.pk}").status_code == 403
    client.force_login(admin)
    assert client.delete(f"/api/v1/groups/{group.pk}/members/{other_membership.pk}").status_code == 204
    assert not Membership.objects.filter(pk=other_membership.pk).exists()
    assert client.delete(f"/api/v1/groups/{group.pk}/members/{other_membership.pk}").status_code == 404


def test_the_last_admin_cannot_leave_by_api(client, group, admin, resident):
    make_member(group, resident)
    client.force_login(admin)
    response = client.delete(f"/api/v1/groups/{group.pk}/membership")
    assert response.status_code == 400 and "U bent de enige beheerder" in response.json()["detail"]
    assert Membership.objects.filter(user=admin, role=MemberRole.ADMIN).exists()


def test_leaving_and_removal_need_a_session(client, group, admin):
    assert client.delete(f"/api/v1/groups/{group.pk}/membership").status_code == 401
    membership = Membership.objects.get(user=admin)
    assert client.delete(f"/api/v1/groups/{group.pk}/members/{membership.pk}").status_code == 401


def test_the_rules_are_public_for_active_groups(client, group, admin, town):
    body = client.get(f"/api/v1/groups/{group.pk}/rules").json()
    assert body["version"] == 1 and body["min_age"] == 18 and "We werken volgens SAAR" in body["text"]
    services.house_rules_update(group=group, admin=admin, text="Versie twee.", min_age=18)
    body = client.get(f"/api/v1/groups/{group.pk}/rules").json()
    assert body["version"] == 2 and body["text"] == "Versie twee."
    assert client.get(f"/api/v1/groups/{GroupFactory(pending=True).pk}/rules").status_code == 404


def test_a_nul_character_in_the_message_is_refused_in_dutch(client, group, admin, resident):
    client.force_login(resident)
    response = join(client, group, message="Graag\x00")
    assert response.status_code == 400 and "nulteken" in response.json()["detail"]
    assert not group.join_requests.exists()
