"""The police API in JSON, as a control-room system uses it: a key, a dispatch or an area alert, its receipts,
updates and the close; every refusal a Dutch `detail` with nothing written."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from buurtwacht.delivery.models import EventRecipient
from buurtwacht.police import services
from buurtwacht.police.models import MessageStatus, PoliceMessage, PoliceToken, PoliceUpdate
from buurtwacht.police.tokens import token_revoke
from tests.factories import login_with_second_factor
from tests.police.conftest import FAR
from tests.police.keys import dispatch_body, far_gemeente, get, make_key, post

pytestmark = pytest.mark.django_db

PATHS = {"dispatch": "/dispatches", "area_alert": "/area-alerts"}


@pytest.fixture
def key(police_world) -> str:
    return make_key(police_world.town.gemeente)[1]


@pytest.fixture
def far_key(police_world) -> str:
    """A key for gemeente Verweg only (around FAR), not for the test town."""
    gemeente, _buurt = far_gemeente()
    return make_key(gemeente, label="Meldkamer Verweg")[1]


def send(client, key, kind="dispatch", **fields) -> dict:
    response = post(client, PATHS[kind], dispatch_body(**fields), key)
    assert response.status_code == 201, response.content
    return response.json()


def recipients(message: PoliceMessage) -> set[int]:
    return set(EventRecipient.objects.filter(event_id=message.event_id).values_list("user_id", flat=True))


# --- sending ---------------------------------------------------------------------------------------------------


def test_a_dispatch_reaches_the_admins_of_the_groups_in_the_circle(client, police_world, key):
    w = police_world
    answer = send(client, key)
    assert answer["reach"] == {"groups": 1, "groups_off": 0, "admins": 2}
    assert answer["identifier"] == f"buurtwacht-police-{answer['id']}"
    message = PoliceMessage.objects.get(pk=answer["id"])
    assert message.kind == "dispatch" and message.radius_m == 1000
    assert message.token == PoliceToken.objects.get() and message.sender_name == "Meldkamer Midden-Nederland"
    assert recipients(message) == {u.pk for u in w.near_admins}
    assert message.person["clothing"] == "donkerblauwe jas, witte sneakers"


def test_an_area_alert_reaches_the_residents_who_opted_in_inside_only(client, police_world, key):
    answer = send(client, key, "area_alert")
    assert answer["reach"] == {"residents": 1}
    assert recipients(PoliceMessage.objects.get()) == {police_world.resident_in.pk}


def test_buurten_instead_of_a_circle(client, police_world, key):
    w = police_world
    buurt = w.town.buurten[(0, 0)]
    answer = send(client, key, "area_alert", radius_m=None, buurten=[buurt.code.lower()])
    message = PoliceMessage.objects.get(pk=answer["id"])
    assert message.radius_m is None and list(message.buurten.all()) == [buurt]
    assert get(client, f"/area-alerts/{message.pk}", key).json()["buurten"] == [buurt.code]


def test_an_address_instead_of_a_point(client, police_world, key):
    home = police_world.resident_in.area_alert_optins.get().address
    body = dispatch_body(postcode=home.postcode, house_number=str(home.number))
    del body["lat"], body["lon"]
    response = post(client, "/dispatches", body, key)
    assert response.status_code == 201
    assert PoliceMessage.objects.get().location_text == "Molenweg, Proefdorp"


# --- reading, updating, closing -------------------------------------------------------------------------------


def test_the_message_comes_back_with_its_updates_and_receipts_but_no_members(client, police_world, key):
    w = police_world
    message_id = send(client, key)["id"]
    message = PoliceMessage.objects.get(pk=message_id)
    services.message_seen(message=message, user=w.near_admins[0])
    services.message_forward(message=message, group=w.near, user=w.near_admins[0], channel="groep")
    post(client, f"/dispatches/{message_id}/updates", {"text": "Verdachte gezien bij het station."}, key)
    response = get(client, f"/dispatches/{message_id}", key)
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "dispatch" and data["kind"] == "woninginbraak" and data["status"] == "open"
    assert [u["text"] for u in data["updates"]] == ["Verdachte gezien bij het station."]
    assert "Aanvulling: Verdachte gezien bij het station." in data["full_text"]
    group = data["receipts"]["groups"][0]
    assert group["name"] == "Buurtpreventie Molenhoek" and group["admins"] == 2 and group["seen"] == 1
    assert [f["channel"] for f in group["forwards"]] == ["groep"]
    assert group["members"]["recipients"] == 3  # the other admin and the two members
    assert data["receipts"]["seconds_to_first_seen"] is not None
    for person in [*w.near_admins, *w.near_members]:
        assert person.email not in response.content.decode()


@pytest.mark.parametrize("kind", ["dispatch", "area_alert"])
def test_an_update_and_the_close_reach_everyone_it_reached(client, police_world, key, kind):
    message_id = send(client, key, kind)["id"]
    path = f"{PATHS[kind]}/{message_id}"
    response = post(client, f"{path}/updates", {"text": "Vluchtrichting: Stationsweg."}, key)
    assert response.status_code == 201
    assert response.json()["updates"][0]["author_name"] == "Meldkamer Midden-Nederland"
    response = post(client, f"{path}/close", {"outcome": "aangehouden", "text": "Verdachte aangehouden."}, key)
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["outcome"]) == ("closed", "aangehouden")
    assert data["outcome_text"] == "Verdachte aangehouden."
    message = PoliceMessage.objects.get()
    first = recipients(message)
    assert first
    later = EventRecipient.objects.filter(event__topic=message.topic).exclude(event_id=message.event_id)
    assert {r.user_id for r in later} == first  # the update and the close, to the same people


def test_a_closed_message_takes_no_update_and_no_second_close(client, police_world, key):
    message_id = send(client, key)["id"]
    post(client, f"/dispatches/{message_id}/close", {"outcome": "niet_gevonden"}, key)
    response = post(client, f"/dispatches/{message_id}/close", {"outcome": "aangehouden"}, key)
    assert response.status_code == 400
    assert response.json()["errors"]["outcome"] == ["Dit bericht is al beëindigd."]
    response = post(client, f"/dispatches/{message_id}/updates", {"text": "Nog iets."}, key)
    assert response.status_code == 400 and "al beëindigd" in response.json()["detail"]
    assert PoliceMessage.objects.get().outcome == "niet_gevonden" and not PoliceUpdate.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"outcome": "gevlucht"}, "outcome", "Kies hoe het is afgelopen."),
        ({"outcome": "anders"}, "text", "Schrijf hoe het is afgelopen."),
        ({"outcome": "aangehouden", "reden": "x"}, "reden", "Dit veld kennen we niet."),
    ],
)
def test_a_bad_close_is_refused_on_its_field(client, police_world, key, body, field, says):
    message_id = send(client, key)["id"]
    response = post(client, f"/dispatches/{message_id}/close", body, key)
    assert response.status_code == 400
    assert says in response.json()["errors"][field]
    assert PoliceMessage.objects.get().status == MessageStatus.OPEN


# --- keys ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "says"),
    [
        (None, "Geef de sleutel van uw meldkamerkoppeling mee"),
        ("Token bwp_abc", "niet de juiste vorm"),
        ("Bearer geheim", "niet de juiste vorm"),
        ("Bearer bwp_" + "A" * 43, "Deze sleutel kennen we niet"),
        ("revoked", "Deze sleutel is ingetrokken"),
    ],
)
def test_no_malformed_unknown_or_revoked_key_is_401_and_writes_nothing(client, police_world, key, header, says):
    message_id = send(client, key)["id"]
    if header == "revoked":
        token_revoke(token=PoliceToken.objects.get())
        header = f"Bearer {key}"
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    calls = [
        post(client, "/dispatches", dispatch_body(), **headers),
        post(client, "/area-alerts", dispatch_body(), **headers),
        get(client, f"/dispatches/{message_id}", **headers),
        post(client, f"/dispatches/{message_id}/updates", {"text": "Nog iets."}, **headers),
        post(client, f"/dispatches/{message_id}/close", {"outcome": "aangehouden"}, **headers),
    ]
    for response in calls:
        assert response.status_code == 401
        assert says in response.json()["detail"]
    assert PoliceMessage.objects.count() == 1 and not PoliceUpdate.objects.exists()
    assert PoliceMessage.objects.get().is_open


def test_a_control_room_system_needs_no_csrf_token(police_world, key):
    system = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token: the key is the credential
    assert post(system, "/dispatches", dispatch_body(), key).status_code == 201


def test_a_police_officers_session_does_not_open_the_api(client, police_world):
    login_with_second_factor(client, police_world.officer)
    response = post(client, "/dispatches", dispatch_body())
    assert response.status_code == 401 and "Authorization: Bearer" in response.json()["detail"]
    assert not PoliceMessage.objects.exists()


def test_a_place_outside_the_keys_gemeenten_is_403(client, police_world, key, far_key):
    response = post(client, "/dispatches", dispatch_body(), far_key)
    assert response.status_code == 403
    assert response.json()["detail"] == "Deze plek ligt buiten de gemeenten waarvoor u berichten mag sturen."
    response = post(client, "/area-alerts", dispatch_body(lat=FAR[1], lon=FAR[0]), key)
    assert response.status_code == 403
    assert not PoliceMessage.objects.exists()


def test_buurten_outside_the_keys_gemeenten_are_403_even_with_the_place_inside(client, police_world, key, far_key):
    far_buurt = PoliceMessage._meta.get_field("buurten").related_model.objects.get(code="BU99030000")
    body = dispatch_body(radius_m=None, buurten=[far_buurt.code])
    assert post(client, "/area-alerts", body, key).status_code == 403
    assert not PoliceMessage.objects.exists()


def test_another_regions_messages_are_not_found(client, police_world, key, far_key):
    message_id = send(client, key)["id"]
    assert get(client, f"/dispatches/{message_id}", far_key).status_code == 404
    assert post(client, f"/dispatches/{message_id}/updates", {"text": "Nog iets."}, far_key).status_code == 404
    response = post(client, f"/dispatches/{message_id}/close", {"outcome": "aangehouden"}, far_key)
    assert response.status_code == 404 and "Niet gevonden" in response.json()["detail"]
    assert PoliceMessage.objects.get().is_open and not PoliceUpdate.objects.exists()


def test_a_dispatch_is_not_an_area_alert(client, police_world, key):
    message_id = send(client, key)["id"]
    assert get(client, f"/area-alerts/{message_id}", key).status_code == 404
    assert post(client, f"/area-alerts/{message_id}/close", {"outcome": "aangehouden"}, key).status_code == 404
    assert PoliceMessage.objects.get().is_open


def test_each_key_has_its_own_rate_limit(client, police_world, key, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "police_api": "2/m"}
    other_key = make_key(police_world.town.gemeente, label="Meldkamer Reserve")[1]
    assert [get(client, "/dispatches/999", key).status_code for _ in range(2)] == [404, 404]
    response = post(client, "/dispatches", dispatch_body(), key)
    assert response.status_code == 429
    assert "U heeft dit te vaak geprobeerd. Probeer het over ongeveer" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert not PoliceMessage.objects.exists()
    assert post(client, "/dispatches", dispatch_body(), other_key).status_code == 201


# --- bad input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"kind": "brand"}, "kind", "Kies wat er aan de hand is."),
        ({"radius_m": 50}, "radius_m", "Kies een straal van 100 tot 5.000 meter."),
        ({"radius_m": 6000}, "radius_m", "Kies een straal van 100 tot 5.000 meter."),
        ({"lat": 40.0}, "place", "Deze plek ligt niet in Nederland."),
        ({"lat": "noord"}, "lat", "Geef een getal."),
        ({"radius": 1.5}, "radius", "Dit veld kennen we niet."),
        ({"buurten": ["BU00000000"], "radius_m": None}, "buurten", "Deze buurtcodes kennen we niet: BU00000000."),
        ({"buurten": ["BU99010000"]}, "buurten", "Geef een straal (radius_m) of buurten, niet allebei."),
        ({"text": "", "signalement": {}}, "text", "Beschrijf wat de mensen moeten zoeken"),
        ({"signalement": {"dier": {"soort": "hond"}}}, "signalement", "alleen person en vehicle"),
        ({"signalement": {"vehicle": {"plate": "ZZ-99-ZZ-99"}}}, "signalement.vehicle.plate", "kenteken"),
        ({"signalement": {"person": {"hat": "pet"}}}, "signalement.person", "kent deze gegevens niet: hat"),
        ({"signalement": {"person": {"height": "190"}}}, "signalement.person.height", "Kies"),
    ],
)
def test_bad_input_is_refused_on_its_field_in_dutch_and_writes_nothing(client, police_world, key, fields, field, says):
    response = post(client, "/dispatches", dispatch_body(**fields), key)
    assert response.status_code == 400, response.content
    data = response.json()
    assert any(says in message for message in data["errors"][field]), data
    assert says.split(":")[0] in data["detail"] or field.startswith("signalement.")
    assert not PoliceMessage.objects.exists()


def test_a_body_that_is_not_json_is_refused(client, police_world, key):
    response = post(client, "/dispatches", "{kind: woninginbraak", key)
    assert response.status_code == 400 and "geen geldige JSON" in response.json()["detail"]
    response = post(client, "/dispatches", "kind=woninginbraak", key, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and "application/cap+xml" in response.json()["detail"]
    response = post(client, "/dispatches", ["woninginbraak"], key)
    assert response.status_code == 400
    assert not PoliceMessage.objects.exists()


# --- the documentation -----------------------------------------------------------------------------------------


def test_the_openapi_document_shows_the_endpoints_with_json_and_cap(client):
    spec = client.get("/api/v1/openapi.json").json()
    create = spec["paths"]["/api/v1/police/dispatches"]["post"]
    assert set(create["requestBody"]["content"]) == {"application/json", "application/cap+xml"}
    assert create["requestBody"]["content"]["application/json"]["schema"]["properties"]["kind"]["enum"][0] == (
        "woninginbraak"
    )
    assert {"400", "401", "403", "429"} <= set(create["responses"])
    detail = spec["paths"]["/api/v1/police/area-alerts/{message_id}"]["get"]
    assert "application/cap+xml" in detail["responses"]["200"]["content"]
    assert any(scheme.get("scheme") == "bearer" for scheme in spec["components"]["securitySchemes"].values())
    assert client.get("/api/v1/docs").status_code == 200
    assert json.dumps(spec).count("/api/v1/police/") == 8
