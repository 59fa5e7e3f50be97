"""An admin chooses WhatsApp for police dispatches: a Dutch mobile number, a code over WhatsApp (the local Cloud
API), an explicit yes; off again in one step."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from buurtwacht.delivery.models import WhatsAppNumber
from buurtwacht.delivery.whatsapp_numbers import phone_normalise
from tests.factories import GroupFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db
PAGE = "/account/politieberichten-whatsapp/"


@pytest.fixture
def admin(client, town):
    user = make_member(GroupFactory(name="Buurtpreventie Molenhoek"), UserFactory(first_name="Anton"), admin=True)
    client.force_login(user)
    return user


def code_sent(server) -> str:
    text = server.received[-1]["template"]["components"][0]["parameters"][0]["text"]
    return next(word for word in text.replace(".", " ").split() if word.isdigit() and len(word) == 6)


@pytest.mark.parametrize("raw", ["0612345678", "06-12345678", "+31 6 1234 5678", "0031612345678", "(06) 1234 5678"])
def test_dutch_mobile_numbers_become_e164(raw):
    assert phone_normalise(raw) == "+31612345678"


@pytest.mark.parametrize("raw", ["", "0201234567", "061234567", "+32612345678", "06123456789", "06abcdefgh"])
def test_other_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        phone_normalise(raw)


def test_the_route_is_where_the_code_message_links():
    assert reverse("police:whatsapp_settings") == PAGE


def test_an_admin_confirms_a_number_with_the_code_and_a_yes_and_turns_it_off(
    client, admin, whatsapp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"stap": "nummer", "phone": "06 1234 5678"})
    assert response.status_code == 302
    [sent] = whatsapp_server.received
    assert sent["to"] == "31612345678"
    code = code_sent(whatsapp_server)
    number = WhatsAppNumber.objects.get(user=admin)
    assert number.confirmed_at is None and code not in number.code_hash

    page = client.get(PAGE).content.decode()
    assert "+31612345678" in page and "Code uit WhatsApp" in page

    # No yes, no WhatsApp: an explicit opt-in is required.
    response = client.post(PAGE, {"stap": "code", "code": code})
    assert "Geef toestemming" in response.content.decode()
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(PAGE, {"stap": "code", "code": wrong, "consent": "on"})
    assert "Deze code klopt niet." in response.content.decode()
    assert WhatsAppNumber.objects.get(user=admin).confirmed_at is None

    assert client.post(PAGE, {"stap": "code", "code": code, "consent": "on"}).status_code == 302
    assert WhatsAppNumber.objects.get(user=admin).confirmed_at is not None
    assert "WhatsApp staat aan" in client.get(PAGE).content.decode()
    assert "Politieberichten via WhatsApp: aan" in client.get(reverse("accounts:home")).content.decode()

    assert client.post(reverse("police:whatsapp_off")).status_code == 302
    assert not WhatsAppNumber.objects.filter(user=admin).exists()


def test_five_wrong_codes_use_the_code_up(client, admin, whatsapp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {"stap": "nummer", "phone": "0612345678"})
    code = code_sent(whatsapp_server)
    wrong = "000000" if code != "000000" else "111111"
    for _attempt in range(5):
        client.post(PAGE, {"stap": "code", "code": wrong, "consent": "on"})
    response = client.post(PAGE, {"stap": "code", "code": code, "consent": "on"})
    assert "verlopen" in response.content.decode()
    assert WhatsAppNumber.objects.get(user=admin).confirmed_at is None


def test_a_bad_number_shows_a_dutch_message_and_sends_nothing(client, admin, whatsapp_server):
    response = client.post(PAGE, {"stap": "nummer", "phone": "020 123 4567"})
    assert "Nederlands mobiel nummer" in response.content.decode()
    assert whatsapp_server.received == [] and not WhatsAppNumber.objects.exists()


def test_without_configuration_the_page_says_so_and_offers_nothing(client, admin):
    page = client.get(PAGE).content.decode()
    assert "WhatsApp is op deze website niet ingesteld" in page
    assert 'name="stap"' not in page
    response = client.post(PAGE, {"stap": "nummer", "phone": "0612345678"})
    assert not WhatsAppNumber.objects.exists() and response.status_code == 200


def test_members_who_are_no_admin_are_refused_and_see_no_link(client, town):
    member = make_member(GroupFactory(), UserFactory())
    client.force_login(member)
    assert client.get(PAGE).status_code == 403
    assert "WhatsApp" not in client.get(reverse("accounts:home")).content.decode()


def test_codes_are_limited_per_account(client, admin, whatsapp_server, settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"whatsapp_code": "2/h"}
    from django.core.cache import cache

    cache.clear()
    for number in ("0612345671", "0612345672"):
        assert client.post(PAGE, {"stap": "nummer", "phone": number}).status_code == 302
    response = client.post(PAGE, {"stap": "nummer", "phone": "0612345673"})
    assert "te vaak geprobeerd" in response.content.decode()
    assert WhatsAppNumber.objects.get(user=admin).phone == "+31612345672"
