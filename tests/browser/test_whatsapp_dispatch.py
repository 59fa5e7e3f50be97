"""Police dispatches over WhatsApp in the browser, against the local Cloud API (tests/whatsapp_server.py): an admin
switches WhatsApp on from the account page (number, code from WhatsApp, an explicit yes), the police send a
dispatch, the test server receives the template, and its signed status callbacks to our webhook move the receipts
on the console page while the wijkagent watches. axe-core checks every page (conftest.Tab)."""

from __future__ import annotations

import pytest

from buurtwacht.delivery.models import WhatsAppNumber
from buurtwacht.police import services
from tests.browser.conftest import PHONE
from tests.browser.test_narrow_pages import signed_in
from tests.police.conftest import message_input, police_world  # noqa: F401 - the fixture
from tests.whatsapp_server import post_status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_switches_whatsapp_on_and_its_callbacks_move_the_console_receipts(
    open_tab,
    live_server,
    police_world,  # noqa: F811
    whatsapp_server,
):
    from playwright.sync_api import expect

    w = police_world
    admin = w.near_admins[0]
    for person in w.near_admins:  # WhatsApp is the only channel that reaches them
        person.email_verified_at = None
        person.save(update_fields=["email_verified_at"])

    page = signed_in(open_tab(PHONE), admin).open("/account/")
    page.get_by_role("link", name="Politieberichten ook via WhatsApp").click()
    page.get_by_label("Mobiel nummer").fill("06 1234 5678")
    page.get_by_role("button", name="Stuur een code via WhatsApp").click()
    expect(page.get_by_text("We hebben een code via WhatsApp gestuurd.")).to_be_visible()
    text = whatsapp_server.received[-1]["template"]["components"][0]["parameters"][0]["text"]
    code = next(word for word in text.replace(".", " ").split() if word.isdigit() and len(word) == 6)
    page.get_by_label("Code uit WhatsApp (6 cijfers)").fill(code)
    page.get_by_label("Ja, stuur mij politieberichten").check()
    page.get_by_role("button", name="Bevestigen en aanzetten").click()
    expect(page.get_by_text("Politieberichten komen nu ook via WhatsApp.")).to_be_visible()
    assert WhatsAppNumber.objects.get(user=admin).confirmed_at is not None

    message = services.message_send(sender=w.sender, data=message_input())
    sent = whatsapp_server.received[-1]
    assert sent["to"] == "31612345678" and sent["template"]["name"] == "politiebericht"

    console = signed_in(open_tab(PHONE), w.officer, second_factor=True).open(f"/politie/berichten/{message.pk}/")
    receipts = console.locator("section[data-receipts]")
    expect(receipts.locator("[data-receipt='recipients']")).to_have_text("2")
    expect(receipts.locator("[data-receipt='seen']")).to_have_text("0")

    webhook = f"{live_server.url}/webhooks/whatsapp"
    assert post_status(webhook, sent["id"], "read", secret="wrong") == 403
    for status in ("sent", "delivered"):
        assert post_status(webhook, sent["id"], status) == 200
    expect(receipts.locator("[data-receipt='delivered']")).to_have_text("1", timeout=20_000)
    assert post_status(webhook, sent["id"], "read") == 200
    expect(receipts.locator("[data-receipt='seen']")).to_have_text("1", timeout=20_000)

    # Off again in one tap.
    page.get_by_role("button", name="WhatsApp uitzetten").click()
    expect(page.get_by_text("Politieberichten komen niet meer via WhatsApp.")).to_be_visible()
    assert not WhatsAppNumber.objects.filter(user=admin).exists()
