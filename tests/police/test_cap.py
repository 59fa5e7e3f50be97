"""CAP 1.2 on the police API: Alert creates, Update adds an update, Cancel closes; the circle's radius is in
kilometres; every document is checked against the OASIS schema, and every message can be fetched as CAP that
passes the same schema and reads back to the same circle and text."""

from __future__ import annotations

import pytest

from buurtwacht.police.cap.read import cap_read, cap_validate
from buurtwacht.police.models import MessageStatus, PoliceMessage, PoliceUpdate
from tests.police.conftest import HERE
from tests.police.keys import CAP_TYPE, far_gemeente, get, make_key, post

pytestmark = pytest.mark.django_db

LAT, LON = HERE[1], HERE[0]


def cap(
    msg_type="Alert",
    *,
    references="",
    status="Actual",
    event="Woninginbraak",
    description="Verdachte vlucht te voet richting het park.",
    area=f"<circle>{LAT},{LON} 1.5</circle>",
    parameters=(("person.sex", "man"), ("person.clothing", "rode jas, zwarte broek")),
    info=True,
    note="",
    extra_info="",
) -> bytes:
    """A CAP 1.2 document as a control-room system writes it."""
    refs = f"<references>{references}</references>" if references else ""
    notes = f"<note>{note}</note>" if note else ""
    params = "".join(f"<parameter><valueName>{n}</valueName><value>{v}</value></parameter>" for n, v in parameters)
    body = (
        f"""<info><language>nl-NL</language><category>Security</category><event>{event}</event>
        <urgency>Immediate</urgency><severity>Moderate</severity><certainty>Observed</certainty>
        <headline>Woninginbraak Molenweg</headline><description>{description}</description>{params}
        <area><areaDesc>Molenweg, Proefdorp</areaDesc>{area}</area>{extra_info}</info>"""
        if info
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>MK-MN-2024-0815</identifier><sender>meldkamer@politie.example</sender>
  <sent>2024-05-01T21:14:03+02:00</sent><status>{status}</status><msgType>{msg_type}</msgType>
  <scope>Public</scope>{notes}{refs}{body}
</alert>""".encode()


def ref(message_id: int) -> str:
    return f"buurtwacht@127.0.0.1,buurtwacht-police-{message_id},2024-05-01T21:14:05+02:00"


@pytest.fixture
def key(police_world) -> str:
    return make_key(police_world.town.gemeente)[1]


def send(client, key, path="/dispatches", document=None) -> int:
    response = post(client, path, document or cap(), key, content_type=CAP_TYPE)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_a_cap_alert_sends_a_dispatch_with_the_radius_turned_into_metres(client, police_world, key):
    response = post(client, "/dispatches", cap(), key, content_type=CAP_TYPE)
    assert response.status_code == 201
    assert response.json()["reach"] == {"groups": 1, "groups_off": 0, "admins": 2}
    message = PoliceMessage.objects.get()
    assert (message.kind, message.incident, message.radius_m) == ("dispatch", "woninginbraak", 1500)
    assert (message.lat, message.lon) == (LAT, LON)
    assert message.description == "Verdachte vlucht te voet richting het park."
    assert message.person == {"sex": "man", "clothing": "rode jas, zwarte broek"}


def test_a_cap_alert_sends_an_area_alert_to_the_residents_inside(client, police_world, key):
    response = post(client, "/area-alerts", cap(event="Verdacht voertuig", parameters=()), key, content_type=CAP_TYPE)
    assert response.status_code == 201 and response.json()["reach"] == {"residents": 1}
    assert PoliceMessage.objects.get().incident == "verdacht_voertuig"


def test_buurten_come_as_cbs_geocodes_with_the_place_as_a_circle_of_radius_zero(client, police_world, key):
    buurt = police_world.town.buurten[(0, 0)]
    geocode = f"<geocode><valueName>CBS-buurtcode</valueName><value>{buurt.code}</value></geocode>"
    area = f"<circle>{LAT},{LON} 0</circle>{geocode}"
    send(client, key, "/area-alerts", cap(area=area))
    message = PoliceMessage.objects.get()
    assert message.radius_m is None and list(message.buurten.all()) == [buurt]


def test_a_cap_update_adds_its_description_as_an_update(client, police_world, key):
    message_id = send(client, key)
    update = cap("Update", references=ref(message_id), description="Verdachte gezien bij het station.")
    response = post(client, f"/dispatches/{message_id}/updates", update, key, content_type=CAP_TYPE)
    assert response.status_code == 201
    assert PoliceUpdate.objects.get().text == "Verdachte gezien bij het station."
    # Sent to the create address, an Update finds its message by <references> too.
    again = cap("Update", references=ref(message_id), description="Nu richting de snelweg.")
    assert post(client, "/dispatches", again, key, content_type=CAP_TYPE).status_code == 200
    assert PoliceUpdate.objects.count() == 2


def test_a_cap_cancel_closes_with_beeindigd_and_its_note(client, police_world, key):
    message_id = send(client, key)
    cancel = cap("Cancel", references=ref(message_id), info=False, note="Zoekactie gestaakt.")
    response = post(client, f"/dispatches/{message_id}/close", cancel, key, content_type=CAP_TYPE)
    assert response.status_code == 200
    message = PoliceMessage.objects.get()
    assert (message.status, message.outcome, message.outcome_text) == ("closed", "beeindigd", "Zoekactie gestaakt.")


def test_a_cap_cancel_may_name_the_outcome(client, police_world, key):
    message_id = send(client, key, "/area-alerts")
    cancel = cap("Cancel", references=ref(message_id), parameters=(("outcome", "aangehouden"),), description="")
    assert post(client, "/area-alerts", cancel, key, content_type=CAP_TYPE).status_code == 200
    assert PoliceMessage.objects.get().outcome == "aangehouden"


def test_an_update_or_cancel_must_name_this_message(client, police_world, key):
    message_id = send(client, key)
    other = send(client, key)
    response = post(
        client, f"/dispatches/{message_id}/updates", cap("Update", references=ref(other)), key, content_type=CAP_TYPE
    )
    assert response.status_code == 400 and "references" in response.json()["errors"]
    response = post(
        client,
        "/dispatches",
        cap("Update", references="meldkamer,MK-1,2024-05-01T21:14:03+02:00"),
        key,
        content_type=CAP_TYPE,
    )
    assert response.status_code == 400 and "references" in response.json()["errors"]
    cancel = cap("Cancel", references=ref(message_id), info=False)
    response = post(client, f"/dispatches/{message_id}/updates", cancel, key, content_type=CAP_TYPE)
    assert response.status_code == 400 and "Update" in response.json()["errors"]["msgType"][0]
    assert not PoliceUpdate.objects.exists()
    assert not PoliceMessage.objects.filter(status=MessageStatus.CLOSED).exists()


@pytest.mark.parametrize(
    ("document", "field", "says"),
    [
        (b"dit is geen xml", "cap", "geen leesbare XML"),
        (cap().replace(b"<scope>Public</scope>", b""), "cap", "geen geldig CAP 1.2-bericht volgens het OASIS-schema"),
        (cap(msg_type="Alarm"), "cap", "OASIS-schema"),
        (cap().replace(b"2024-05-01T21:14:03+02:00", b"gisteravond"), "cap", "OASIS-schema"),
        (cap().replace(b"cap:1.2", b"cap:1.1"), "cap", "Stuur CAP 1.2"),
        (cap(status="Exercise"), "status", "alleen echte berichten"),
        (cap(area=f"<circle>{LAT},{LON} 1500</circle>"), "area.circle", "in kilometers: 0.1 tot 5"),
        (cap(area=f"<circle>{LAT} {LON} 1.5</circle>"), "area.circle", "breedte,lengte straal"),
        (cap(area=f"<polygon>{LAT},{LON} {LAT},5.01 52.01,5.01 {LAT},{LON}</polygon>"), "area.polygon", "<polygon>"),
        (cap(event="Brand"), "info.event", "Kies wat er aan de hand is."),
        (cap(parameters=(("vehicle.plate", "ZZ-99-ZZ-99"),)), "info.parameter.vehicle.plate", "kenteken"),
        (cap(info=False), "info", "heeft een <info> nodig"),
    ],
)
def test_a_document_that_cannot_be_a_message_is_refused_in_dutch(client, police_world, key, document, field, says):
    response = post(client, "/dispatches", document, key, content_type=CAP_TYPE)
    assert response.status_code == 400, response.content
    data = response.json()
    assert any(says in message for message in data["errors"][field]), data
    assert not PoliceMessage.objects.exists()


def test_entities_are_not_expanded(client, police_world, key, tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM")
    document = cap(description="&xxe;").replace(
        b"<alert", f'<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file://{secret}">]><alert'.encode(), 1
    )
    response = post(client, "/dispatches", document, key, content_type=CAP_TYPE)
    assert response.status_code == 400 and "GEHEIM" not in response.content.decode()
    assert not PoliceMessage.objects.exists()


def test_a_place_outside_the_keys_gemeenten_is_403_in_cap_too(client, police_world):
    gemeente, _buurt = far_gemeente()
    far_key = make_key(gemeente, label="Meldkamer Verweg")[1]
    assert post(client, "/dispatches", cap(), far_key, content_type=CAP_TYPE).status_code == 403
    assert not PoliceMessage.objects.exists()


# --- fetching as CAP ---------------------------------------------------------------------------------------------


def fetch(client, key, message_id, path="/dispatches") -> bytes:
    response = get(client, f"{path}/{message_id}?format=cap", key)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    cap_validate(response.content)  # valid against the OASIS schema, or this raises
    return response.content


def test_the_round_trip_keeps_the_circle_in_kilometres_and_the_text(client, police_world, key):
    circle = f"<circle>{LAT},{LON} 0.25</circle>"
    message_id = send(client, key, document=cap(area=circle, parameters=(("vehicle.plate", "12-BXR-3"),)))
    document = fetch(client, key, message_id)
    assert f"<circle>{LAT:.6f},{LON:.6f} 0.25</circle>".encode() in document
    back = cap_read(document)
    assert (back.msg_type, back.lat, back.lon, back.radius_m) == ("Alert", LAT, LON, 250)
    assert back.incident == "woninginbraak"
    assert "Verdachte vlucht te voet richting het park." in back.description
    assert back.description.startswith("Bericht van de politie.")
    assert back.vehicle == {"plate": "12-BXR-3"}
    # Sent again as a new Alert, it makes the same circle.
    again = send(client, key, document=document)
    assert PoliceMessage.objects.get(pk=again).radius_m == 250


def test_the_cap_document_follows_the_message_from_alert_to_update_to_cancel(client, police_world, key):
    message_id = send(client, key, "/area-alerts", cap(event="Vermissing"))
    first = cap_read(fetch(client, key, message_id, "/area-alerts"))
    assert (first.msg_type, first.identifier) == ("Alert", f"buurtwacht-police-{message_id}")
    post(client, f"/area-alerts/{message_id}/updates", {"text": "Draagt een gele regenjas."}, key)
    update = cap_read(fetch(client, key, message_id, "/area-alerts"))
    assert update.msg_type == "Update" and update.references == (message_id,)
    assert "Aanvulling: Draagt een gele regenjas." in update.description
    post(client, f"/area-alerts/{message_id}/close", {"outcome": "terecht"}, key)
    document = fetch(client, key, message_id, "/area-alerts")
    end = cap_read(document)
    assert (end.msg_type, end.outcome, end.references) == ("Cancel", "terecht", (message_id,))
    assert b"<category>Rescue</category>" in document and b"<responseType>AllClear</responseType>" in document


def test_buurten_are_fetched_as_polygons_with_their_cbs_codes(client, police_world, key):
    buurt = police_world.town.buurten[(1, 1)]
    body = {"kind": "overval", "lat": 52.015, "lon": 5.015, "buurten": [buurt.code], "text": "Twee mannen, scooter."}
    message_id = post(client, "/dispatches", body, key).json()["id"]
    document = fetch(client, key, message_id)
    assert b"<polygon>" in document and f"<value>{buurt.code}</value>".encode() in document
    assert b"<severity>Severe</severity>" in document
    back = cap_read(document)
    assert back.buurten == (buurt.code,) and back.radius_m is None


def test_cap_is_also_given_for_the_accept_header(client, police_world, key):
    message_id = send(client, key)
    response = get(client, f"/dispatches/{message_id}", key, HTTP_ACCEPT="application/cap+xml")
    assert response["Content-Type"].startswith("application/cap+xml")
    assert get(client, f"/dispatches/{message_id}?format=pdf", key).status_code == 400
