"""The police console as a wijkagent uses it, in Chromium at desktop width and on a 390 px phone: compose a
dispatch from an address, then a pin on the map, with a circle; watch the reach preview count the groups and
admins inside it and show the text as it will read; send with one tap, and land on the message's page with its
receipts. Every page is checked by axe-core and, on the phone, for sideways scrolling (conftest.Tab)."""

from __future__ import annotations

import re

import pytest

from buurtwacht.police import services
from buurtwacht.police.models import PoliceMessage
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_narrow_pages import signed_in
from tests.factories import AddressFactory
from tests.police.conftest import HERE, police_world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_police_compose_a_dispatch_see_its_reach_and_send_it(open_tab, police_world, viewport):  # noqa: F811
    from playwright.sync_api import expect

    w = police_world
    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=HERE[0], lat=HERE[1])
    tab = signed_in(open_tab(viewport), w.officer, second_factor=True)
    page = tab.open("/")
    page.get_by_role("link", name="Politie", exact=True).click()
    expect(page.get_by_role("heading", name="Politieberichten")).to_be_visible()
    page.get_by_role("link", name="Nieuw bericht").click()
    expect(page).to_have_url(re.compile(r"/politie/nieuw/$"))

    expect(page.get_by_label("Bericht aan beheerders")).to_be_checked()  # the default kind
    page.get_by_text("Woninginbraak", exact=True).click()
    preview = page.locator("[data-preview]")
    expect(preview.locator("[data-preview-status]")).to_contain_text("Zet een punt op de kaart")

    # An address first: the preview draws the circle around it and counts who is inside.
    page.get_by_label("Postcode").fill("9901 AB")
    page.get_by_label("Huisnummer").fill("12")
    expect(preview.locator("[data-count='groups']")).to_have_text("1")
    expect(preview.locator("[data-count='admins']")).to_have_text("2")
    expect(preview.locator("[data-count='reachable_email']")).to_have_text("2")
    expect(preview.locator("[data-groups]")).to_have_text("Buurtpreventie Molenhoek")
    expect(page.locator("#console-map path.leaflet-interactive").first).to_be_visible()

    # Then a pin in the middle of the map (the circle's centre): the pin counts now, and the radius changes.
    page.locator("#console-map").click()
    expect(page.locator("[data-place-status]")).to_contain_text("De plek staat op de kaart")
    assert page.locator("#id_lat").input_value() != ""
    page.get_by_label("Straal in meters").fill("1500")
    page.get_by_label("Beschrijving").fill("Man vlucht te voet richting het park, donkerblauwe jas, witte sneakers.")
    status = preview.locator("[data-preview-status]")
    expect(status).to_have_text("Dit bericht gaat naar 2 beheerders van 1 groep.")
    text = preview.locator("[data-text]")
    expect(text).to_contain_text("Bericht van de politie.")
    expect(text).to_contain_text("Man vlucht te voet richting het park")
    expect(text).to_contain_text("Heeft u informatie? Bel 112.")
    expect(preview.locator("[data-refusals-part]")).to_be_hidden()

    # As an area alert it would reach the one resident who opted in inside the circle; back to the dispatch.
    page.get_by_label("Buurtalert aan bewoners").check()
    expect(status).to_have_text("Dit buurtalert gaat naar 1 bewoner.")
    expect(preview.locator("[data-count='residents']")).to_be_visible()
    expect(preview.locator("[data-count='admins']")).to_be_hidden()
    page.get_by_label("Bericht aan beheerders").check()
    expect(status).to_have_text("Dit bericht gaat naar 2 beheerders van 1 groep.")
    assert not PoliceMessage.objects.exists()

    page.get_by_role("button", name="Bericht versturen").click()
    expect(page).to_have_url(re.compile(r"/politie/berichten/\d+/$"))
    message = PoliceMessage.objects.get()
    assert message.kind == "dispatch" and message.radius_m == 1500 and message.reach["admins"] == 2
    expect(page.get_by_text("Verstuurd naar 2 beheerders van 1 groep.")).to_be_visible()
    receipts = page.locator("section[data-receipts]")
    expect(receipts.locator("[data-receipt='recipients']")).to_have_text("2")
    expect(receipts.locator("[data-receipt-groups]")).to_contain_text("Buurtpreventie Molenhoek")
    expect(receipts.locator("[data-receipt-groups]")).to_contain_text("Nog niet doorgestuurd")

    # An admin opens it and passes it into the group: the page shows it without reloading.
    admin = w.near_admins[0]
    services.message_seen(message=message, user=admin)
    services.message_forward(message=message, group=w.near, user=admin, channel="groep")
    expect(receipts.locator("[data-receipt='seen']")).to_have_text("1", timeout=20_000)
    expect(receipts.locator("[data-receipt-groups]")).to_contain_text("Doorgestuurd naar de groep om", timeout=20_000)


def test_a_refused_radius_is_said_before_sending_and_beside_its_field_after(open_tab, police_world):  # noqa: F811
    from playwright.sync_api import expect

    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=HERE[0], lat=HERE[1])
    tab = signed_in(open_tab(PHONE), police_world.officer, second_factor=True)
    page = tab.open("/politie/nieuw/")
    page.get_by_text("Straatroof", exact=True).click()
    page.get_by_label("Postcode").fill("9901AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Straal in meters").fill("9000")
    page.get_by_label("Beschrijving").fill("Twee mannen op een scooter, zwarte helmen.")
    expect(page.locator("[data-preview-status]")).to_contain_text("Kies een straal van 100 tot 5.000 meter")
    page.get_by_role("button", name="Bericht versturen").click()
    page.wait_for_load_state()
    assert not PoliceMessage.objects.exists()
    radius = page.get_by_label("Straal in meters")
    expect(radius).to_have_value("9000")
    expect(radius).to_have_attribute("aria-invalid", "true")
    expect(radius).to_be_focused()
    expect(page.locator(".field", has=radius).locator(".errorlist")).to_contain_text("Kies een straal")
