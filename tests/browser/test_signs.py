"""Street signs end to end on a 390 px phone: an admin asks for a sign by clicking its spot on the map and sees the
rule checks follow; municipal staff see the checks, approve, mark the sign placed, and find it on the inventory
map; the public map shows it. Every page is checked by axe-core (conftest.Tab)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from buurtwacht.accounts.models import RoleKind
from buurtwacht.municipality.signs.models import RequestStatus, Sign, SignRequest, SignRules, SignStatus
from tests.browser.conftest import PHONE
from tests.browser.test_narrow_pages import signed_in
from tests.factories import AddressFactory, GroupFactory, UserFactory, cell, make_member, make_role, make_town

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPOT = (52.0052, 5.0047)  # inside the group's area, in wijk 0 of the town


@pytest.fixture
def signs_world(transactional_db):
    town = make_town()
    group = GroupFactory(name="Buurtpreventie Molenhoek", geometry=cell(0, 0), gemeente=town.gemeente,
                         wijk=town.wijken[0])
    admin = make_member(group, UserFactory(first_name="Anna"), admin=True)
    for _ in range(2):
        make_member(group, UserFactory(address=AddressFactory()))
    staff = UserFactory(first_name="Gerda")
    make_role(staff, RoleKind.MUNICIPAL, town.gemeente)
    SignRules.objects.create(
        gemeente=town.gemeente, min_connected_addresses=2, max_per_group=2, contribution_eur=Decimal("50"),
        contribution_text="De groep betaalt de helft.",
    )
    return town, group, admin, staff


def click_on_map(page, map_id: str, lat: float, lon: float) -> None:
    page.wait_for_function("(id) => document.getElementById(id) && document.getElementById(id).signsMap", arg=map_id)
    point = page.evaluate(
        "([id, lat, lon]) => { const p = document.getElementById(id).signsMap.latLngToContainerPoint([lat, lon]);"
        " return {x: p.x, y: p.y}; }",
        [map_id, lat, lon],
    )
    page.locator(f"#{map_id}").click(position=point)


def test_an_admin_requests_a_sign_on_the_map_and_staff_approve_and_place_it(open_tab, signs_world):
    town, group, admin, staff = signs_world
    code = town.gemeente.code

    tab = signed_in(open_tab(PHONE), admin)
    page = tab.open(reverse("groups:manage", kwargs={"slug": group.slug}))
    page.get_by_role("link", name="Straatborden aanvragen").click()
    page.get_by_role("link", name="Borden aanvragen").click()
    checks = page.locator("#sign-checks")
    assert "De groep heeft 2 aangesloten adressen" in checks.inner_text()
    assert "Bijdrage: € 50,00 per bord. De groep betaalt de helft." in checks.inner_text()
    click_on_map(page, "spots-map", *SPOT)
    assert page.locator("#spot-0-lat").input_value() != ""
    assert abs(float(page.locator("#spot-0-lat").input_value()) - SPOT[0]) < 0.0005
    # the checks follow the number of spots (asked again from the API)
    page.wait_for_function("() => document.getElementById('sign-checks').innerText.includes('voor 1 bord € 50,00')")
    assert page.locator("#checks-count").inner_text() == "Getoetst voor 1 bord."
    assert page.locator("#spots-map .leaflet-marker-icon").count() == 1
    # a second spot, then removed again: the checks follow both ways
    click_on_map(page, "spots-map", SPOT[0] + 0.002, SPOT[1] + 0.002)
    page.wait_for_function("() => document.getElementById('sign-checks').innerText.includes('voor 2 borden € 100,00')")
    assert page.locator("#spots-map .leaflet-marker-icon").count() == 2
    page.locator("[data-spot-row]").nth(1).get_by_role("button", name="Plek verwijderen").click()
    page.wait_for_function("() => document.getElementById('sign-checks').innerText.includes('voor 1 bord € 50,00')")
    assert page.locator("#spots-map .leaflet-marker-icon").count() == 1
    assert page.locator("#spot-1-lat").input_value() == ""
    page.get_by_label("Waarom hier? (kort)").first.fill("Ingang van de buurt")
    page.get_by_label("Waarom wil de groep borden?").fill("Inbrekers komen de buurt in via de Molenweg.")
    page.get_by_role("button", name="Aanvraag versturen").click()
    assert "De aanvraag is verstuurd naar de gemeente" in page.locator("main").inner_text()
    sign_request = SignRequest.objects.get()
    (spot,) = sign_request.spots.all()
    assert abs(spot.lat - SPOT[0]) < 0.0005 and abs(spot.lon - SPOT[1]) < 0.0005 and spot.note == "Ingang van de buurt"

    staff_tab = signed_in(open_tab(PHONE), staff, second_factor=True)
    page = staff_tab.open(reverse("municipality:overview", kwargs={"code": code}))
    page.get_by_role("link", name="Aanvragen voor borden").click()
    page.get_by_role("link", name="Buurtpreventie Molenhoek").click()
    assert "Voldoet: De groep heeft 2 aangesloten adressen" in page.locator("#sign-checks").inner_text()
    page.wait_for_selector("#spots-map .leaflet-marker-icon")
    page.get_by_role("button", name="Goedkeuren").click()
    assert "De aanvraag is goedgekeurd" in page.locator("main").inner_text()
    sign_request.refresh_from_db()
    assert sign_request.status == RequestStatus.APPROVED
    sign = Sign.objects.get()
    page.get_by_role("link", name=f"Bord {sign.pk}").click()
    page.get_by_role("button", name="Markeer als geplaatst").click()
    assert "Het bord staat als geplaatst genoteerd" in page.locator("main").inner_text()
    sign.refresh_from_db()
    assert sign.status == SignStatus.PLACED

    page = staff_tab.open(reverse("signs:inventory", kwargs={"code": code}))
    inventory = page.locator("#inventory-map")
    assert inventory.get_attribute("data-loaded-count") == "1"
    assert page.locator("#inventory-map .sign-marker--placed").count() == 1
    assert "Geplaatst" in page.locator(f"#bord-{sign.pk}").inner_text()

    page = staff_tab.open(reverse("signs:rules", kwargs={"code": code}))
    page.get_by_label("geen nieuwe borden in een wijk die er al zoveel heeft").fill("1")
    page.get_by_role("button", name="Regels opslaan").click()
    assert SignRules.objects.get(gemeente=town.gemeente).max_per_wijk == 1

    page = tab.open(reverse("core:map"))
    page.wait_for_function("() => document.getElementById('groups-map').dataset.signsCount === '1'")


MOBILE = {
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
                  "Mobile Safari/537.36",
}


def test_on_a_phone_the_map_leaves_room_to_scroll_and_a_mistake_is_shown_at_once(open_tab, signs_world):
    """The request map takes at most half of an 844 px screen and one finger scrolls the page (the map moves with
    two); the group's area and its sign that stands are drawn; after a mistake the error summary is in sight and has
    the focus."""
    from buurtwacht.municipality.signs import services

    town, group, admin, staff = signs_world
    earlier = services.sign_request_create(group=group, user=admin, reason="Eerste bord.",
                                           spots=[services.SpotInput(lat=52.003, lon=5.003)])
    services.sign_request_approve(request=earlier, user=staff, spots=[services.SpotInput(lat=52.003, lon=5.003)])

    tab = signed_in(open_tab(PHONE, **MOBILE), admin)
    page = tab.open(reverse("signs:request_new", kwargs={"slug": group.slug}))
    page.wait_for_function("() => document.getElementById('spots-map').signsMap")
    assert page.locator("#spots-map").bounding_box()["height"] <= 422
    assert page.evaluate("() => document.getElementById('spots-map').signsMap.dragging.enabled()") is False
    assert page.evaluate("() => document.getElementById('spots-map').signsMap.touchZoom.enabled()") is True
    assert page.locator("#spots-map .sign-marker--existing").count() == 1
    assert page.locator("#spots-map path.leaflet-interactive, #spots-map path").count() >= 2  # area and the sign

    # a spot far outside the group's area (typed here; a tap on the map fills the same fields): the checks say so,
    # as a warning, not a refusal
    page.locator("#spot-0-lat").fill("52.019")
    page.locator("#spot-0-lon").fill("5.019")
    page.locator("#spot-0-lon").dispatch_event("change")
    page.wait_for_function(
        "() => document.getElementById('sign-checks').innerText.includes('buiten het gebied van de groep')"
    )
    page.locator("#spot-0-lat").fill("ergens")
    page.locator("#spot-0-lon").fill("5,0047")
    page.get_by_label("Waarom wil de groep borden?").fill("Inbrekers komen de buurt in via de Molenweg.")
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'fouten'")
    assert page.url.endswith("#fouten")
    top = page.evaluate("() => document.getElementById('fouten').getBoundingClientRect().top")
    assert 0 <= top < 844
    assert page.locator("main").inner_text().count("Vul de coördinaten in als getallen") == 1
    assert SignRequest.objects.filter(status=RequestStatus.REQUESTED).count() == 0
