"""The public group page with its contact form, and the registration of a new group."""

import json
import re

import pytest
import shapely
from django.core import mail
from django.urls import reverse
from django.utils import translation
from shapely.geometry import mapping

from buurtwacht.groups.forms import MAX_AREA_CHARS
from buurtwacht.groups.models import ContactMessage, Group, GroupStatus
from tests.factories import GroupFactory, UserFactory, cell, make_role

pytestmark = pytest.mark.django_db

REGISTER = reverse("groups:register")


@pytest.fixture(autouse=True)
def back_to_dutch():
    """A request in English leaves English active in this thread; later tests expect the default (Dutch)."""
    yield
    translation.deactivate()


@pytest.fixture
def group(town):
    return GroupFactory(
        name="Buurtpreventie Molenhoek",
        description="Wij letten op de Molenweg en omgeving.",
        contact_email="beheer.molenhoek@example.org",
        member_count=12,
    )


def contact(client, group, **fields):
    data = {"name": "Bram Bakker", "email": "bram@example.net", "message": "Ik wil graag meedoen.", **fields}
    return client.post(group.get_absolute_url(), data)


# The group page


def test_the_group_page_shows_the_public_facts(client, group):
    group.buurten.set([group.gemeente.buurten.get(code="BU99010000")])
    html = client.get(group.get_absolute_url()).content.decode()
    assert '<h1 id="group-name">Buurtpreventie Molenhoek</h1>' in html
    assert "Wij letten op de Molenweg en omgeving." in html
    assert "Proefdorp buurt 0-0" in html and "Actief" in html and ">12<" in html
    assert '<script id="group-features" type="application/json">' in html


def test_the_group_page_never_shows_the_contact_details(client, group):
    group.contact_phone = "0612345678"
    group.save()
    html = client.get(group.get_absolute_url()).content.decode()
    assert "beheer.molenhoek@example.org" not in html
    assert "0612345678" not in html and "Anna de Vries" not in html


def test_the_group_page_offers_to_join(client, group):
    html = client.get(group.get_absolute_url()).content.decode()
    assert f'href="{reverse("groups:join", kwargs={"slug": group.slug})}"' in html and ">Lid worden<" in html


def test_a_pending_group_has_no_public_page(client, town):
    pending = GroupFactory(pending=True)
    assert client.get(pending.get_absolute_url()).status_code == 404


def test_the_contact_form_sends_one_email_to_the_group_contact(client, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = contact(client, group)

    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["beheer.molenhoek@example.org"]
    assert "Ik wil graag meedoen." in mail.outbox[0].body
    page = client.get(response.url).content.decode()
    assert "Uw bericht is verstuurd naar de contactpersoon van Buurtpreventie Molenhoek." in page


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"email": "geen-adres"}, "Voer een geldig e-mailadres in."),
        ({"message": ""}, "Dit veld is verplicht."),
        ({"name": "   "}, "Dit veld is verplicht."),
    ],
)
def test_the_contact_form_rejects_bad_input(client, group, django_capture_on_commit_callbacks, fields, error):
    with django_capture_on_commit_callbacks(execute=True):
        response = contact(client, group, **fields)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert mail.outbox == []
    assert not ContactMessage.objects.exists()


def test_the_contact_form_has_a_trap_field_hidden_from_people(client, group):
    html = client.get(group.get_absolute_url()).content.decode()
    trap = re.search(r'<div class="trap" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap, "the trap field sits in a wrapper hidden from screen readers (and, by site.css, from sight)"
    assert 'name="website"' in trap.group(1)
    assert 'tabindex="-1"' in trap.group(1) and 'autocomplete="off"' in trap.group(1)


def test_a_filled_in_trap_field_pretends_success_but_sends_nothing(client, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = contact(client, group, website="https://spam.example")

    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert "Uw bericht is verstuurd naar de contactpersoon van Buurtpreventie Molenhoek." in (
        client.get(response.url).content.decode()
    )
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_an_empty_trap_field_lets_the_message_through(client, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = contact(client, group, website="")

    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1
    assert len(mail.outbox) == 1


# Registration (signed in: the founder becomes the group's first admin)


@pytest.fixture
def founder(client):
    user = UserFactory(first_name="Carla", last_name="Jansen", email="carla@example.org")
    client.force_login(user)
    return user


def register(client, gemeente="GM9901", **fields):
    data = {
        "name": "Buurtpreventie Nieuwland",
        "description": "Voor de straten rond het plein.",
        "contact_name": "Carla Jansen",
        "contact_email": "carla@example.org",
        "contact_phone": "0101234567",
        **fields,
    }
    url = f"{REGISTER}?gemeente={gemeente}" if gemeente else REGISTER
    return client.post(url, data)


def test_the_registration_page_lists_the_gemeenten_first(client, founder, town):
    html = client.get(REGISTER).content.decode()
    assert '<option value="GM9901">Proefdorp</option>' in html
    assert "Kies eerst bij stap 1 de gemeente" in html
    assert 'name="buurten"' not in html


def test_after_choosing_a_gemeente_its_buurten_are_listed_per_wijk(client, founder, town):
    html = client.get(REGISTER, {"gemeente": "GM9901"}).content.decode()
    assert "<legend>Proefdorp wijk 0</legend>" in html and "<legend>Proefdorp wijk 1</legend>" in html
    assert html.count('type="checkbox" name="buurten"') == 4
    assert 'value="BU99010101"' in html


def test_the_registration_page_explains_that_contact_details_stay_private(client, founder, town):
    html = client.get(REGISTER).content.decode()
    assert "Ze zijn nooit openbaar" in html


def test_registration_with_buurten_creates_a_pending_group_that_is_not_public(client, founder, town):
    response = register(client, buurten=["BU99010000", "BU99010001"])

    assert response.status_code == 302 and response.url == reverse("groups:registered")
    group = Group.objects.get()
    assert group.status == GroupStatus.PENDING
    assert sorted(group.buurten.values_list("code", flat=True)) == ["BU99010000", "BU99010001"]
    assert group.contact_email == "carla@example.org" and group.contact_phone == "0101234567"
    confirmation = client.get(response.url).content.decode()
    assert "Uw aanmelding wacht op goedkeuring door de gemeente" in confirmation
    assert "Buurtpreventie Nieuwland" in confirmation
    assert client.get(reverse("api-v1:groups_list")).json()["features"] == []
    assert client.get(reverse("groups:detail", kwargs={"slug": group.slug})).status_code == 404
    assert "Buurtpreventie Nieuwland" not in client.get(reverse("core:map")).content.decode()


def test_registration_with_a_drawn_polygon_creates_a_pending_group(client, founder, town):
    area = shapely.box(5.002, 52.002, 5.008, 52.006)
    response = register(client, area=json.dumps(mapping(area)))
    assert response.status_code == 302
    group = Group.objects.get()
    assert group.status == GroupStatus.PENDING and group.gemeente.code == "GM9901"
    assert group.buurten.count() == 0


def test_registration_with_a_self_intersecting_polygon_shows_the_message_and_saves_nothing(client, founder, town):
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[5.0, 52.0], [5.01, 52.01], [5.01, 52.0], [5.0, 52.01], [5.0, 52.0]]],
    }

    response = register(client, area=json.dumps(bow_tie))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Het gebied is geen geldige polygoon" in html
    assert "De groep is nog niet aangemeld" in html
    assert not Group.objects.exists()
    assert "Buurtpreventie Nieuwland" in html, "what was typed is kept"


def test_registration_with_a_polygon_outside_the_netherlands_shows_the_message(client, founder, town):
    muenster = shapely.box(7.60, 51.95, 7.61, 51.96)
    html = register(client, area=json.dumps(mapping(muenster))).content.decode()
    assert "Het gebied ligt (deels) buiten Nederland" in html
    assert not Group.objects.exists()


def test_registration_with_unreadable_drawing_data_says_so(client, founder, town):
    html = register(client, area="{niet: json").content.decode()
    assert "Het getekende gebied kon niet worden gelezen" in html
    assert not Group.objects.exists()


def test_registration_with_deeply_nested_drawing_data_says_so_instead_of_crashing(client, founder, town):
    response = register(client, area="[" * 200_000)

    assert response.status_code == 200
    assert "Het getekende gebied kon niet worden gelezen" in response.content.decode()
    assert not Group.objects.exists()


def test_registration_with_too_much_drawing_data_says_so(client, founder, town):
    response = register(client, area="[" * (MAX_AREA_CHARS + 1))

    assert response.status_code == 200
    assert "Het getekende gebied bevat te veel gegevens" in response.content.decode()
    assert not Group.objects.exists()


def test_registration_with_an_unknown_buurt_shows_the_message(client, founder, town):
    html = register(client, buurten=["BU12345678"]).content.decode()
    assert "Onbekende buurtcode(s): BU12345678" in html
    assert not Group.objects.exists()


def test_registration_without_an_area_asks_for_one(client, founder, town):
    html = register(client).content.decode()
    assert "Teken het gebied van de groep op de kaart of kies een of meer buurten." in html
    assert not Group.objects.exists()


def test_registration_with_both_a_drawing_and_buurten_asks_for_one_of_them(client, founder, town):
    html = register(client, area=json.dumps(mapping(cell(0, 0))), buurten=["BU99010000"]).content.decode()
    assert "Teken een gebied óf kies buurten, niet allebei." in html
    assert not Group.objects.exists()


def test_registration_requires_the_contact_person(client, founder, town):
    response = register(client, buurten=["BU99010000"], contact_name="", contact_email="nee")
    html = response.content.decode()
    assert "Dit veld is verplicht." in html and "Voer een geldig e-mailadres in." in html
    assert "checked> <span>Proefdorp buurt 0-0" in html, "the chosen buurt stays chosen"
    assert not Group.objects.exists()


def test_registration_rejects_a_founding_date_in_the_future(client, founder, town):
    html = register(client, buurten=["BU99010000"], founded_on="2999-01-01").content.decode()
    assert "De oprichtingsdatum ligt in de toekomst" in html
    assert not Group.objects.exists()


def test_the_registration_page_in_english(client, founder, town):
    client.cookies["django_language"] = "en"
    html = client.get(REGISTER).content.decode()
    assert "Register a group" in html
    assert "They are never public" in html


def test_registration_asks_to_sign_in_first(client, town):
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_founder_becomes_the_groups_first_admin(client, founder, town):
    html = client.get(REGISTER).content.decode()
    assert 'value="carla@example.org"' in html  # contact details start from the account
    register(client, buurten=["BU99010000"])
    group = Group.objects.get()
    membership = group.memberships.get()
    assert membership.user == founder and membership.role == "admin"
    assert group.member_count == 1


def test_police_cannot_found_a_group(client, town):
    officer = UserFactory()
    make_role(officer, "wijkagent", town.gemeente)
    client.force_login(officer)
    response = register(client, buurten=["BU99010000"])
    assert response.status_code == 200
    assert "Politie is nooit lid of beheerder" in response.content.decode()
    assert not Group.objects.exists()


def test_the_contact_form_is_rate_limited_with_a_clear_message(client, group, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact": "2/h"}
    assert contact(client, group).status_code == 302
    assert contact(client, group).status_code == 302
    response = contact(client, group)
    assert response.status_code == 429
    assert "te vaak geprobeerd" in response.content.decode()
    assert ContactMessage.objects.count() == 2
    assert client.get(group.get_absolute_url()).status_code == 200  # reading the page stays free
