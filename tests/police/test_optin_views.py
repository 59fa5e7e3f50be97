"""Residents switch police area alerts on for their home address and one more, with their channels, and off
again; the account page links to it. Police accounts have no such page: they are never the audience."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.police.models import AreaAlertOptIn
from tests.factories import AddressFactory, UserFactory, login_with_second_factor

pytestmark = pytest.mark.django_db

URL = "/account/buurtalerts/"


@pytest.fixture
def rita(town):
    """A resident in no group, with a home address; her work is another address in the table."""
    home = AddressFactory(street="Molenweg", number=12, postcode="9901AB")
    AddressFactory(street="Kerkstraat", number=5, postcode="9901AC")
    return UserFactory(first_name="Rita", address=home)


def home_data(**fields) -> dict:
    return {"soort": "thuis", "thuis-postcode": "9901 AB", "thuis-house_number": "12", "thuis-push": "on"} | fields


def test_the_page_is_where_the_urls_say(rita):
    assert reverse("police:optins") == URL


def test_the_home_address_is_filled_in_from_the_account(client, rita):
    client.force_login(rita)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["home_form"]["postcode"].value() == "9901 AB"
    assert response.context["home_form"]["house_number"].value() == "12"
    assert "Buurtalerts aanzetten voor mijn woonadres" in response.content.decode()


def test_a_resident_switches_alerts_on_for_home_and_work_and_off_again(client, rita):
    client.force_login(rita)
    response = client.post(URL, home_data())
    assert response.status_code == 302
    client.post(URL, {"soort": "ander", "ander-postcode": "9901ac", "ander-house_number": "5", "ander-email": "on"})
    home, work = AreaAlertOptIn.objects.filter(user=rita).order_by("-is_home")
    assert (home.address.street, home.is_home, home.push, home.email) == ("Molenweg", True, True, False)
    assert (work.address.street, work.is_home, work.push, work.email) == ("Kerkstraat", False, False, True)
    page = client.get(URL).content.decode()
    assert "Molenweg 12" in page and "Kerkstraat 5" in page
    assert "Er staat nog geen apparaat met pushberichten aan." in page
    response = client.post(reverse("police:optin_off", args=[home.pk]), follow=True)
    assert "Buurtalerts staan uit voor dit adres." in [str(m) for m in response.context["messages"]]
    assert list(AreaAlertOptIn.objects.filter(user=rita)) == [work]


@pytest.mark.parametrize(
    ("fields", "field", "said"),
    [
        ({"thuis-postcode": ""}, "postcode", "Vul de postcode in, bijvoorbeeld 4381 AA."),
        (
            {"thuis-postcode": "99O1 AB"},
            "postcode",
            "'99O1 AB' is geen geldige postcode. Een postcode is vier cijfers en twee letters, zoals 4381 AA.",
        ),
        ({"thuis-house_number": "99"}, "house_number", "We kennen geen adres met deze postcode en dit huisnummer."),
        (
            {"thuis-push": ""},
            "push",
            "Kies hoe u buurtalerts wilt krijgen: pushbericht, e-mail of allebei.",
        ),
    ],
)
def test_bad_input_is_refused_in_dutch_on_its_field_and_saves_nothing(client, rita, fields, field, said):
    client.force_login(rita)
    data = {key: value for key, value in home_data(**fields).items() if value}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["home_form"].errors[field] == [said]
    assert not response.context["other_form"].errors
    assert not AreaAlertOptIn.objects.exists()


def test_one_cannot_switch_off_someone_elses_alerts(client, rita):
    client.force_login(rita)
    client.post(URL, home_data())
    optin = AreaAlertOptIn.objects.get()
    client.force_login(UserFactory())
    assert client.post(reverse("police:optin_off", args=[optin.pk])).status_code == 404
    assert AreaAlertOptIn.objects.filter(pk=optin.pk).exists()


def test_police_accounts_have_no_area_alerts(client, police_world):
    login_with_second_factor(client, police_world.officer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, home_data()).status_code == 403
    assert "buurtalerts" not in client.get(reverse("accounts:home")).content.decode()


def test_the_account_page_links_to_area_alerts(client, rita):
    client.force_login(rita)
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Buurtalerts van de politie" in page and f'href="{URL}"' in page
    client.post(URL, home_data())
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Molenweg 12" in page and "Buurtalerts wijzigen of uitzetten" in page


def test_opt_ins_and_tips_are_in_the_data_export(client, police_world):
    from buurtwacht.police import services
    from tests.police.conftest import message_input

    w = police_world
    message = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    services.tip_send(message=message, user=w.resident_in, text_="Hij ging de bakker in.")
    client.force_login(w.resident_in)
    data = client.get(reverse("accounts:data_export")).json()
    assert [o["address"]["street"] for o in data["area_alerts"]] == ["Molenweg"]
    assert data["information_sent_to_the_police"][0]["text"] == "Hij ging de bakker in."
