"""The signs API: the same services as the pages, per role."""

from __future__ import annotations

import datetime as dt

import pytest

from buurtwacht.municipality.signs import services
from buurtwacht.municipality.signs.models import SignRules, SignStatus
from tests.municipality.signs.conftest import INSIDE, PERSONAS, connect, sign_in

pytestmark = pytest.mark.django_db

TODAY = dt.date.today().isoformat()


@pytest.fixture
def objects(world):
    """An open request of a third group of the town; an approved sign of the other group. The group itself has
    none, so that its admin may ask."""
    from tests.factories import GroupFactory, UserFactory, make_member

    third = GroupFactory(gemeente=world.town.gemeente, wijk=world.town.wijken[0])
    third_admin = make_member(third, UserFactory(), admin=True)
    open_request = services.sign_request_create(group=third, user=third_admin, reason="Graag.", spots=[INSIDE])
    other = services.sign_request_create(group=world.other_group, user=world.other_admin, reason="Ook.", spots=[INSIDE])
    (sign,) = services.sign_request_approve(request=other, user=world.staff, spots=[INSIDE])
    return open_request, sign


def calls(world, objects):
    open_request, sign = objects
    code = world.town.gemeente.code
    base = f"/api/v1/gemeenten/{code}"
    spot = {"lat": 52.005, "lon": 5.005, "note": "Hoek"}
    return [
        ("get", f"{base}/sign-rules", None, {"staff", "police"}),
        ("put", f"{base}/sign-rules", {"min_connected_addresses": 50}, {"staff"}),
        ("get", f"/api/v1/groups/{world.group.pk}/sign-checks?spots=2", None, {"admin"}),
        ("get", f"{base}/sign-requests", None, {"staff", "police"}),
        ("get", f"{base}/signs", None, {"staff", "police"}),
        ("post", f"{base}/sign-requests/{open_request.pk}/refuse", {"note": "Nee."}, {"staff"}),
        ("post", f"{base}/signs/{sign.pk}/placed", {"on": TODAY}, {"staff"}),
        ("post", f"{base}/signs/{sign.pk}/moved", {"on": TODAY, "lat": 52.006, "lon": 5.006}, {"staff"}),
        ("post", f"{base}/signs/{sign.pk}/removed", {"on": TODAY, "reason": "Weg."}, {"staff"}),
        ("post", f"/api/v1/groups/{world.group.pk}/sign-requests", {"reason": "Graag.", "spots": [spot]},
         {"admin"}),
        ("post", f"{base}/sign-requests/{open_request.pk}/approve", {"spots": [spot]}, set()),  # refused already
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_reaches_only_its_own_endpoints(client, world, objects, persona):
    sign_in(client, world, persona)
    for method, url, body, allowed in calls(world, objects):
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        response = getattr(client, method)(url, **kwargs)
        if persona in allowed:
            assert response.status_code in (200, 201), (url, persona, response.content)
        else:
            assert response.status_code in (400, 401, 403, 404), (url, persona, response.status_code)
            if persona == "anonymous":
                assert response.status_code == 401


def test_an_admin_asks_and_gets_the_reasons_when_refused(client, world):
    SignRules.objects.create(gemeente=world.town.gemeente, min_connected_addresses=50)
    connect(world.group, 49)
    sign_in(client, world, "admin")
    url = f"/api/v1/groups/{world.group.pk}/sign-requests"
    body = {"reason": "Graag.", "spots": [{"lat": 52.005, "lon": 5.005}]}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400
    assert "De groep heeft 49 aangesloten adressen" in refused.json()["detail"]
    checks = client.get(f"/api/v1/groups/{world.group.pk}/sign-checks?spots=1").json()
    assert checks[0]["key"] == "addresses" and checks[0]["ok"] is False
    connect(world.group, 1)
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "requested"
    assert created.json()["checks"][0]["ok"] is True


def test_staff_approve_place_and_list_with_history(client, world):
    open_request = services.sign_request_create(group=world.group, user=world.admin, reason="Graag.", spots=[INSIDE])
    sign_in(client, world, "staff")
    base = f"/api/v1/gemeenten/{world.town.gemeente.code}"
    approved = client.post(f"{base}/sign-requests/{open_request.pk}/approve",
                           {"spots": [{"lat": 52.0051, "lon": 5.0051}], "note": "Akkoord."},
                           content_type="application/json").json()
    assert approved["status"] == "approved" and len(approved["sign_ids"]) == 1
    sign_id = approved["sign_ids"][0]
    placed = client.post(f"{base}/signs/{sign_id}/placed", {"on": TODAY}, content_type="application/json").json()
    assert placed["status"] == SignStatus.PLACED and placed["placed_on"] == TODAY
    (listed,) = client.get(f"{base}/signs").json()
    assert [step["step"] for step in listed["history"]] == ["approved", "placed"]
    rules = client.put(f"{base}/sign-rules", {"max_per_wijk": 1, "contribution_eur": "50.00"},
                       content_type="application/json").json()
    assert rules["max_per_wijk"] == 1 and rules["min_connected_addresses"] is None


def test_a_spot_outside_the_gemeente_is_a_400_in_dutch(client, world):
    sign_in(client, world, "admin")
    response = client.post(f"/api/v1/groups/{world.group.pk}/sign-requests",
                           {"reason": "Graag.", "spots": [{"lat": 52.5, "lon": 5.5}]}, content_type="application/json")
    assert response.status_code == 400 and "ligt buiten de gemeente Proefdorp" in response.json()["detail"]


def test_the_openapi_document_lists_the_sign_endpoints_with_their_errors(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/signs.geojson" in paths
    approve = paths["/api/v1/gemeenten/{code}/sign-requests/{request_id}/approve"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404"} <= set(approve)
