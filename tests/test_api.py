"""The JSON API as a whole (src/buurtwacht/api.py): every error is JSON with a Dutch `detail` and the right status,
and the OpenAPI document declares those errors and the values the server accepts."""

import json

import pytest

from buurtwacht.accounts.models import User
from buurtwacht.alerts.models import Alert, AlertKind
from tests.alerts.neighbours import SPOT, make_neighbours
from tests.core.outage import database_down
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LON, LAT = SPOT
TWENTY_MB = 20 * 1024 * 1024


def assert_dutch_json(response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    # A refusal of a service may also name its fields (alerts: RefusalOut); `detail` always says it all.
    assert set(body) - {"errors"} == {"detail"} and all(word in body["detail"] for word in words), body
    return body


def test_a_20_mb_body_gets_413_in_json(client):
    anna = UserFactory(email="anna@example.org")
    client.force_login(anna)
    body = json.dumps({"password": "x" * TWENTY_MB}).encode()
    assert len(body) > TWENTY_MB
    response = client.generic("DELETE", "/api/v1/account/me", body, content_type="application/json")
    assert_dutch_json(response, 413, "te groot")
    assert User.objects.filter(pk=anna.pk).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/api/v1/groups/1", "/api/v1/account/me", "/api/v1/groups?bbox=3.5,51.4,3.7,51.5"])
def test_a_database_outage_gets_503_in_json(client, tmp_path, path):
    client.force_login(UserFactory())
    with database_down(tmp_path):
        response = client.get(path)
    assert_dutch_json(response, 503, "database")
    assert response["Retry-After"]


def test_an_unknown_api_address_gets_404_in_json(client):
    assert_dutch_json(client.get("/api/v1/bestaat-niet"), 404, "bestaat niet")


def test_not_signed_in_and_not_found_are_dutch(client):
    assert_dutch_json(client.get("/api/v1/account/me"), 401, "Log eerst in")
    client.force_login(UserFactory())
    assert_dutch_json(client.get("/api/v1/alerts/999999"), 404, "Niet gevonden")


# --- the OpenAPI document --------------------------------------------------------------------------------------------


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json()


def operations(spec):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            # The push subscriptions (delivery/api.py) are outside this change; their own tests cover their errors.
            if "push" not in operation.get("tags", []):
                yield f"{method.upper()} {path}", operation


ERROR_SHAPES = [{"$ref": "#/components/schemas/ErrorOut"}, {"$ref": "#/components/schemas/RefusalOut"}]


def test_every_operation_declares_its_errors_as_a_detail(spec):
    for name, operation in operations(spec):
        declared = set(operation["responses"])
        if operation.get("security"):
            assert "401" in declared, name
        if "{" in name:
            assert "404" in declared, name
        if operation.get("requestBody") or "{" not in name and operation.get("parameters"):
            assert "400" in declared, name
        for code in declared - {"200", "201", "204"}:
            schema = operation["responses"][code]["content"]["application/json"]["schema"]
            assert schema in ERROR_SHAPES, (name, code)
    for shape in ("ErrorOut", "RefusalOut"):
        error_out = spec["components"]["schemas"][shape]
        assert "detail" in error_out["required"] and error_out["properties"]["detail"]["type"] == "string"


def test_writes_declare_400_and_signed_in_routes_401(spec):
    paths = spec["paths"]
    assert {"400", "401", "403", "404"} <= set(paths["/api/v1/groups/{group_id}/alerts"]["post"]["responses"])
    assert {"400", "401", "403", "404"} <= set(paths["/api/v1/alerts/{alert_id}/close"]["post"]["responses"])
    assert {"401", "403", "404"} <= set(paths["/api/v1/groups/{group_id}/members"]["get"]["responses"])
    assert {"400", "401", "404", "429"} <= set(paths["/api/v1/groups/{group_id}/join-requests"]["post"]["responses"])


def test_the_document_states_the_values_the_server_accepts(spec):
    schemas = spec["components"]["schemas"]
    alert_in = schemas["AlertIn"]["properties"]
    assert alert_in["kind"]["enum"] == list(AlertKind.values)
    assert alert_in["police_call"]["enum"] == ["112", "nog_niet", "0900", "niet_nodig"]
    assert (alert_in["lat"]["minimum"], alert_in["lat"]["maximum"]) == (50.7, 53.7)
    assert alert_in["description"]["maxLength"] == 2000
    assert "enum" in schemas["ReactionIn"]["properties"]["kind"]
    assert "enum" in schemas["CloseIn"]["properties"]["outcome"]
    assert schemas["ReviewIn"]["properties"]["note"]["maxLength"] == 2000
    [code] = spec["paths"]["/api/v1/gemeenten/{code}/groups"]["get"]["parameters"]
    assert code["schema"]["pattern"] == "^[Gg][Mm][0-9]{4}$"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "brand"}, ["Kies wat er aan de hand is."]),
        ({"lat": 1e308}, ["Deze plek ligt niet in Nederland."]),
        ({"police_call": "misschien"}, ["Geef aan of u de politie heeft gebeld."]),
        ({"location_text": "x" * 201}, ["200 tekens"]),
    ],
    ids=["unknown-kind", "huge-latitude", "unknown-police-call", "long-place"],
)
def test_values_outside_the_document_are_refused_in_dutch(client, town, change, words):
    hood = make_neighbours()
    client.force_login(hood.bram)
    alert = {"kind": "verdacht", "lat": LAT, "lon": LON, "police_call": "nog_niet", "description": "Man bij de poort"}
    response = client.post(
        f"/api/v1/groups/{hood.group.pk}/alerts", json.dumps(alert | change), content_type="application/json"
    )
    # The service refuses, with the message the composer shows (decision record 0006), on the field concerned.
    body = assert_dutch_json(response, 400, *words)
    assert set(body["errors"]) >= {"place" if "lat" in change else next(iter(change))}
    assert not Alert.objects.exists()


def test_the_openapi_document_names_no_key_twice(client):
    """Swagger UI reads the document with a YAML parser that refuses a key given twice (a status code merged in
    as text beside ninja's number once broke the docs page)."""
    import json

    def no_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), f"keys given twice: {sorted({k for k in keys if keys.count(k) > 1})}"
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_duplicates)
