"""A resident searches an address, finds the covering group, follows the map to the group's page;
an organiser registers a group by drawing its area.

Screenshots go to $BUURTWACHT_SCREENSHOTS (default: the temporary directory) as buurtwacht-*.png.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from buurtwacht.groups.models import Group, GroupStatus
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import PASSWORD, AddressFactory, GroupFactory, UserFactory, cell, make_town

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("BUURTWACHT_SCREENSHOTS") or tempfile.gettempdir())


def screenshot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=SCREENSHOTS / f"buurtwacht-{name}.png", full_page=full_page)


@pytest.fixture
def neighbourhood(transactional_db):
    make_town()
    molenhoek = GroupFactory(name="Buurtpreventie Molenhoek", geometry=cell(0, 0), member_count=42, address_count=7)
    GroupFactory(name="Buurtpreventie Kerkbuurt", geometry=cell(1, 1), member_count=18)
    AddressFactory(street="Molenweg", number=12)
    return molenhoek


def search(page, postcode: str, number: str):
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Huisnummer").fill(number)
    page.get_by_role("button", name="Zoeken").click()


@pytest.mark.parametrize(("viewport", "size"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_resident_finds_the_group_and_follows_the_map_to_its_page(open_tab, neighbourhood, viewport, size):
    from playwright.sync_api import expect

    tab = open_tab(viewport)
    page = tab.open("/")
    search(page, "9901 ab", "12")

    card = page.locator("article.card", has_text="Buurtpreventie Molenhoek")
    expect(card).to_be_visible()
    expect(page.locator(".result-address")).to_have_text("Molenweg 12, 9901 AB Proefdorp")
    expect(page.locator("#result path.leaflet-interactive:not(.address-marker)")).to_have_count(1)
    screenshot(page, f"home-result-{size}")

    page.get_by_role("navigation").get_by_role("link", name="Kaart").click()
    areas = page.locator("#groups-map path.leaflet-interactive")
    expect(areas).to_have_count(2)
    expect(page.locator("#map-status")).to_have_text("De gebieden van de groepen staan op de kaart.")
    screenshot(page, f"map-{size}")

    # The group list under the map works without the map.
    expect(page.locator(".group-list").get_by_role("link", name="Buurtpreventie Kerkbuurt")).to_be_visible()

    # As the page says: a click on an area goes to that group's page.
    area = page.locator("#groups-map path.leaflet-interactive").first
    area.hover()
    name = page.locator(".leaflet-tooltip strong").inner_text()
    area.click()
    page.wait_for_url("**/groepen/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator(".group path.leaflet-interactive")).to_have_count(1)
    screenshot(page, f"group-{size}")
    assert "anna@example.org" not in page.content()


def test_an_uncovered_address_points_to_nearby_groups_on_a_phone(open_tab, neighbourhood):
    from playwright.sync_api import expect

    AddressFactory(street="Akkerweg", number=3, lon=5.015, lat=52.005)  # buurt (1, 0): no group
    page = open_tab(PHONE).open("/")
    search(page, "9901AB", "3")

    expect(page.get_by_role("heading", name="Er is nog geen buurtpreventiegroep voor dit adres")).to_be_visible()
    expect(page.get_by_role("link", name="Start een groep")).to_be_visible()
    expect(page.locator("#result path.leaflet-interactive:not(.address-marker)")).to_have_count(2)
    screenshot(page, "home-nearby-phone")


def test_the_keyboard_reaches_the_search_through_the_skip_link(open_tab, neighbourhood):
    from playwright.sync_api import expect

    page = open_tab().open("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Postcode")).to_be_focused()


def test_an_organiser_registers_a_group_by_drawing_its_area(open_tab, neighbourhood):
    from playwright.sync_api import expect

    tab = open_tab()
    organiser = UserFactory(email="carla@example.org", first_name="Carla")
    sign_in(tab.page, tab.base_url, organiser.email, PASSWORD, "/groepen/aanmelden/?gemeente=GM9901")
    page = tab.page
    expect(page.get_by_label("Naam van de groep", exact=True)).to_be_visible()
    page.get_by_label("Naam van de groep", exact=True).fill("Buurtpreventie Getekend")
    page.get_by_label("Naam contactpersoon").fill("Carla Jansen")
    page.get_by_label("E-mailadres contactpersoon").fill("carla@example.org")

    draw_map = page.locator("#draw-map")
    expect(draw_map).to_be_visible()
    draw_map.scroll_into_view_if_needed()
    page.get_by_role("button", name="Teken een vlak").click()
    box = draw_map.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(-60, -60), (60, -60), (60, 60), (-60, 60)]
    for dx, dy in corners:
        page.mouse.click(cx + dx, cy + dy)
    page.mouse.click(cx + corners[0][0], cy + corners[0][1])  # back on the first point closes the polygon

    expect(page.locator("#draw-status")).to_have_text("Het gebied is getekend. U kunt het nog aanpassen of wissen.")
    assert '"Polygon"' in page.locator("#id_area").input_value()
    screenshot(page, "register-drawn", full_page=False)

    page.get_by_role("button", name="Groep aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw aanmelding")
    group = Group.objects.get(name="Buurtpreventie Getekend")
    assert group.status == GroupStatus.PENDING and group.gemeente.code == "GM9901"


def test_without_javascript_an_organiser_registers_with_buurten(chromium, live_server, neighbourhood):
    from playwright.sync_api import expect

    context = chromium.new_context(java_script_enabled=False, viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    organiser = UserFactory(email="dirk@example.org", first_name="Dirk")
    sign_in(page, live_server.url, organiser.email, PASSWORD, "/groepen/aanmelden/")
    expect(page.locator("#draw-map")).to_be_hidden()
    page.get_by_label("Gemeente", exact=True).select_option("GM9901")
    page.get_by_role("button", name="Toon de buurten van deze gemeente").click()
    page.get_by_label("Naam van de groep", exact=True).fill("Buurtpreventie Zonder Script")
    page.get_by_label("Proefdorp buurt 1-0").check()
    screenshot(page, "register-nojs-phone")
    page.get_by_label("Naam contactpersoon").fill("Dirk de Boer")
    page.get_by_label("E-mailadres contactpersoon").fill("dirk@example.org")
    page.get_by_role("button", name="Groep aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw aanmelding")
    context.close()
    assert Group.objects.get(name="Buurtpreventie Zonder Script").status == GroupStatus.PENDING


def test_a_group_name_with_html_stays_text_in_the_map_tooltip(open_tab, transactional_db):
    """Group names are user input, and Leaflet inserts a tooltip given as a string as HTML."""
    from playwright.sync_api import expect

    make_town()
    name = '<img src=x onerror="window.__xss=1">'
    GroupFactory(name=name)
    page = open_tab().open("/kaart/")
    area = page.locator("#groups-map path.leaflet-interactive")
    expect(area).to_have_count(1)

    area.hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip.locator("strong")).to_have_text(name)
    expect(tooltip.locator("img")).to_have_count(0)
    page.wait_for_timeout(300)  # an injected <img src=x> would have failed to load and run its onerror by now
    assert page.evaluate("typeof window.__xss") == "undefined"
