"""Joining end to end in Chromium: a resident signs up, finds the group for their address and asks to join; an
admin admits them; the resident then sees the group as a member."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_search_and_map import screenshot
from tests.factories import PASSWORD, AddressFactory, GroupFactory, UserFactory, cell, make_member, make_town

pytestmark = pytest.mark.browser


@pytest.fixture
def molenhoek(transactional_db):
    make_town()
    group = GroupFactory(name="Buurtpreventie Molenhoek", geometry=cell(0, 0))
    make_member(group, UserFactory(email="anna@example.org", first_name="Anna", last_name="Admin"), admin=True)
    AddressFactory(street="Molenweg", number=12, postcode="9901AB")
    return group


def test_a_resident_signs_up_asks_to_join_and_is_admitted_by_the_admin(open_tab, molenhoek):
    from playwright.sync_api import expect

    resident = open_tab(PHONE)
    page = resident.open("/")
    page.get_by_label("Postcode").fill("9901 AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_role("button", name="Zoek").click()
    card = page.locator("article.card", has_text="Buurtpreventie Molenhoek")
    expect(card).to_be_visible()
    card.get_by_role("link", name=re.compile("^Lid worden")).click()

    # Not signed in: the sign-in page offers an account, and keeps the way back to the join page.
    expect(page).to_have_url(re.compile(r"/account/inloggen/"))
    page.get_by_role("link", name="Account aanmaken").click()
    page.get_by_label("Voornaam").fill("Bram")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("E-mailadres").fill("bram@example.org")
    page.get_by_label("Wachtwoord", exact=True).fill("Zomer-aan-zee-2026")
    page.get_by_label("Wachtwoord nog een keer").fill("Zomer-aan-zee-2026")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("e-mail")

    # The verification mail (the test settings keep mail in memory) leads back to the join page, signed in.
    (verification,) = [m for m in mail.outbox if m.to == ["bram@example.org"]]
    path = re.search(r"/account/bevestigen/[^\s/]+/", verification.body).group(0)
    page.goto(resident.base_url + path)
    expect(page).to_have_url(re.compile(r"/groepen/.+/lid-worden/"))
    page.get_by_label("Postcode").fill("9901AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label(re.compile("18 jaar of ouder")).check()
    page.get_by_label("Ik accepteer de huisregels").check()
    screenshot(page, "join-phone")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.locator("main")).to_contain_text("aanvraag")

    # The admin hears of it, and admits Bram from the manage page.
    (notice,) = [m for m in mail.outbox if m.to == ["anna@example.org"]]
    assert "Bram" in notice.body
    admin = open_tab()
    sign_in(admin.page, admin.base_url, "anna@example.org", PASSWORD, f"/groepen/{molenhoek.slug}/beheer/")
    admin.page.get_by_role("button", name="Bram toelaten").click()
    expect(admin.page.locator("main")).to_contain_text("Bram")
    screenshot(admin.page, "manage-desktop")

    # Bram is told, and the group's page now treats him as a member.
    assert any(m.to == ["bram@example.org"] and "Molenhoek" in m.subject for m in mail.outbox if m is not verification)
    page.goto(f"{resident.base_url}/groepen/{molenhoek.slug}/")
    expect(page.locator("main")).to_contain_text("U bent deelnemer")
    page.goto(f"{resident.base_url}/groepen/{molenhoek.slug}/deelnemers/")
    expect(page.locator("main")).to_contain_text("Anna")
    assert "Admin" not in page.locator("main").inner_text()  # other members: first name and street only
