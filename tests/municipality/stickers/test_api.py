"""The sticker API per role, with the same rules (and Dutch refusals) as the pages."""

from __future__ import annotations

import pytest

from buurtwacht.municipality.stickers.models import RequestStatus, StickerRequest
from buurtwacht.municipality.stickers.services import sticker_request_create
from tests.factories import login_with_second_factor

pytestmark = pytest.mark.django_db

BASE = "/api/v1/gemeenten/GM9901"
ROLES = {"other_staff", "police", "staff"}


def sign_in(client, world, persona):
    if persona == "anonymous":
        return
    if persona in ROLES:
        login_with_second_factor(client, getattr(world, persona))
    else:
        client.force_login(getattr(world, persona))


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


@pytest.fixture
def open_request(sticker_world):
    return sticker_request_create(
        group=sticker_world.group, admin=sticker_world.admin, number=2, delivery="post", address="Molenweg 3"
    )


@pytest.mark.parametrize(
    "persona,status",
    [("anonymous", 401), ("resident", 403), ("member", 403), ("other_admin", 403), ("other_staff", 403),
     ("police", 403), ("staff", 403), ("admin", 201)],
)
def test_only_the_groups_admin_requests(client, sticker_world, persona, status):
    sign_in(client, sticker_world, persona)
    url = f"/api/v1/groups/{sticker_world.group.pk}/sticker-requests"
    response = post(client, url, {"number": 2, "delivery": "pickup"})
    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert body["number"] == 2 and body["status"] == "open" and body["group"] == "Buurtpreventie Molenhoek"
    else:
        assert not StickerRequest.objects.exists()


def test_the_limit_is_refused_in_dutch(client, sticker_world):
    client.force_login(sticker_world.admin)
    url = f"/api/v1/groups/{sticker_world.group.pk}/sticker-requests"
    response = post(client, url, {"number": 4, "delivery": "pickup"})
    assert response.status_code == 400
    assert "U kunt nog 3 stickers aanvragen" in response.json()["detail"]
    response = post(client, url, {"number": 1, "delivery": "per duif"})
    assert response.status_code in (400, 422)


@pytest.mark.parametrize(
    "persona,status",
    [("anonymous", 401), ("resident", 403), ("member", 403), ("admin", 403), ("other_admin", 403),
     ("other_staff", 403), ("police", 200), ("staff", 200)],
)
def test_the_list_for_staff_and_police(client, sticker_world, open_request, persona, status):
    sign_in(client, sticker_world, persona)
    response = client.get(f"{BASE}/sticker-requests")
    assert response.status_code == status
    if status == 200:
        [row] = response.json()
        assert row["id"] == open_request.pk and row["number"] == 2
        assert row["address"] == ("Molenweg 3" if persona == "staff" else None)
        assert client.get(f"{BASE}/sticker-requests?status=sent").json() == []


@pytest.mark.parametrize("action", ["sent", "ready", "refuse"])
@pytest.mark.parametrize(
    "persona,status",
    [("anonymous", 401), ("resident", 403), ("member", 403), ("admin", 403), ("other_admin", 403),
     ("other_staff", 403), ("police", 403), ("staff", 200)],
)
def test_only_staff_decide(client, sticker_world, open_request, action, persona, status):
    sign_in(client, sticker_world, persona)
    response = post(client, f"{BASE}/sticker-requests/{open_request.pk}/{action}", {"reason": "Op."})
    assert response.status_code == status
    open_request.refresh_from_db()
    expected = {"sent": RequestStatus.SENT, "ready": RequestStatus.READY, "refuse": RequestStatus.REFUSED}[action]
    assert open_request.status == (expected if status == 200 else RequestStatus.OPEN)


def test_sending_takes_from_the_stock_and_refuses_beyond_it(client, sticker_world, open_request):
    login_with_second_factor(client, sticker_world.staff)
    response = post(client, f"{BASE}/stickers/stock", {"stock": 1})
    assert response.status_code == 200 and response.json()["low"] is True
    response = post(client, f"{BASE}/sticker-requests/{open_request.pk}/sent")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Er zijn nog 1 stickers op voorraad; deze aanvraag vraagt er 2. Vul eerst de voorraad aan."
    }
    post(client, f"{BASE}/stickers/stock", {"stock": 50})
    response = post(client, f"{BASE}/sticker-requests/{open_request.pk}/sent")
    assert response.status_code == 200 and response.json()["status"] == "sent"
    stock = client.get(f"{BASE}/stickers/stock").json()
    assert stock["stock"] == 48 and stock["low"] is False and stock["low_threshold"] == 10
    assert post(client, f"{BASE}/sticker-requests/{open_request.pk}/sent").status_code == 400


def test_a_request_of_another_gemeente_is_404(client, sticker_world, open_request):
    login_with_second_factor(client, sticker_world.other_staff)
    assert post(client, f"/api/v1/gemeenten/GM9902/sticker-requests/{open_request.pk}/sent").status_code == 404


@pytest.mark.parametrize(
    "persona,status",
    [("anonymous", 401), ("admin", 403), ("other_staff", 403), ("police", 403), ("staff", 200)],
)
def test_the_stock_is_for_staff(client, sticker_world, persona, status):
    sign_in(client, sticker_world, persona)
    assert client.get(f"{BASE}/stickers/stock").status_code == status
    assert post(client, f"{BASE}/stickers/stock", {"stock": 7}).status_code == status
    sticker_world.settings.refresh_from_db()
    assert sticker_world.settings.stock == (7 if status == 200 else 100)


def test_the_openapi_document_lists_the_answers(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    sent = paths["/api/v1/gemeenten/{code}/sticker-requests/{request_id}/sent"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404"} <= set(sent)
    assert "201" in paths["/api/v1/groups/{group_id}/sticker-requests"]["post"]["responses"]


def test_staff_note_the_pick_up_and_add_a_delivery(client, sticker_world, open_request):
    login_with_second_factor(client, sticker_world.staff)
    assert post(client, f"{BASE}/sticker-requests/{open_request.pk}/picked-up").status_code == 400  # not ready yet
    assert post(client, f"{BASE}/sticker-requests/{open_request.pk}/ready").status_code == 200
    response = post(client, f"{BASE}/sticker-requests/{open_request.pk}/picked-up")
    assert response.status_code == 200
    assert response.json()["status"] == "picked_up" and response.json()["picked_up_at"]
    response = post(client, f"{BASE}/stickers/stock/delivery", {"number": 500})
    assert response.status_code == 200 and response.json()["stock"] == 598
    assert post(client, f"{BASE}/stickers/stock/delivery", {"number": 0}).status_code == 400


@pytest.mark.parametrize("persona,status", [("anonymous", 401), ("police", 403), ("other_staff", 403), ("admin", 403)])
def test_only_staff_note_pick_ups_and_deliveries(client, sticker_world, open_request, persona, status):
    sign_in(client, sticker_world, persona)
    assert post(client, f"{BASE}/sticker-requests/{open_request.pk}/picked-up").status_code == status
    assert post(client, f"{BASE}/stickers/stock/delivery", {"number": 5}).status_code == status
