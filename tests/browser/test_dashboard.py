"""The municipal dashboard on a 390 px phone: staff see the open sticker request in the stickers section and mark it
sent from there; police of the gemeente open the same dashboard read-only, without admins' e-mail or phone. Every
page visited is checked by axe-core and for sideways scrolling (conftest.Tab)."""

from __future__ import annotations

import pytest

from buurtwacht.municipality.stickers.models import RequestStatus, StickerRequest, StickerSettings
from buurtwacht.municipality.stickers.services import sticker_request_create
from tests.browser.conftest import PHONE
from tests.browser.test_narrow_pages import signed_in
from tests.browser.test_search_and_map import screenshot
from tests.factories import AddressFactory, GroupFactory, UserFactory, cell, make_member, make_role, make_town

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gemeente_with_a_request(transactional_db):
    town = make_town(name="Voorbeeldrecht (fictief)")
    group = GroupFactory(name="Buurtpreventie Merelbuurt", gemeente=town.gemeente, geometry=cell(0, 0))
    admin = make_member(
        group,
        UserFactory(first_name="Anna", last_name="Beheerder", phone="06-11112222", address=AddressFactory()),
        admin=True,
    )
    for _ in range(3):
        make_member(group, UserFactory(address=AddressFactory()))
    GroupFactory(name="Buurtwacht Wilgenweide", gemeente=town.gemeente, geometry=cell(1, 1), pending=True)
    StickerSettings.objects.create(gemeente=town.gemeente, stock=30, low_threshold=10, pickup_text="Balie 1.")
    request = sticker_request_create(group=group, admin=admin, number=4, delivery="post", address="Merelweg 1")
    staff = UserFactory(first_name="Gerda")
    make_role(staff, "municipal", town.gemeente)
    police = UserFactory(first_name="Piet")
    make_role(police, "wijkagent", town.gemeente)
    return town, request, admin, staff, police


def test_staff_mark_a_sticker_request_sent_on_a_phone_and_police_read_only(open_tab, gemeente_with_a_request):
    town, request, admin, staff, police = gemeente_with_a_request
    dashboard = f"/gemeente/{town.gemeente.code}/"

    page = signed_in(open_tab(PHONE), staff, second_factor=True).open(dashboard)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "dashboard-staff-phone")
    summary = page.locator("nav.dashboard-summary")
    assert summary.get_by_role("link", name="Stickers").is_visible()
    section = page.locator("#sectie-stickers")
    card = section.locator(f"#stickeraanvraag-{request.pk}")
    assert "Buurtpreventie Merelbuurt" in card.inner_text() and "Merelweg 1" in card.inner_text()
    card.get_by_role("button", name="Verzonden naar Buurtpreventie Merelbuurt").click()
    page.wait_for_url(f"**{dashboard}")
    assert "staan als verzonden genoteerd" in page.locator("main").inner_text()
    assert "geen open aanvragen" in page.locator("nav.dashboard-summary").inner_text()
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT
    assert StickerSettings.objects.get(gemeente=town.gemeente).stock == 26

    StickerRequest.objects.create(
        group=request.group, gemeente=town.gemeente, requested_by=admin, number=1, delivery="pickup"
    )
    page = signed_in(open_tab(PHONE), police, second_factor=True).open(dashboard)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "dashboard-police-phone")
    text = page.locator("main").inner_text()
    assert "Buurtpreventie Merelbuurt" in text and "alleen lezen" in text
    assert page.get_by_role("button").filter(has_text="Verzonden").count() == 0
    assert page.get_by_role("button").filter(has_text="Klaargelegd").count() == 0
    assert page.get_by_role("button", name="Goedkeuren").count() == 0
    html = page.content()
    assert admin.email not in html and "06-11112222" not in html and "Merelweg 1" not in html
    page.locator("nav.dashboard-summary").get_by_role("link", name="Alle groepen en beheerders").click()
    page.wait_for_url("**/groepen/")
    assert "Anna" in page.locator("main").inner_text()
    assert admin.email not in page.content()


def test_an_admin_requests_stickers_and_staff_see_the_stickers_pages_on_a_phone(open_tab, gemeente_with_a_request):
    town, request, admin, staff, police = gemeente_with_a_request
    for _ in range(2):  # six connected addresses, four already asked for
        make_member(request.group, UserFactory(address=AddressFactory()))
    page = signed_in(open_tab(PHONE), admin).open(f"/groepen/{request.group.slug}/beheer/")
    page.get_by_role("link", name="Stickers aanvragen bij de gemeente").click()
    page.wait_for_url("**/beheer/stickers/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Aantal stickers").fill("9")
    page.get_by_label("Ophalen op het gemeentehuis").check()
    page.get_by_role("button", name="Aanvragen").click()
    assert "U kunt nog 2 stickers aanvragen: 1 per aangesloten adres, 6 adressen" in page.locator("main").inner_text()
    assert StickerRequest.objects.count() == 1
    page.get_by_label("Aantal stickers").fill("2")
    page.get_by_role("button", name="Aanvragen").click()
    page.wait_for_url("**/beheer/stickers/")
    assert "Uw aanvraag is verstuurd" in page.locator("main").inner_text()
    assert StickerRequest.objects.count() == 2

    page = signed_in(open_tab(PHONE), staff, second_factor=True).open(f"/gemeente/{town.gemeente.code}/stickers/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    newest = StickerRequest.objects.order_by("-pk").first()
    page.locator(f"#stickeraanvraag-{newest.pk}").get_by_role("link", name="Weigeren…").click()
    page.get_by_label("Reden").fill("Uw groep heeft al stickers gekregen.")
    page.get_by_role("button", name="Weigeren").click()
    page.wait_for_url(f"**/gemeente/{town.gemeente.code}/stickers/")
    assert "is geweigerd" in page.locator("main").inner_text()
    page.get_by_role("link", name="Voorraad en instellingen").click()
    page.get_by_label("Voorraad", exact=True).fill("8")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/gemeente/{town.gemeente.code}/stickers/")
    assert "Nog 8 stickers op voorraad." in page.locator("main").inner_text()


def test_the_dashboard_shows_the_coverage_map_small_on_a_phone(open_tab, gemeente_with_a_request):
    from buurtwacht.municipality.coverage.services import coverage_refresh

    town, request, admin, staff, police = gemeente_with_a_request
    coverage_refresh()
    page = signed_in(open_tab(PHONE), staff, second_factor=True).open(f"/gemeente/{town.gemeente.code}/")
    section = page.locator("#sectie-coverage")
    section.locator("#coverage-dashboard-status").filter(has_text="De buurten staan op de kaart").wait_for()
    box = section.locator("#coverage-dashboard-map").bounding_box()
    assert box["height"] <= 0.45 * PHONE["height"] + 1 and box["width"] <= PHONE["width"]
    assert section.locator("path.leaflet-interactive").count() >= 1  # the buurten, coloured
    assert "De grootste gaten" in section.inner_text()  # the list stays as the text alternative
    summary = page.locator("nav.dashboard-summary").inner_text()
    assert "Dekking" in summary and "% van de adressen in het gebied van een groep" in summary
    assert "Coverage" not in summary and "Signs" not in summary
    screenshot(page, "dashboard-coverage-map-phone")
