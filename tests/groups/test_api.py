"""GET /api/v1/groups and /api/v1/groups/{id}."""

import pytest

from tests.factories import GroupFactory, cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(town):
    west = GroupFactory(name="West", geometry=cell(0, 0), member_count=12)
    east = GroupFactory(name="Oost", geometry=cell(1, 1))
    pending = GroupFactory(name="Wacht", geometry=cell(1, 0), pending=True)
    return west, east, pending


def test_it_lists_active_groups_as_geojson(client, groups):
    west, east, _ = groups
    response = client.get("/api/v1/groups")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert {f["properties"]["name"] for f in body["features"]} == {"West", "Oost"}
    feature = next(f for f in body["features"] if f["id"] == west.pk)
    assert feature["geometry"]["type"] == "Polygon"
    assert feature["properties"]["member_count"] == 12
    assert feature["properties"]["url"] == f"/groepen/{west.slug}/"


def test_it_exposes_no_personal_data(client, groups):
    text = client.get("/api/v1/groups").content.decode()
    assert "contact" not in text
    assert "anna@example.org" not in text


def test_the_bbox_filter_keeps_groups_that_overlap_it(client, groups):
    body = client.get("/api/v1/groups", {"bbox": "5.012,52.012,5.5,52.5"}).json()
    assert [f["properties"]["name"] for f in body["features"]] == ["Oost"]


@pytest.mark.parametrize(
    ("bbox", "message"),
    [
        ("5,52,6", "vier getallen"),
        ("a,b,c,d", "vier getallen"),
        ("5,52,4,53", "minimum moet kleiner"),
        ("5,52,200,53", "buiten het bereik"),
        ("10,40,11,41", "buiten Nederland"),
    ],
)
def test_a_bad_bbox_gets_a_400_with_a_dutch_message(client, groups, bbox, message):
    response = client.get("/api/v1/groups", {"bbox": bbox})
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_one_group_as_a_feature(client, groups):
    west, _, pending = groups
    body = client.get(f"/api/v1/groups/{west.pk}").json()
    assert body["type"] == "Feature"
    assert body["properties"]["name"] == "West"
    assert client.get(f"/api/v1/groups/{pending.pk}").status_code == 404
    assert client.get("/api/v1/groups/999999").status_code == 404
