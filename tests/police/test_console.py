"""The police console (/politie/): who gets in, the composer and its refusals (in Dutch, beside the field, with
nothing written), the reach preview, the message page with its receipts, updates, the close and the tips."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from buurtwacht.accounts.models import RoleKind
from buurtwacht.police import services
from buurtwacht.police.models import MessageStatus, PoliceMessage, PoliceUpdate
from tests.factories import AddressFactory, UserFactory, login_with_second_factor, make_member, make_role, make_town
from tests.police.conftest import HERE, message_input

pytestmark = pytest.mark.django_db(transaction=True)


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def composer_data(**fields) -> dict:
    data = {
        "kind": "dispatch",
        "incident": "woninginbraak",
        "lat": f"{HERE[1]:.6f}",
        "lon": f"{HERE[0]:.6f}",
        "postcode": "",
        "huisnummer": "",
        "area": "cirkel",
        "radius_m": "1000",
        "description": "Verdachte vlucht te voet richting het park.",
        "person-sex": "man",
        "person-clothing": "donkerblauwe jas, witte sneakers",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def officer_client(client, police_world):
    login_with_second_factor(client, police_world.officer)
    return client


@pytest.fixture
def sent(police_world):
    return services.message_send(sender=police_world.sender, data=message_input())


# --- who gets in -------------------------------------------------------------------------------------------------


def _persona(client, world, name: str):
    """Sign in as one of the people around the console; returns None for the anonymous visitor."""
    if name == "anonymous":
        return None
    if name == "police_before_second_factor":
        client.force_login(world.officer)
        return world.officer
    if name == "police":
        login_with_second_factor(client, world.officer)
        return world.officer
    user = {
        "resident": lambda: world.resident_in,
        "member": lambda: world.near_members[0],
        "admin": lambda: world.near_admins[0],
    }.get(name, lambda: None)()
    if user is None:
        user = UserFactory(first_name=name)
        if name == "municipal_staff":
            make_role(user, RoleKind.MUNICIPAL, world.town.gemeente)
        elif name == "police_elsewhere":
            make_role(user, RoleKind.MELDKAMER, make_town(code="9902", name="Anderdorp").gemeente)
    if user.needs_second_factor:
        login_with_second_factor(client, user)
    else:
        client.force_login(user)
    return user


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return location.startswith(("/account/inloggen/", reverse("accounts:otp_setup"), reverse("accounts:otp_verify")))


MESSAGE_ROUTES = ["console:message", "console:receipts", "console:tips"]
REFUSED_EVERYWHERE = ["anonymous", "resident", "member", "admin", "municipal_staff", "police_before_second_factor"]


@pytest.mark.parametrize("persona", [*REFUSED_EVERYWHERE, "police_elsewhere", "police"])
@pytest.mark.parametrize("route", MESSAGE_ROUTES)
def test_a_message_of_the_gemeente_is_for_its_police_only(client, police_world, sent, persona, route):
    _persona(client, police_world, persona)
    response = client.get(reverse(route, args=[sent.pk]))
    if persona == "police":
        assert response.status_code == 200
    else:
        assert _refused(response), f"{route} as {persona}: {response.status_code}"


@pytest.mark.parametrize("persona", [*REFUSED_EVERYWHERE, "police_elsewhere", "police"])
@pytest.mark.parametrize("route", ["console:update", "console:close"])
def test_only_the_police_of_the_gemeente_change_a_message(client, police_world, sent, persona, route):
    _persona(client, police_world, persona)
    response = client.post(
        reverse(route, args=[sent.pk]), {"text": "Vlucht richting station.", "close-outcome": "aangehouden"}
    )
    if persona == "police":
        assert response.status_code == 302
    else:
        assert _refused(response), f"{route} as {persona}: {response.status_code}"
        assert not PoliceUpdate.objects.exists()
        assert PoliceMessage.objects.get().status == MessageStatus.OPEN


@pytest.mark.parametrize("persona", REFUSED_EVERYWHERE)
@pytest.mark.parametrize("route", ["console:home", "console:compose", "console:reach"])
def test_the_console_refuses_everyone_without_a_police_role(client, police_world, persona, route):
    _persona(client, police_world, persona)
    response = client.get(reverse(route), {"lat": HERE[1], "lon": HERE[0]})
    assert _refused(response), f"{route} as {persona}: {response.status_code}"


def test_police_of_another_gemeente_see_none_of_its_messages_and_cannot_send_there(client, police_world, sent):
    _persona(client, police_world, "police_elsewhere")
    home = client.get(reverse("console:home"))
    assert home.status_code == 200 and sent.location_text not in home.content.decode()
    reach = client.get(reverse("console:reach"), composer_data())
    assert reach.status_code == 403
    assert "buiten de gemeenten" in reach.json()["refusals"]["place"][0]
    response = client.post(reverse("console:compose"), composer_data())
    assert response.status_code == 200
    assert "buiten de gemeenten waarvoor u berichten mag sturen" in response.content.decode()
    assert PoliceMessage.objects.count() == 1


def test_the_nav_shows_politie_to_the_police_only(client, police_world):
    _persona(client, police_world, "member")
    assert reverse("console:home") not in client.get(reverse("core:home")).content.decode()
    client.logout()
    login_with_second_factor(client, police_world.officer)
    assert f'href="{reverse("console:home")}"' in client.get(reverse("core:home")).content.decode()


# --- the list and the composer -----------------------------------------------------------------------------------


def test_the_list_shows_open_messages_first_with_their_reach(officer_client, police_world):
    w = police_world
    closed = services.message_send(sender=w.sender, data=message_input(incident="overval"))
    services.message_close(sender=w.sender, message=closed, outcome="aangehouden")
    services.message_send(sender=w.sender, data=message_input(incident="straatroof"))
    page = officer_client.get(reverse("console:home")).content.decode()
    assert page.index("Straatroof") < page.index("Overval")
    assert "2 beheerders van 1 groep" in page
    assert "Wim Wijkagent" in page and "Aangehouden" in page


def test_a_dispatch_sent_from_the_composer_lands_on_its_page(officer_client, police_world):
    response = officer_client.post(reverse("console:compose"), composer_data())
    message = PoliceMessage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("console:message", args=[message.pk])
    assert message.kind == "dispatch" and message.radius_m == 1000 and message.sender == police_world.officer
    assert message.person["clothing"] == "donkerblauwe jas, witte sneakers"
    page = officer_client.get(response["Location"]).content.decode()
    assert "Verstuurd naar 2 beheerders van 1 groep." in page
    assert "Heeft u informatie? Bel 112." in page


def test_an_area_alert_over_chosen_buurten(officer_client, police_world):
    w = police_world
    buurt = w.town.buurten[(0, 0)]
    data = composer_data(kind="area_alert", area="buurten", buurten=[buurt.code], radius_m="")
    officer_client.post(reverse("console:compose"), data)
    message = PoliceMessage.objects.get()
    assert list(message.buurten.all()) == [buurt] and message.radius_m is None
    assert message.reach["residents"] == 1  # resident_in lives in buurt (0, 0); resident_out far away


def test_an_address_instead_of_a_pin(officer_client, police_world):
    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=HERE[0], lat=HERE[1])
    officer_client.post(reverse("console:compose"), composer_data(lat="", lon="", postcode="9901 ab", huisnummer="12"))
    message = PoliceMessage.objects.get()
    assert message.location_text == "Molenweg, Proefdorp"


@pytest.mark.parametrize(
    ("fields", "field", "dutch"),
    [
        ({"lat": "", "lon": ""}, "lat", "Geef aan waar het is"),
        ({"lat": "", "lon": "", "postcode": "99", "huisnummer": "12"}, "postcode", "postcode"),
        ({"lat": "", "lon": "", "postcode": "9901AB", "huisnummer": "404"}, "huisnummer", "We kennen geen adres"),
        ({"lat": "40.0", "lon": "-3.7"}, "lat", "Deze plek ligt niet in Nederland"),
        ({"radius_m": "50"}, "radius_m", "Kies een straal van 100 tot 5.000 meter"),
        ({"radius_m": "9000"}, "radius_m", "Kies een straal van 100 tot 5.000 meter"),
        ({"radius_m": "een km"}, "radius_m", "Kies een straal van 100 tot 5.000 meter"),
        ({"area": "buurten"}, "buurten", "Kies een of meer buurten"),
        ({"area": "buurten", "buurten": ["BU99999999"]}, "buurten", "Kies buurten uit de lijst"),
        ({"kind": ""}, "kind", "Kies: bericht aan beheerders of buurtalert aan bewoners"),
        ({"incident": "brand"}, "incident", "Kies wat er aan de hand is"),
        ({"description": "", "person-sex": None, "person-clothing": None}, "description", "Beschrijf wat de mensen"),
        (
            {"description": "", "person-sex": None, "person-clothing": None, "person-skin": "donker"},
            "description",
            "huidskleur",
        ),
        ({"vehicle-plate": "XYZ"}, "vehicle-plate", "kenteken"),
    ],
)
def test_the_composer_refuses_per_field_in_dutch_and_writes_nothing(officer_client, police_world, fields, field, dutch):
    response = officer_client.post(reverse("console:compose"), composer_data(**fields))
    assert response.status_code == 200
    assert not PoliceMessage.objects.exists()
    form = response.context["vehicle_form" if field.startswith("vehicle") else "form"]
    name = field.removeprefix("vehicle-")
    errors = " ".join(form.errors.get(name, []))
    assert dutch.lower() in errors.lower(), form.errors


def test_a_photo_of_a_missing_person_needs_the_familys_consent(officer_client, police_world):
    photo = SimpleUploadedFile("kind.jpg", jpeg(), content_type="image/jpeg")
    response = officer_client.post(reverse("console:compose"), {**composer_data(incident="vermissing"), "photo": photo})
    assert "toestemming van de familie" in " ".join(response.context["form"].errors["family_consent"])
    assert not PoliceMessage.objects.exists()
    photo = SimpleUploadedFile("kind.jpg", jpeg(), content_type="image/jpeg")
    data = {**composer_data(incident="vermissing", family_consent="on"), "photo": photo}
    officer_client.post(reverse("console:compose"), data)
    message = PoliceMessage.objects.get()
    assert message.photo and message.family_consent
    served = officer_client.get(reverse("console:photo", args=[message.pk]))
    assert served.status_code == 200 and served["Cache-Control"] == "private, no-store"


def test_a_file_that_is_no_photo_is_refused_on_the_photo(officer_client, police_world):
    photo = SimpleUploadedFile("kind.jpg", b"geen foto", content_type="image/jpeg")
    response = officer_client.post(reverse("console:compose"), {**composer_data(), "photo": photo})
    assert response.context["form"].errors["photo"]
    assert not PoliceMessage.objects.exists()


def test_buurten_of_another_gemeente_are_refused_by_the_service(police_world):
    other = make_town(code="9903", name="Buurdorp")
    data = message_input(buurten=[other.buurten[(0, 0)].code], radius_m=None)
    with pytest.raises(PermissionDenied):
        services.message_send(sender=police_world.sender, data=data)
    assert not PoliceMessage.objects.exists()


# --- the reach preview -------------------------------------------------------------------------------------------


def test_the_reach_preview_counts_groups_admins_and_channels(officer_client, police_world):
    w = police_world
    make_member(w.near, admin=True)
    w.far.police_messages = False  # outside the circle: not counted at all
    w.far.save()
    answer = officer_client.get(reverse("console:reach"), composer_data()).json()
    counts = answer["counts"]
    assert counts["groups"] == 1 and counts["groups_off"] == 0 and counts["admins"] == 3
    assert counts["residents"] == 0  # a dispatch reaches no residents
    assert counts["reachable_email"] == 3 and counts["reachable_push"] == 0 and counts["reachable_live"] == 0
    assert [g["name"] for g in answer["groups"]] == ["Buurtpreventie Molenhoek"]
    assert answer["groups"][0]["area"]["type"] == "Polygon"
    assert answer["area"]["type"] == "Polygon"
    assert answer["text"].startswith("Bericht van de politie.")
    assert answer["text"].endswith("Heeft u informatie? Bel 112.")
    assert answer["refusals"] == {}
    assert not PoliceMessage.objects.exists()


def test_the_reach_preview_never_names_members_or_addresses(officer_client, police_world):
    w = police_world
    body = officer_client.get(reverse("console:reach"), composer_data(kind="area_alert")).content.decode()
    people = [*w.near_admins, *w.near_members, w.resident_in]
    for person in people:
        assert person.email not in body and person.first_name not in body
    assert "Molenweg" not in body or "Molenweg" in json.loads(body)["text"]  # the street only, in the text


def test_the_reach_preview_counts_residents_and_groups_that_turned_police_messages_off(officer_client, police_world):
    w = police_world
    w.near.police_messages = False
    w.near.save()
    answer = officer_client.get(reverse("console:reach"), composer_data(kind="area_alert")).json()
    assert answer["summary"] == "Dit buurtalert gaat naar 1 bewoner."
    counts = answer["counts"]
    assert counts["residents"] == 1 and counts["reachable_email"] == 1
    assert counts["groups"] == 0 and counts["groups_off"] == 1


def test_the_reach_preview_says_what_is_still_missing(officer_client, police_world):
    answer = officer_client.get(
        reverse("console:reach"), composer_data(description="", **{"person-sex": None, "person-clothing": None})
    ).json()
    assert answer["counts"]["admins"] == 2
    assert answer["text"] == ""
    assert "Beschrijf wat de mensen" in answer["refusals"]["description"][0]


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"lat": "", "lon": ""}, "place"),
        ({"radius_m": "7000"}, "radius_m"),
        ({"lat": "", "lon": "", "postcode": "9901AB", "huisnummer": "404"}, "house_number"),
    ],
)
def test_the_reach_preview_refuses_a_place_or_area_per_field(officer_client, police_world, fields, key):
    response = officer_client.get(reverse("console:reach"), composer_data(**fields))
    assert response.status_code == 400
    assert key in response.json()["refusals"]


# --- one message: receipts, updates, the close, tips -------------------------------------------------------------


def test_the_receipts_json_counts_per_group_and_names_no_member(officer_client, police_world, sent):
    w = police_world
    admin = w.near_admins[0]
    services.message_seen(message=sent, user=admin)
    forward = services.message_forward(message=sent, group=w.near, user=admin, channel="groep")
    services.member_mark(forward=forward, user=w.near_members[0], kind="112")
    response = officer_client.get(reverse("console:receipts", args=[sent.pk]))
    receipts = response.json()
    assert receipts["recipients"] == 2 and receipts["seen"] == 1
    assert receipts["seconds_to_first_seen"] is not None and receipts["seconds_to_first_forward"] is not None
    (group,) = receipts["groups"]
    assert group["name"] == "Buurtpreventie Molenhoek" and group["admins"] == 2 and group["seen"] == 1
    assert group["forwards"][0]["channel"] == "groep"
    assert group["members"]["recipients"] == 3 and group["called_112"] == 1
    body = response.content.decode()
    for person in [*w.near_admins, *w.near_members]:
        assert person.email not in body and person.first_name not in body


def test_the_message_page_shows_the_text_the_map_and_the_receipts(officer_client, police_world, sent):
    page = officer_client.get(reverse("console:message", args=[sent.pk])).content.decode()
    assert "Bericht van de politie." in page and "Heeft u informatie? Bel 112." in page
    assert 'id="message-area"' in page and 'id="message-receipts"' in page
    assert reverse("console:receipts", args=[sent.pk]) in page


def test_an_update_and_the_close(officer_client, police_world, sent):
    url = reverse("console:update", args=[sent.pk])
    refused = officer_client.post(url, {"text": "   "})
    assert refused.status_code == 400 and "Schrijf de aanvulling." in refused.content.decode()
    assert officer_client.post(url, {"text": "Vlucht richting station."}).status_code == 302
    assert PoliceUpdate.objects.get().text == "Vlucht richting station."
    close = reverse("console:close", args=[sent.pk])
    refused = officer_client.post(close, {"close-outcome": "anders", "close-text": ""})
    assert refused.status_code == 400 and "Schrijf hoe het is afgelopen." in refused.content.decode()
    assert (
        officer_client.post(close, {"close-outcome": "aangehouden", "close-text": "Bij het station."}).status_code
        == 302
    )
    sent.refresh_from_db()
    assert sent.status == MessageStatus.CLOSED and sent.outcome == "aangehouden"
    assert sent.closed_by_name == "Wim Wijkagent"
    again = officer_client.post(url, {"text": "Nog iets."})
    assert again.status_code == 400 and "al beëindigd" in again.content.decode()
    assert PoliceUpdate.objects.count() == 1


def test_the_police_read_tips_with_the_tippers_first_name_and_phone(officer_client, police_world):
    w = police_world
    w.resident_in.phone = "06 12345678"
    w.resident_in.last_name = "Achternaam-die-niet-getoond-wordt"
    w.resident_in.save()
    alert = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    photo = SimpleUploadedFile("tip.jpg", jpeg(), content_type="image/jpeg")
    tip = services.tip_send(message=alert, user=w.resident_in, text_="Ik zag hem bij de bakker.", photo=photo)
    page = officer_client.get(reverse("console:message", args=[alert.pk])).content.decode()
    assert "Ik zag hem bij de bakker." in page
    assert "Ineke" in page and "06 12345678" in page
    assert "Achternaam-die-niet-getoond-wordt" not in page
    fragment = officer_client.get(reverse("console:tips", args=[alert.pk])).content.decode()
    assert 'data-tip-count="1"' in fragment
    photo_url = reverse("console:tip_photo", args=[alert.pk, tip.pk])
    assert officer_client.get(photo_url).status_code == 200
    officer_client.logout()
    _persona(officer_client, w, "resident")
    assert officer_client.get(photo_url).status_code == 403


def test_a_sender_of_another_gemeente_cannot_reach_a_message_by_its_number(client, police_world, sent):
    other = make_town(code="9904", name="Verdorp")
    outsider = UserFactory()
    make_role(outsider, RoleKind.WIJKAGENT, other.gemeente)
    login_with_second_factor(client, outsider)
    assert client.get(reverse("console:photo", args=[sent.pk])).status_code == 403
    assert client.get(reverse("console:message", args=[sent.pk])).status_code == 403


def test_an_anonymised_message_keeps_showing_the_counts_it_kept(officer_client, police_world, sent, settings):
    import datetime as dt

    from django.utils import timezone

    from buurtwacht.police.retention import messages_anonymise

    services.message_seen(message=sent, user=police_world.near_admins[0])
    services.message_close(sender=police_world.sender, message=sent, outcome="niet_gevonden")
    assert messages_anonymise(now=timezone.now() + dt.timedelta(days=settings.ALERT_ANONYMISE_DAYS + 1)) == 1
    receipts = officer_client.get(reverse("console:receipts", args=[sent.pk])).json()
    assert receipts["recipients"] == 2 and receipts["seen"] == 1
    assert officer_client.get(reverse("console:message", args=[sent.pk])).status_code == 200


def test_the_composer_map_opens_on_the_officers_own_gemeente(client, police_world):
    from tests.factories import login_with_second_factor

    login_with_second_factor(client, police_world.officer)
    page = client.get("/politie/nieuw/").content.decode()
    g = police_world.town.gemeente
    assert f'data-bounds="{g.min_lat:.5f},{g.min_lon:.5f},{g.max_lat:.5f},{g.max_lon:.5f}"' in page
