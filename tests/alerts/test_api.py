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


def test_the_api_asks_the_same_incident_with_the_privacy_of_the_page(client, hood):
    from tests.factories import GroupFactory, UserFactory, cell, make_member

    own = post_alert(hood.group, hood.carla)
    other = GroupFactory(name="Buurtwacht Molenhoek-Oost", geometry=cell(0, 0))
    post_alert(other, make_member(other, UserFactory(first_name="Eva")), lon=LON + 0.001)  # ~68 m east
    client.force_login(hood.bram)
    answer = client.get(f"/api/v1/groups/{hood.group.pk}/alerts/nearby", {"lat": LAT, "lon": LON})
    assert answer.status_code == 200, answer.content
    mine, theirs = answer.json()
    assert mine["id"] == own.pk and mine["own_group"] and "koevoet" in mine["description"]
    assert "Carla" in mine["police_line"]
    assert theirs == theirs | {"id": None, "own_group": False, "distance_m": 50, "description": "", "url": None}
    assert theirs["group_name"] == "Buurtwacht Molenhoek-Oost" and "Eva" not in json.dumps(theirs)


def test_the_api_refuses_a_place_far_from_the_group_as_the_composer_does(client, hood):
    client.force_login(hood.bram)
    far = client.get(f"/api/v1/groups/{hood.group.pk}/alerts/nearby", {"lat": LAT + 0.1, "lon": LON + 0.1})
    page = client.get(f"/groepen/{hood.group.slug}/meldingen/in-de-buurt/", {"lat": LAT + 0.1, "lon": LON + 0.1})
    assert far.status_code == 400 and page.status_code == 400
    [message] = far.json()["errors"]["place"]
    assert "buiten het gebied van Buurtpreventie Molenhoek" in message and message in page.content.decode()
    huge = client.get(f"/api/v1/groups/{hood.group.pk}/alerts/nearby", {"lat": "1e308", "lon": LON})
    assert huge.status_code == 400 and "niet in Nederland" in huge.json()["errors"]["place"][0]


def test_the_api_takes_an_address_as_the_place(client, hood):
    from tests.factories import AddressFactory

    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=LON, lat=LAT)
    client.force_login(hood.bram)
    created = post(
        client,
        f"/api/v1/groups/{hood.group.pk}/alerts",
        {
            "kind": "vandalisme",
            "postcode": "9901 ab",
            "house_number": "12",
            "police_call": "niet_nodig",
            "description": "Bushokje vernield.",
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["location_text"] == "Molenweg 12" and created.json()["lat"] == LAT
    unknown = post(
        client,
        f"/api/v1/groups/{hood.group.pk}/alerts",
        {
            "kind": "vandalisme",
            "postcode": "9901 ab",
            "house_number": "99",
            "police_call": "niet_nodig",
            "description": "Bushokje vernield.",
        },
    )
    assert unknown.json()["errors"] == {"house_number": ["We kennen geen adres met deze postcode en dit huisnummer."]}


def test_the_nearby_api_is_for_members_only(client, hood):
    url = f"/api/v1/groups/{hood.group.pk}/alerts/nearby"
    assert client.get(url, {"lat": LAT, "lon": LON}).status_code == 401
    client.force_login(hood.dirk)
    assert client.get(url, {"lat": LAT, "lon": LON}).status_code == 403


def test_the_openapi_document_declares_the_refusals_of_the_alerts(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, method in [
        ("/api/v1/groups/{group_id}/alerts", "post"),
        ("/api/v1/groups/{group_id}/alerts/nearby", "get"),
        ("/api/v1/alerts/{alert_id}/reactions", "post"),
        ("/api/v1/alerts/{alert_id}/close", "post"),
    ]:
        assert "400" in paths[path][method]["responses"], (path, method)
    nearby = {p["name"] for p in paths["/api/v1/groups/{group_id}/alerts/nearby"]["get"]["parameters"]}
    assert {"lat", "lon", "postcode", "house_number"} <= nearby


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", "Man bij de\x00 poort"),
        ("location_text", "Molenweg\x00 12"),
        ("person", {"clothing": "jas\x00"}),
    ],
)
def test_a_nul_character_is_refused_on_its_field_not_stored(client, hood, field, value):
    """PostgreSQL cannot store it and a form never lets it through: the service refuses it for the API too."""
    client.force_login(hood.bram)
    alert = {"kind": "verdacht", "lat": LAT, "lon": LON, "police_call": "nog_niet", "description": "Man bij de poort"}
    response = post(client, f"/api/v1/groups/{hood.group.pk}/alerts", alert | {field: value})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(key.startswith(field) and "nulteken" in " ".join(messages) for key, messages in errors.items())
    assert not Alert.objects.exists()
