"""The profile: name, phone, language and the home address, geocoded against the BAG table with its buurt."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from buurtwacht.accounts.services import profile_update
from tests.factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def form(**fields):
    return {
        "first_name": "Anna",
        "last_name": "de Vries",
        "phone": "",
        "language": "nl",
        "postcode": "",
        "huisnummer": "",
        **fields,
    }


@pytest.fixture
def resident(client):
    user = UserFactory(first_name="Anna")
    client.force_login(user)
    return user


def test_the_address_is_found_and_the_buurt_follows(client, town, resident):
    address = AddressFactory(street="Molenweg", number=12, letter="A", postcode="9901AB", lon=5.015, lat=52.015)
    response = client.post(PROFILE, form(postcode="9901 ab", huisnummer="12a"))
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.address == address
    assert resident.buurt == town.buurten[(1, 1)]
    html = client.get(PROFILE).content.decode()
    assert "Molenweg 12A, 9901 AB Proefdorp" in html
    assert "Proefdorp buurt 1-1" in html
    assert "Uw gegevens zijn opgeslagen." in html


def test_an_address_with_an_addition(town, resident):
    AddressFactory(number=7, addition="")
    with_addition = AddressFactory(number=7, addition="2")
    profile_update(
        user=resident, first_name="Anna", last_name="", phone="", language="nl", postcode="9901AB", number="7-2"
    )
    assert resident.address == with_addition
    assert resident.buurt == town.buurten[(0, 0)]


def test_an_unknown_address_is_refused_on_the_field_and_nothing_is_saved(client, town, resident):
    AddressFactory(number=12)
    response = client.post(PROFILE, form(first_name="Annabel", postcode="9901AB", huisnummer="999"))
    assert response.status_code == 200
    field_errors = response.context["form"].errors["huisnummer"]
    assert field_errors == [
        "We kennen geen adres met deze postcode en dit huisnummer. Controleer ze, bijvoorbeeld op een brief."
    ]
    resident.refresh_from_db()
    assert resident.first_name == "Anna" and resident.address is None


def test_a_malformed_postcode_is_refused(client, town, resident):
    response = client.post(PROFILE, form(postcode="99AB01", huisnummer="1"))
    assert "geen geldige postcode" in response.context["form"].errors["postcode"][0]


def test_postcode_without_number_asks_for_the_number(client, town, resident):
    response = client.post(PROFILE, form(postcode="9901AB"))
    assert "Vul ook het huisnummer in" in response.context["form"].errors["huisnummer"][0]


def test_empty_postcode_and_number_clear_the_address(client, town, resident):
    resident.address = AddressFactory()
    resident.buurt = town.buurten[(0, 0)]
    resident.save()
    client.post(PROFILE, form())
    resident.refresh_from_db()
    assert resident.address is None and resident.buurt is None


@pytest.mark.parametrize("phone", ["06 12345678", "+31 6 1234 5678", "010-1234567"])
def test_dutch_phone_numbers_are_accepted(client, resident, phone):
    assert client.post(PROFILE, form(phone=phone)).status_code == 302
    resident.refresh_from_db()
    assert resident.phone == phone


@pytest.mark.parametrize("phone", ["12345", "06-1234-abcd", "0612345678901234"])
def test_other_phone_numbers_are_refused(client, resident, phone):
    response = client.post(PROFILE, form(phone=phone))
    assert "Vul een telefoonnummer in van 10 tot 15 cijfers" in response.context["form"].errors["phone"][0]
    resident.refresh_from_db()
    assert resident.phone == ""


def test_choosing_english_switches_the_interface(client, resident):
    response = client.post(PROFILE, form(language="en"))
    assert response.cookies["django_language"].value == "en"
    resident.refresh_from_db()
    assert resident.language == "en"
    assert '<html lang="en">' in client.get(PROFILE).content.decode()


def test_all_mistakes_are_reported_at_once(resident):
    with pytest.raises(ValidationError) as caught:
        profile_update(
            user=resident, first_name=" ", last_name="", phone="12", language="de", postcode="x", number="y"
        )
    assert set(caught.value.message_dict) == {"first_name", "phone", "language", "postcode", "number"}


def test_the_profile_needs_a_signed_in_person(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={PROFILE}"
