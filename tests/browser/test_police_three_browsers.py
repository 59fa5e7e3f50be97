"""The whole Heterdaadkracht chain in three browsers against the real ASGI application (live stream included):
the police send a dispatch from the console; the admin, with /meldingen/ open, sees it arrive without reloading
and passes it into the group; a member, with the group's page open, sees the police post arrive without
reloading and marks it seen; and the console shows the admin's "seen" and the forward, and the member who saw
the post, without being reloaded. Every page is checked by axe-core (conftest.Tab)."""

from __future__ import annotations

import re

import pytest

from buurtwacht.police.models import Forward, PoliceMessage
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_narrow_pages import signed_in
from tests.factories import PASSWORD, AddressFactory
from tests.police.conftest import HERE, make_police_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_police_send_the_admin_forwards_a_member_sees_it_and_the_console_shows_it_live(asgi_tab, asgi_server, town):
    from playwright.sync_api import expect

    w = make_police_world(town)
    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=HERE[0], lat=HERE[1])
    admin, member = w.near_admins[0], w.near_members[0]

    admin_page = asgi_tab(PHONE).page
    sign_in(admin_page, asgi_server, admin.email, PASSWORD, "/meldingen/")
    admin_page.wait_for_url("**/meldingen/")
    admin_page.evaluate("window.sameDocument = true")
    admin_page.locator("[data-live-stream][data-state='open']").wait_for()

    member_page = asgi_tab(PHONE).page
    sign_in(member_page, asgi_server, member.email, PASSWORD, f"/groepen/{w.near.slug}/meldingen/")
    member_page.wait_for_url(f"**/groepen/{w.near.slug}/meldingen/")
    member_page.evaluate("window.sameDocument = true")
    member_page.locator("[data-live-stream][data-state='open']").wait_for()

    # The police compose and send from the console.
    police = signed_in(asgi_tab(DESKTOP), w.officer, second_factor=True).open("/politie/nieuw/")
    police.get_by_text("Woninginbraak", exact=True).click()
    police.get_by_label("Postcode").fill("9901 AB")
    police.get_by_label("Huisnummer").fill("12")
    police.get_by_label("Beschrijving").fill("Man vlucht te voet richting het park, donkerblauwe jas.")
    expect(police.locator("[data-preview] [data-count='admins']")).to_have_text("2")
    police.get_by_role("button", name="Bericht versturen").click()
    expect(police).to_have_url(re.compile(r"/politie/berichten/\d+/$"))
    police.evaluate("window.sameDocument = true")
    message = PoliceMessage.objects.get()
    receipts = police.locator("section[data-receipts]")
    expect(receipts.locator("[data-receipt='seen']")).to_have_text("0")

    # The admin's open page shows it without reloading; they open it and pass it into the group.
    card = admin_page.locator(f"#police-{message.pk}")
    card.wait_for(timeout=10_000)
    assert admin_page.evaluate("window.sameDocument") is True
    assert "donkerblauwe jas" in card.inner_text()
    card.get_by_role("link", name="Openen").click()
    admin_page.wait_for_url(f"**/politiebericht/{message.pk}/")
    admin_page.get_by_role("button", name="Doorsturen naar de groep").click()
    admin_page.get_by_text(f"Het bericht staat nu in {w.near.name}.").wait_for()
    assert Forward.objects.get().channel == "groep"

    # The member's open group page shows the police post without reloading, and they mark it seen.
    post = member_page.locator(f"#police-{message.pk}-{w.near.pk}")
    post.wait_for(timeout=10_000)
    assert member_page.evaluate("window.sameDocument") is True
    assert post.locator(".police-badge").inner_text().lower() == "politie"
    post.get_by_role("link", name="Gezien of 112 gebeld? Laat het weten").click()
    member_page.wait_for_url(f"**/politiebericht/{message.pk}/groep/{w.near.slug}/")
    member_page.get_by_role("button", name="Gezien").click()

    # The console, never reloaded, shows the admin who saw it, the forward and the member who saw the post.
    expect(receipts.locator("[data-receipt='seen']")).to_have_text("1", timeout=20_000)
    groups = receipts.locator("[data-receipt-groups]")
    expect(groups).to_contain_text("Doorgestuurd naar de groep om", timeout=20_000)
    expect(groups).to_contain_text(w.near.name)
    expect(groups).to_contain_text(re.compile(r"Deelnemers: \d+ van 3 bereikt, 1 gezien"), timeout=20_000)
    assert police.evaluate("window.sameDocument") is True
    page_text = police.locator("main").inner_text()
    for person in (admin, member):  # police see group names and counts, never people
        assert person.first_name not in page_text and person.email not in page_text
