"""One answer on every channel: the same bad input, given to the service directly, posted through the composer and
sent to the JSON API, is refused with the same Dutch message on the same field, and nothing is stored."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from buurtwacht.alerts import services
from buurtwacht.alerts.models import Alert
from tests.alerts.neighbours import SPOT, alert_input, make_neighbours

pytestmark = pytest.mark.django_db

LON, LAT = SPOT
FAR = (LON + 0.1, LAT + 0.1)  # about 13 km away: another town's streets

# name -> (the input, as the service, the composer and the API take it; the field that is refused)
CASES = {
    "abusive description": (
        {"description": "Die kankerlijer bij de achterdeur"},
        {"description": "Die kankerlijer bij de achterdeur"},
        {"description": "Die kankerlijer bij de achterdeur"},
        "description",
    ),
    "abusive clothing": (
        {"person": {"clothing": "kankerlijer-jas"}},
        {"person-clothing": "kankerlijer-jas"},
        {"person": {"clothing": "kankerlijer-jas"}},
        "person.clothing",
    ),
    "unknown signalement key": (
        {"person": {"clothing": "rode jas", "eyes": "blauw"}},
        {"person-clothing": "rode jas", "person-eyes": "blauw"},
        {"person": {"clothing": "rode jas", "eyes": "blauw"}},
        "person",
    ),
    "bad plate": (
        {"vehicle": {"plate": "not a plate !!"}},
        {"vehicle-plate": "not a plate !!"},
        {"vehicle": {"plate": "not a plate !!"}},
        "vehicle.plate",
    ),
    "skin colour alone": (
        {"description": "Een man", "person": {"skin": "donker"}},
        {"description": "Een man", "person-skin": "donker"},
        {"description": "Een man", "person": {"skin": "donker"}},
        "description",
    ),
    "far from the area": (
        {"lon": FAR[0], "lat": FAR[1]},
        {"lon": str(FAR[0]), "lat": str(FAR[1])},
        {"lon": FAR[0], "lat": FAR[1]},
        "place",
    ),
    "the police call missing": ({"police_call": ""}, {"police_call": ""}, {"police_call": ""}, "police_call"),
}


@pytest.fixture
def hood(town):
    return make_neighbours()


def service_messages(hood, data: dict) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        services.alert_create(group=hood.group, author=hood.bram, data=alert_input(**data))
    return refused.value.message_dict


def composer_messages(client, hood, data: dict) -> tuple[dict[str, list[str]], str]:
    post = {
        "kind": "inbraak",
        "lat": str(LAT),
        "lon": str(LON),
        "police_call": "112",
        "location_text": "Molenweg 12",
        "description": "Man met koevoet bij de achterdeur van nummer 12.",
    } | data
    response = client.post(reverse("alerts:compose", args=[hood.group.slug]), post)
    assert response.status_code == 200
    form, person, vehicle = (response.context[name] for name in ("form", "person_form", "vehicle_form"))
    shown = {name: list(errors) for name, errors in form.errors.items()}
    shown |= {f"person.{name}".replace(".__all__", ""): list(errors) for name, errors in person.errors.items()}
    shown |= {f"vehicle.{name}".replace(".__all__", ""): list(errors) for name, errors in vehicle.errors.items()}
    if "lat" in shown:
        shown["place"] = shown.pop("lat")  # the place's refusal shows beside "Waar?", with the hidden point
    if "when" in shown:
        shown["happened_at"] = shown.pop("when")
    return shown, response.content.decode()


def api_messages(client, hood, data: dict) -> tuple[dict[str, list[str]], str]:
    body = {
        "kind": "inbraak",
        "lat": LAT,
        "lon": LON,
        "police_call": "112",
        "location_text": "Molenweg 12",
        "description": "Man met koevoet bij de achterdeur van nummer 12.",
    } | data
    response = client.post(
        f"/api/v1/groups/{hood.group.pk}/alerts", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    return response.json()["errors"], response.json()["detail"]


@pytest.mark.parametrize("case", CASES)
def test_the_same_bad_input_gets_the_same_dutch_message_on_the_same_field_everywhere(client, hood, case):
    direct, form_data, api_data, field = CASES[case]
    client.force_login(hood.bram)

    by_service = service_messages(hood, direct)
    by_composer, page = composer_messages(client, hood, form_data)
    by_api, detail = api_messages(client, hood, api_data)

    assert list(by_service) == [field], by_service
    assert by_composer == by_service
    assert by_api == by_service
    for message in by_service[field]:
        assert message in detail
        assert escape(message) in page
    assert not Alert.objects.exists()


def test_a_good_signalement_is_stored_as_the_service_keeps_it_from_every_channel(client, hood):
    client.force_login(hood.bram)
    direct = services.alert_create(
        group=hood.group, author=hood.bram, data=alert_input(vehicle={"plate": "12 bxr 3", "colour": "wit"})
    )
    answer = client.post(
        f"/api/v1/groups/{hood.group.pk}/alerts",
        data=json.dumps(
            {
                "kind": "vandalisme",
                "lat": LAT,
                "lon": LON,
                "police_call": "niet_nodig",
                "description": "Spiegels ingetrapt.",
                "vehicle": {"plate": "12 bxr 3", "colour": "wit"},
            }
        ),
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["vehicle"] == direct.vehicle == {"colour": "wit", "plate": "12-BXR-3"}
