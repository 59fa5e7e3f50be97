"""GET /api/v1/lookup."""

import pytest

from tests.factories import AddressFactory, GroupFactory, cell

pytestmark = pytest.mark.django_db

URL = "/api/v1/lookup"


@pytest.fixture
def covered(town):
    group = GroupFactory(name="Buurtpreventie Noordhoek", geometry=cell(0, 0))
    address = AddressFactory(street="Merelstraat", number=12, letter="A", postcode="9901AB", lon=5.005, lat=52.005)
    return group, address


def test_it_returns_the_address_its_areas_and_the_covering_group(client, covered):
    group, _ = covered
    response = client.get(URL, {"postcode": "9901 ab", "huisnummer": "12a"})
    assert response.status_code == 200
    body = response.json()
    assert body["address"]["street"] == "Merelstraat"
    assert body["address"]["house_number"] == "12A"
    assert body["buurt"] == {"code": "BU99010000", "name": "Proefdorp buurt 0-0"}
    assert body["wijk"]["code"] == "WK990100"
    assert body["gemeente"] == {"code": "GM9901", "name": "Proefdorp"}
    assert [g["name"] for g in body["groups"]] == ["Buurtpreventie Noordhoek"]
    assert body["groups"][0]["url"] == f"/groepen/{group.slug}/"
    assert body["nearby"] == []


def test_letter_and_addition_can_be_given_as_their_own_parameters(client, covered):
    AddressFactory(number=12, letter="A", addition="2", postcode="9901AB", lon=5.015, lat=52.005)
    body = client.get(URL, {"postcode": "9901AB", "huisnummer": "12", "huisletter": "a", "toevoeging": "2"}).json()
    assert body["buurt"]["code"] == "BU99010100"
    assert body["groups"] == []


def test_an_uncovered_point_lists_the_nearest_groups(client, covered):
    group, _ = covered
    body = client.get(URL, {"lat": 52.015, "lon": 5.015}).json()
    assert body["address"] is None
    assert body["buurt"]["code"] == "BU99010101"
    assert body["groups"] == []
    assert [g["id"] for g in body["nearby"]] == [group.pk]


def test_it_never_returns_personal_data(client, covered):
    text = client.get(URL, {"postcode": "9901AB", "huisnummer": "12a"}).content.decode()
    assert "anna@example.org" not in text
    assert "Anna de Vries" not in text


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"postcode": "99AB", "huisnummer": "1"}, 400, "geen geldige postcode"),
        ({"postcode": "9901AB", "huisnummer": "twaalf"}, 400, "geen geldig huisnummer"),
        ({"postcode": "9901AB"}, 400, "zowel een postcode als een huisnummer"),
        ({"postcode": "9901AB", "huisnummer": "999"}, 404, "niet gevonden"),
        ({"lat": 48.85, "lon": 2.35}, 400, "niet in Nederland"),
        ({"lat": "noord", "lon": 5}, 400, "Ongeldige waarde voor: lat"),
        ({}, 400, "Geef een postcode"),
    ],
    ids=["bad-postcode", "bad-number", "no-number", "unknown-address", "paris", "not-a-number", "nothing"],
)
def test_bad_input_gets_a_clear_4xx(client, covered, params, status, message):
    response = client.get(URL, params)
    assert response.status_code == status
    assert message in str(response.json()["detail"])


def test_the_openapi_document_describes_the_lookup(client):
    spec = client.get("/api/v1/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/v1/lookup"]["get"]["parameters"]}
    assert {"postcode", "huisnummer", "huisletter", "toevoeging", "lat", "lon"} <= params
    assert "/api/v1/groups" in spec["paths"]
