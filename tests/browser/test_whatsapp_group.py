"""A group that lives on WhatsApp, end to end in Chromium on a 390 px phone: a resident asks to join, the admin
admits them, and only then does the resident see the way into the WhatsApp group (issue 12). Every page is
checked by axe-core (conftest.Tab)."""

from __future__ import annotations

import re

import pytest

from buurtwacht.groups.models import AlertPlace
from buurtwacht.groups.whatsapp import group_alert_place_update
from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_search_and_map import screenshot
from tests.factories import PASSWORD, AddressFactory, GroupFactory, UserFactory, cell, make_member, make_town

pytestmark = pytest.mark.browser

LINK = "https://chat.whatsapp.com/FictieveCode0123456789"


@pytest.fixture
def whatsapp_group(transactional_db):
    make_town()
    group = GroupFactory(name="Buurtpreventie Molenhoek", geometry=cell(0, 0))
    anna = make_member(group, UserFactory(email="anna@example.org", first_name="Anna", last_name="Admin"), admin=True)
    home = AddressFactory(street="Molenweg", number=12, postcode="9901AB")
    UserFactory(email="bram@example.org", first_name="Bram", last_name="Bakker", address=home)
    return group_alert_place_update(group=group, admin=anna, alert_place=AlertPlace.WHATSAPP, whatsapp_link=LINK)


def test_a_resident_sees_the_whatsapp_link_only_after_being_admitted(open_tab, whatsapp_group):
    from playwright.sync_api import expect

    group = whatsapp_group
    open_path = f"/groepen/{group.slug}/whatsapp/"
    resident = open_tab(PHONE)
    page = resident.page
    sign_in(page, resident.base_url, "bram@example.org", PASSWORD, f"/groepen/{group.slug}/")
    main = page.locator("main")
    expect(main).to_contain_text("In WhatsApp")
    expect(page.get_by_role("link", name="Naar de WhatsApp-groep")).to_have_count(0)
    assert "FictieveCode" not in page.content()

    page.locator("#meedoen").get_by_role("link", name="Lid worden").click()
    expect(page).to_have_url(re.compile(r"/groepen/.+/lid-worden/"))
    page.get_by_label("Postcode").fill("9901AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label(re.compile("18 jaar of ouder")).check()
    page.get_by_label("Ik accepteer de huisregels").check()
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(main).to_contain_text("aanvraag")
    page.goto(f"{resident.base_url}/groepen/{group.slug}/")
    expect(page.get_by_role("link", name="Naar de WhatsApp-groep")).to_have_count(0)
    assert "FictieveCode" not in page.content()

    admin = open_tab(PHONE)
    sign_in(admin.page, admin.base_url, "anna@example.org", PASSWORD, f"/groepen/{group.slug}/beheer/")
    admin.page.get_by_role("button", name="Bram toelaten").click()
    expect(admin.page.locator("main")).to_contain_text("Bram")
    admin.page.get_by_role("link", name="WhatsApp en meldingen instellen").click()
    not_opened = admin.page.locator("section", has_text="nog niet openden")
    expect(not_opened).to_contain_text("Bram Bakker")
    screenshot(admin.page, "whatsapp-manage-phone")

    page.goto(f"{resident.base_url}/groepen/{group.slug}/")
    way_in = page.get_by_role("link", name="Naar de WhatsApp-groep")
    expect(way_in).to_have_attribute("href", open_path)
    assert "FictieveCode" not in page.content()  # the link itself only behind the redirect
    screenshot(page, "whatsapp-member-phone")
    page.goto(f"{resident.base_url}/meldingen/")
    expect(page.locator("main")).to_contain_text("SAAR")
    expect(page.get_by_role("link", name=re.compile("Melding maken"))).to_have_count(0)

    # The group moves to both: the admin gets the ready message for the WhatsApp members, with a wa.me link.
    admin.page.get_by_label("In Buurtwacht en WhatsApp").check()
    admin.page.get_by_role("button", name="Opslaan", exact=True).click()
    section = admin.page.locator("section", has_text="uitnodigen voor Buurtwacht")
    expect(section).to_contain_text(f"/groepen/{group.slug}/uitnodiging/")
    share = section.get_by_role("link", name="Open in WhatsApp")
    expect(share).to_have_attribute("href", re.compile(r"^https://wa\.me/\?text=Beste%20buren"))
    screenshot(admin.page, "whatsapp-switch-phone")
