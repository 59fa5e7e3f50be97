"""Two members in two browsers, against the real ASGI application (the live stream included): one posts an urgent
alert through the SAAR steps, the other sees it appear without reloading and answers "Ik zie het ook", and the
first sees that answer arrive. Then the alert is closed and the outcome reaches the other member."""

from __future__ import annotations

import pytest

from tests.alerts.neighbours import SPOT, make_neighbours
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LON, LAT = SPOT


def test_an_urgent_alert_reaches_the_neighbour_live_and_the_answer_comes_back(asgi_tab, town, asgi_server):
    hood = make_neighbours()
    for user in (hood.bram, hood.carla):
        user.email = f"{user.first_name.lower()}@example.org"
        user.save(update_fields=["email"])

    carla = asgi_tab().page
    sign_in(carla, asgi_server, "carla@example.org", PASSWORD, "/meldingen/")
    carla.wait_for_url("**/meldingen/")
    carla.evaluate("window.sameDocument = true")  # gone if the page reloads
    carla.locator("[data-live-stream][data-state='open']").wait_for()

    bram = asgi_tab(geolocation={"latitude": LAT, "longitude": LON}, permissions=["geolocation"]).page
    sign_in(bram, asgi_server, "bram@example.org", PASSWORD, f"/groepen/{hood.group.slug}/meldingen/nieuw/")
    bram.wait_for_url("**/nieuw/")

    # 1 Signaleer: what, where ("here"), when (now)
    bram.get_by_text("Inbraak", exact=True).click()
    bram.get_by_role("button", name="Hier (mijn locatie)").click()
    bram.get_by_text("Uw locatie is op de kaart gezet.").wait_for()
    bram.get_by_role("button", name="Volgende").first.click()
    # 2 Alarmeer: an urgent kind offers only "called 112" or "not yet"
    assert bram.get_by_label("Ik heb 0900-8844 gebeld").is_hidden()
    assert bram.get_by_role("link", name="Bel 112").first.get_attribute("href") == "tel:112"
    bram.get_by_label("Ik heb 112 gebeld").check()
    bram.locator("fieldset[data-step='alarmeer']").get_by_role("button", name="Volgende").click()
    # 3 App: description and signalement
    bram.get_by_label("Wat ziet u?").fill("Man met koevoet bij de achterdeur van nummer 12.")
    bram.get_by_text("Signalement van een persoon").click()
    bram.get_by_label("Kleding").fill("donkerblauwe jas, rode rugzak")
    bram.get_by_role("button", name="Melding versturen naar de groep").click()
    bram.wait_for_url("**/meldingen/*/")
    assert "112 gebeld om" in bram.locator("article.alert-card").inner_text()
    bram.locator("[data-live-stream][data-state='open']").wait_for()

    # The neighbour's open page shows it without reloading, with the 112 call on top.
    card = carla.locator("article.alert-card", has_text="Man met koevoet")
    card.wait_for(timeout=10_000)
    assert carla.evaluate("window.sameDocument") is True
    assert "Bram" in card.inner_text() and "112 gebeld om" in card.inner_text()
    assert "Bakker" not in card.inner_text()
    card.get_by_role("button", name="Ik zie het ook").click()

    # ... and the answer reaches the author's page live.
    bram.locator(".timeline", has_text="Carla: Ik zie het ook").wait_for(timeout=10_000)

    # The author closes it with an outcome; the neighbour sees how it ended.
    bram.get_by_label("Verdachte vertrokken").check()
    bram.get_by_label("Toelichting").fill("Weggefietst richting het park.")
    bram.get_by_role("button", name="Afsluiten en de groep laten weten hoe het afliep").click()
    carla.locator("article.alert-card", has_text="Weggefietst richting het park.").wait_for(timeout=10_000)
    assert carla.evaluate("window.sameDocument") is True
