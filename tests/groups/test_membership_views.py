"""The pages for joining a group, its member list, leaving, and the group page's membership state."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from buurtwacht.groups.membership import services
from buurtwacht.groups.models import JoinRequest, JoinStatus, Membership
from buurtwacht.groups.rules import house_rules_current
from tests.factories import AddressFactory, GroupFactory, UserFactory, make_member, make_role

pytestmark = pytest.mark.django_db


def url(name, group, **kwargs):
    return reverse(f"groups:{name}", kwargs={"slug": group.slug, **kwargs})


def checkbox(html: str, name: str) -> str:
    return re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html).group(0)


def join_data(**overrides):
    data = {
        "first_name": "Bram",
        "last_name": "Bakker",
        "phone": "06 12345678",
        "postcode": "9901 ab",
        "huisnummer": "12",
        "declared_min_age": "on",
        "accept_rules": "on",
        "rules_version": "1",
        "message": "Ik woon op de hoek.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# The join page


def test_the_join_page_asks_to_sign_in_first(client, group):
    response = client.get(url("join", group) + "?uitnodiging=abc")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")
    assert "lid-worden" in response.url and "uitnodiging" in response.url


def test_the_join_page_is_prefilled_from_the_profile_and_shows_the_rules(client, group, resident):
    client.force_login(resident)
    html = client.get(url("join", group)).content.decode()
    assert 'value="Bram"' in html and 'value="Bakker"' in html and 'value="0612345678"' in html
    assert 'value="9901 AB"' in html and 'value="12"' in html
    assert "Ik ben 18 jaar of ouder" in html and "Ik accepteer de huisregels" in html
    assert "Huisregels (versie 1)" in html
    assert "Alarmeer: bel bij spoed eerst 112" in html  # the rules text itself
    assert 'name="rules_version" value="1"' in html
    assert "U bent uitgenodigd" not in html


def test_the_groups_invitation_token_is_welcomed(client, group, resident):
    client.force_login(resident)
    html = client.get(url("join", group) + f"?uitnodiging={group.invite_token}").content.decode()
    assert "U bent uitgenodigd om deelnemer te worden van Buurtpreventie Molenhoek." in html
    html = client.get(url("join", group) + "?uitnodiging=verzonnen").content.decode()
    assert "U bent uitgenodigd" not in html


def test_joining_sends_the_request_and_shows_it_is_pending(
    client, group, admin, resident, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("join", group), join_data())
    assert response.status_code == 302 and response.url == url("join", group)
    request_obj = JoinRequest.objects.get(user=resident)
    assert request_obj.status == JoinStatus.PENDING and request_obj.message == "Ik woon op de hoek."
    resident.refresh_from_db()
    assert resident.phone == "06 12345678"

    html = client.get(response.url).content.decode()
    assert "Uw aanvraag is verstuurd." in html
    assert "U heeft een aanvraag ingediend op" in html and "Aanvraag intrekken" in html
    detail = client.get(group.get_absolute_url()).content.decode()
    assert "U heeft een aanvraag ingediend op" in detail and ">Lid worden<" not in detail


def test_a_new_address_on_the_join_form_goes_to_the_profile(client, group, admin, town):
    user = UserFactory(first_name="Cas")
    elsewhere = AddressFactory(street="Kerkpad", number=3, letter="A", postcode="9901CD")
    client.force_login(user)
    response = client.post(url("join", group), join_data(first_name="Cas", postcode="9901CD", huisnummer="3a"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.address == elsewhere and user.last_name == "Bakker"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"declared_min_age": None}, "De minimumleeftijd van deze groep is 18 jaar."),
        ({"accept_rules": None}, "Lees de huisregels en geef aan dat u ze accepteert."),
        ({"huisnummer": "99"}, "We kennen geen adres met deze postcode en dit huisnummer."),
        ({"postcode": "12"}, "is geen geldige postcode"),
        ({"first_name": ""}, "Vul uw voornaam in."),
    ],
)
def test_mistakes_on_the_join_form_are_named(client, group, admin, resident, fields, error):
    client.force_login(resident)
    response = client.post(url("join", group), join_data(**fields))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not JoinRequest.objects.exists()


def field_errors(html: str, field: str) -> str:
    """The error list Django renders for one field of the form (empty when it has none)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


def test_every_mistake_on_the_join_form_shows_at_once_on_its_own_field(client, group, admin, resident):
    client.force_login(resident)
    data = join_data(first_name="", phone="123", huisnummer="99", declared_min_age=None, accept_rules=None)
    html = client.post(url("join", group), data).content.decode()
    assert "Vul uw voornaam in." in field_errors(html, "first_name")
    assert "Vul een telefoonnummer in van 10 tot 15 cijfers" in field_errors(html, "phone")
    assert "We kennen geen adres met deze postcode en dit huisnummer." in field_errors(html, "huisnummer")
    assert "De minimumleeftijd van deze groep is 18 jaar." in field_errors(html, "declared_min_age")
    assert "Lees de huisregels en geef aan dat u ze accepteert." in field_errors(html, "accept_rules")
    assert not JoinRequest.objects.exists()
    resident.refresh_from_db()
    assert resident.first_name == "Bram"  # the profile is left as it was


def test_the_service_reports_every_refusal_of_a_request_at_once(group, resident):
    with pytest.raises(ValidationError) as refused:
        services.join_request_create(
            group=group, user=resident, address=None, declared_min_age=False, rules_version=None, message="x" * 1001
        )
    assert set(refused.value.message_dict) == {"address", "declared_min_age", "accept_rules", "message"}


def test_an_ambiguous_house_number_asks_for_the_letter(client, group, admin, resident, town):
    AddressFactory(number=40, letter="A", postcode="9901AB")
    AddressFactory(number=40, letter="B", postcode="9901AB")
    client.force_login(resident)
    html = client.post(url("join", group), join_data(huisnummer="40")).content.decode()
    assert "Op dit huisnummer zijn meer adressen (40A, 40B)." in html
    assert "checked" in checkbox(html, "accept_rules")  # what was ticked stays ticked
    assert not JoinRequest.objects.exists()


def test_rules_changed_while_reading_are_shown_again(client, group, admin, resident):
    services.house_rules_update(group=group, admin=admin, text="Nieuwe regel: altijd eerst 112.", min_age=18)
    client.force_login(resident)
    html = client.post(url("join", group), join_data(rules_version="1")).content.decode()
    assert "De huisregels zijn intussen gewijzigd (nu versie 2)." in html
    assert "Nieuwe regel: altijd eerst 112." in html and 'name="rules_version" value="2"' in html
    assert "checked" not in checkbox(html, "accept_rules")  # asked again, unticked
    assert not JoinRequest.objects.exists()
    assert client.post(url("join", group), join_data(rules_version="2")).status_code == 302
    assert JoinRequest.objects.get().rules.version == 2


def test_a_second_request_and_a_member_get_clear_messages(client, group, admin, resident):
    client.force_login(resident)
    client.post(url("join", group), join_data())
    html = client.post(url("join", group), join_data()).content.decode()
    assert "U heeft al een aanvraag ingediend op" in html and "de beheerders beslissen nog" in html
    assert JoinRequest.objects.count() == 1

    JoinRequest.objects.update(status=JoinStatus.APPROVED)
    make_member(group, resident)
    html = client.post(url("join", group), join_data()).content.decode()
    assert "U bent al deelnemer van Buurtpreventie Molenhoek." in html


def test_the_applicant_can_withdraw(client, group, admin, resident):
    client.force_login(resident)
    client.post(url("join", group), join_data())
    response = client.post(url("join_withdraw", group))
    assert response.status_code == 302
    assert JoinRequest.objects.get().status == JoinStatus.WITHDRAWN
    assert "Uw aanvraag is ingetrokken." in client.get(response.url).content.decode()


def test_police_see_why_they_cannot_join(client, group, resident):
    make_role(resident, "wijkagent", group.gemeente)
    client.force_login(resident)  # no second factor needed to be told no
    html = client.get(url("join", group)).content.decode()
    assert "Politie is nooit lid van een buurtpreventiegroep." in html
    assert 'name="accept_rules"' not in html
    client.post(url("join", group), join_data())
    assert not JoinRequest.objects.exists()
    assert ">Lid worden<" not in client.get(group.get_absolute_url()).content.decode()


def test_only_active_groups_can_be_joined(client, town, resident):
    pending = GroupFactory(pending=True)
    client.force_login(resident)
    assert client.get(url("join", pending)).status_code == 404


def test_join_requests_are_rate_limited(client, group, admin, resident, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "join": "2/m"}
    client.force_login(resident)
    codes = [client.post(url("join", group), join_data(declared_min_age=None)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = client.post(url("join", group), join_data())
    assert response.status_code == 429
    assert "U heeft dit te vaak geprobeerd." in response.content.decode()
    assert not JoinRequest.objects.exists()
    assert client.get(url("join", group)).status_code == 200  # reading the form is not limited


# The group page and cards


def test_the_group_page_shows_each_visitors_way_in(client, group, admin, resident):
    html = client.get(group.get_absolute_url()).content.decode()
    assert f'href="{url("join", group)}"' in html and ">Lid worden<" in html
    assert url("manage", group) not in html

    client.force_login(resident)
    assert ">Lid worden<" in client.get(group.get_absolute_url()).content.decode()

    make_member(group, resident)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "U bent deelnemer van Buurtpreventie Molenhoek." in html
    assert url("members", group) in html and url("leave", group) in html and url("manage", group) not in html
    assert 'id="contact-heading"' in html  # the contact form stays

    client.force_login(admin)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "U bent deelnemer en beheerder" in html and f'href="{url("manage", group)}"' in html


def test_an_address_result_card_offers_to_join(client, group, home):
    html = client.get(reverse("core:home"), {"postcode": "9901AB", "huisnummer": "12"}).content.decode()
    assert f'href="{url("join", group)}"' in html


def test_the_rules_page_is_public(client, group):
    rules = house_rules_current(group)
    html = client.get(url("rules", group)).content.decode()
    assert "Huisregels van Buurtpreventie Molenhoek" in html
    assert f"Versie 1, van {timezone.localtime(rules.created_at).day}" in html
    assert "We werken volgens SAAR" in html


# The member list


@pytest.fixture
def neighbour(group, town):
    other = UserFactory(
        first_name="Dirk",
        last_name="Zonneveld",
        email="dirk.zonneveld@example.org",
        phone="0687654321",
        address=AddressFactory(street="Zuiderlaan", number=77, postcode="9901XY"),
    )
    return make_member(group, other)


def test_members_see_first_name_and_street_only(client, group, admin, resident, neighbour):
    make_member(group, resident)
    client.force_login(resident)
    response = client.get(url("members", group))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dirk" in html and "Zuiderlaan" in html
    text = re.sub(r"<[^>]*>", " ", html)  # the visible text: a CSRF token in an attribute may hold any digits
    for secret in ("Zonneveld", "9901 XY", "9901XY", "0687654321", "dirk.zonneveld@example.org"):
        assert secret not in html, secret
    assert not re.search(r"Zuiderlaan\s*77", text) and not re.search(r"\b77\b", text)
    assert "Anna" in html and "de Vries" not in html and "anna@example.org" not in html
    assert "beheerder" in html
    # Their own row is complete.
    assert "Bram Bakker" in html and "bram@example.org" in html and "0612345678" in html
    assert url("manage", group) not in html


def test_admins_see_the_same_list_with_a_link_to_manage(client, group, admin, neighbour):
    client.force_login(admin)
    html = client.get(url("members", group)).content.decode()
    assert "Zuiderlaan" in html and "Zonneveld" not in html
    assert url("manage", group) in html
    listing = html[html.index('class="member-list"') :]
    assert listing.index("<strong>Anna</strong>") < listing.index("<strong>Dirk</strong>")  # admins first


def test_the_member_list_is_for_members_only(client, group, admin, resident):
    assert client.get(url("members", group)).status_code == 302
    client.force_login(resident)
    assert client.get(url("members", group)).status_code == 403


# Leaving


def test_a_member_leaves_after_confirming(client, group, admin, resident):
    make_member(group, resident)
    client.force_login(resident)
    html = client.get(url("leave", group)).content.decode()
    assert "Ja, ik zeg op" in html
    response = client.post(url("leave", group))
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert not Membership.objects.filter(user=resident).exists()
    group.refresh_from_db()
    assert group.member_count == 1


def test_the_last_admin_is_told_to_appoint_another_first(client, group, admin, resident):
    make_member(group, resident)
    client.force_login(admin)
    html = client.post(url("leave", group)).content.decode()
    assert "U bent de enige beheerder van Buurtpreventie Molenhoek." in html
    assert url("admins", group) in html
    assert Membership.objects.filter(user=admin).exists()


def test_non_members_cannot_leave(client, group, resident):
    client.force_login(resident)
    assert client.get(url("leave", group)).status_code == 403


def test_the_admins_messages_say_a_request_was_withdrawn_and_not_new(client, group, admin, resident):
    request_obj = services.join_request_create(
        group=group, user=resident, address=resident.address, declared_min_age=True, rules_version=1
    )
    services.join_request_withdraw(request_obj=request_obj, user=resident)
    client.force_login(admin)
    html = client.get(reverse("accounts:notifications")).content.decode()
    assert "Bram vraagt om deelnemer te worden" in html
    assert "Aanvraag: Ingetrokken" in html
    assert "notification--new" not in html
