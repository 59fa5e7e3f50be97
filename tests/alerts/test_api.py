"""The alerts API: members post, read, react and close with the same rules as the pages."""

import json

import pytest

from buurtwacht.alerts.models import Alert
from tests.alerts.neighbours import SPOT, make_neighbours, post_alert

pytestmark = pytest.mark.django_db

LON, LAT = SPOT


@pytest.fixture
def hood(town):
    return make_neighbours()


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_a_member_posts_and_reads_an_alert(client, hood):
    client.force_login(hood.bram)
    created = post(
        client,
        f"/api/v1/groups/{hood.group.pk}/alerts",
        {
            "kind": "verdacht",
            "lat": LAT,
            "lon": LON,
            "police_call": "nog_niet",
            "description": "Busje rijdt stapvoets langs de huizen.",
            "vehicle": {"plate": "vt 123 x", "colour": "wit", "type": "bestelbus"},
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["vehicle"]["plate"] == "VT-123-X" and body["author"] == "Bram" and body["urgent"]
    assert body["called_112_at"] is None
    listed = client.get(f"/api/v1/groups/{hood.group.pk}/alerts").json()
    assert [item["id"] for item in listed] == [body["id"]]


def test_the_api_refuses_in_dutch(client, hood):
    client.force_login(hood.bram)
    url = f"/api/v1/groups/{hood.group.pk}/alerts"
    urgent = post(
        client,
        url,
        {"kind": "inbraak", "lat": LAT, "lon": LON, "police_call": "niet_nodig", "description": "Glasgerinkel"},
    )
    assert urgent.status_code == 400 and "112" in urgent.json()["detail"]
    plate = post(
        client,
        url,
        {
            "kind": "verdacht",
            "lat": LAT,
            "lon": LON,
            "police_call": "112",
            "description": "Auto",
            "vehicle": {"plate": "ABCDEFGH"},
        },
    )
    assert plate.status_code == 400 and "kenteken" in plate.json()["detail"].lower()
    assert not Alert.objects.exists()


def test_reactions_and_closing_through_the_api(client, hood):
    alert = post_alert(hood.group, hood.bram)
    client.force_login(hood.carla)
    reacted = post(client, f"/api/v1/alerts/{alert.pk}/reactions", {"kind": "zie_het_ook"})
    assert reacted.status_code == 201 and reacted.json()["reactions"][0]["first_name"] == "Carla"
    assert post(client, f"/api/v1/alerts/{alert.pk}/close", {"outcome": "opgelost"}).status_code == 403
    client.force_login(hood.bram)
    closed = post(client, f"/api/v1/alerts/{alert.pk}/close", {"outcome": "opgelost", "text": "Was de buurman."})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_outsiders_get_nothing(client, hood):
    alert = post_alert(hood.group, hood.bram)
    assert client.get(f"/api/v1/alerts/{alert.pk}").status_code == 401
    client.force_login(hood.dirk)
    assert client.get(f"/api/v1/alerts/{alert.pk}").status_code == 403
    assert client.get(f"/api/v1/groups/{hood.group.pk}/alerts").status_code == 403
    assert client.get("/api/v1/alerts/999999").status_code == 404
