"""The composer and the alert pages as a new member meets them, in Chromium on a phone-sized screen: a refused
description brings them back to step 3 with the error beside the field; a place outside the group's streets is
refused when they leave step 1 (and, without JavaScript, beside "Waar?" after sending); a postcode and house number
show the open alerts nearby before posting; the alert's page opens on the message that it was sent; the answer to
a reaction survives the live update of the card; and the admins' page fits a phone without scrolling sideways."""

from __future__ import annotations

import re

import pytest

from buurtwacht.alerts.models import Alert
from tests.alerts.neighbours import SPOT, make_neighbours, post_alert
from tests.browser.conftest import PHONE, sign_in
from tests.factories import PASSWORD, AddressFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LON, LAT = SPOT
OFFENSIVE = "kankerlijer"  # "kanker*" is abuse in alerts/wordlists/offensive_nl.txt (house rule 6)


@pytest.fixture
def hood(town):
    hood = make_neighbours()
    for user in (hood.anna, hood.bram, hood.carla):
        user.email = f"{user.first_name.lower()}@example.org"
        user.save(update_fields=["email"])
    return hood


@pytest.fixture
def phone(asgi_tab):
    """phone() -> a Playwright page on a 390 px screen against the real ASGI application (live stream included)."""
    return lambda: asgi_tab().page


def compose(page, base_url, group):
    sign_in(page, base_url, "bram@example.org", PASSWORD, f"/groepen/{group.slug}/meldingen/nieuw/")
    page.wait_for_url("**/nieuw/")


def step(page, name):
    return page.locator(f"fieldset[data-step='{name}']")


def test_a_refused_description_brings_the_member_back_to_step_3_with_the_error_beside_it(phone, hood, asgi_server):
    from playwright.sync_api import expect

    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=LON, lat=LAT)
    page = phone()
    compose(page, asgi_server, hood.group)
    # Each step has one title: its legend (no second copy in a progress line).
    expect(page.get_by_text("1. Signaleer: wat, waar, wanneer")).to_have_count(1)

    page.get_by_text("Vandalisme", exact=True).click()
    page.get_by_label("Postcode").fill("9901 AB")
    page.get_by_label("Huisnummer").fill("12")
    step(page, "signaleer").get_by_role("button", name="Volgende").click()
    page.get_by_label("Niet nodig").check()
    step(page, "alarmeer").get_by_role("button", name="Volgende").click()
    text = f"Die {OFFENSIVE} trapt de spiegels van de auto's in."
    page.get_by_label("Wat ziet u?").fill(text)
    page.get_by_role("button", name="Melding versturen naar de groep").click()
    page.wait_for_load_state()

    # Back on the composer, not posted; step 3 open (not step 1), the error next to the description, text kept.
    expect(page).to_have_url(re.compile(r"/meldingen/nieuw/$"))
    assert not Alert.objects.exists()
    expect(step(page, "app")).to_be_visible()
    expect(step(page, "signaleer")).to_be_hidden()
    expect(step(page, "alarmeer")).to_be_hidden()
    description = page.get_by_label("Wat ziet u?")
    expect(description).to_have_value(text)
    expect(description).to_be_focused()
    expect(description).to_have_attribute("aria-invalid", "true")
    field = page.locator(".field", has=page.locator("#id_description"))
    expect(field.locator(".errorlist")).to_be_visible()
    expect(field.locator(".errorlist")).to_contain_text("Dit woord plaatsen we niet")
    expect(page.get_by_role("button", name="Melding versturen naar de groep")).to_be_visible()
    # The member takes the word out and posts: the place and the police call were kept.
    description.fill("Iemand trapt de spiegels van de auto's in.")
    page.get_by_role("button", name="Melding versturen naar de groep").click()
    page.wait_for_url(re.compile(r"/meldingen/\d+/$"))
    assert Alert.objects.get().description == "Iemand trapt de spiegels van de auto's in."
    # The alert's page has one title, and opens on the message that it was sent (read first, Tab goes on from it).
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Vandalisme\s+Buurtpreventie Molenhoek$"))
    sent = page.locator(".messages")
    expect(sent).to_contain_text("Uw melding is verstuurd naar de deelnemers van Buurtpreventie Molenhoek.")
    expect(sent).to_be_focused()


def test_the_place_is_checked_when_the_member_leaves_step_1(phone, hood, asgi_server):
    from playwright.sync_api import expect

    AddressFactory(street="Verweg", number=1, postcode="9999ZZ", lon=LON + 0.1, lat=LAT + 0.1)  # ~13 km away
    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=LON, lat=LAT)
    page = phone()
    compose(page, asgi_server, hood.group)
    page.get_by_text("Vandalisme", exact=True).click()
    postcode, number = page.get_by_label("Postcode"), page.get_by_label("Huisnummer")
    next_step = step(page, "signaleer").get_by_role("button", name="Volgende")
    refusal = page.locator("[data-place-errors]")
    expect(refusal).to_be_hidden()

    # Another town's street: refused at once, beside "Waar?", before anything else is written.
    postcode.fill("9999 ZZ")
    number.fill("1")
    next_step.click()
    expect(refusal).to_contain_text("ligt 1")
    expect(refusal).to_contain_text("buiten het gebied van Buurtpreventie Molenhoek")
    expect(refusal).to_be_focused()
    expect(step(page, "signaleer")).to_be_visible()
    expect(step(page, "alarmeer")).to_be_hidden()

    # An address we do not know: said on the house number.
    postcode.fill("9901 AB")
    number.fill("99")
    next_step.click()
    expect(refusal).to_have_text("We kennen geen adres met deze postcode en dit huisnummer.")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(step(page, "alarmeer")).to_be_hidden()

    # A street of the group's own: the refusal goes and the member moves on.
    number.fill("12")
    next_step.click()
    expect(step(page, "alarmeer")).to_be_visible()
    expect(refusal).to_be_hidden()
    expect(number).not_to_have_attribute("aria-invalid", "true")
    assert not Alert.objects.exists()


def test_without_javascript_a_refused_place_shows_beside_where_after_sending(asgi_tab, hood, asgi_server):
    from playwright.sync_api import expect

    AddressFactory(street="Verweg", number=1, postcode="9999ZZ", lon=LON + 0.1, lat=LAT + 0.1)
    page = asgi_tab(java_script_enabled=False).page
    compose(page, asgi_server, hood.group)
    page.get_by_text("Vandalisme", exact=True).click()
    page.get_by_label("Postcode").fill("9999 ZZ")
    page.get_by_label("Huisnummer").fill("1")
    page.get_by_label("Niet nodig").check()
    page.get_by_label("Wat ziet u?").fill("Iemand trapt de spiegels van de auto's in.")
    page.get_by_role("button", name="Melding versturen naar de groep").click()
    page.wait_for_load_state()
    refusal = page.locator("[data-place-field] [data-place-errors]")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("buiten het gebied van Buurtpreventie Molenhoek")
    expect(page.get_by_label("Wat ziet u?")).to_have_value("Iemand trapt de spiegels van de auto's in.")
    assert not Alert.objects.exists()


def test_an_error_of_no_field_keeps_step_1_with_the_error_in_view(phone, hood, asgi_server, settings):
    from playwright.sync_api import expect

    from buurtwacht.alerts import services

    settings.ALERT_RATE_LIMIT = "1/60m"
    earlier = post_alert(hood.group, hood.bram)  # the one alert Bram may post this hour
    services.alert_close(alert=earlier, by=hood.bram, outcome="loos_alarm")  # closed: not offered as nearby
    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lon=LON, lat=LAT)
    page = phone()
    compose(page, asgi_server, hood.group)
    # Said at once, before the member fills everything in.
    expect(page.locator("[data-rate-limit]")).to_have_text(services.rate_limit_message(hood.bram))
    expect(page.locator("[data-rate-limit]")).to_be_in_viewport()
    background = page.locator("[data-rate-limit]").evaluate("element => getComputedStyle(element).backgroundColor")
    assert background == "rgb(255, 244, 214)"  # amber: a warning, not the green of a success
    page.get_by_text("Vandalisme", exact=True).click()
    page.get_by_label("Postcode").fill("9901AB")
    page.get_by_label("Huisnummer").fill("12")
    step(page, "signaleer").get_by_role("button", name="Volgende").click()
    page.get_by_label("Niet nodig").check()
    step(page, "alarmeer").get_by_role("button", name="Volgende").click()
    page.get_by_label("Wat ziet u?").fill("Iemand trapt de spiegels van de auto's in.")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.get_by_role("button", name="Melding versturen naar de groep").click()
    page.wait_for_load_state()

    on_top = page.locator("[data-form-errors]")
    expect(on_top).to_contain_text(services.rate_limit_message(hood.bram))
    expect(page.locator("[data-rate-limit]")).to_have_count(0)  # the refusal says it; not the warning again
    expect(step(page, "signaleer")).to_be_visible()
    expect(step(page, "app")).to_be_hidden()
    expect(on_top).to_be_focused()
    expect(on_top).to_be_in_viewport()
    assert Alert.objects.count() == 1


def test_a_postcode_and_house_number_show_the_open_alerts_nearby_before_posting(phone, hood, asgi_server):
    from playwright.sync_api import expect

    AddressFactory(street="Molenweg", number=14, postcode="9901AB", lon=LON + 0.0005, lat=LAT)
    first = post_alert(hood.group, hood.carla)
    page = phone()
    compose(page, asgi_server, hood.group)
    nearby = page.locator("[data-nearby] section.nearby")
    expect(nearby).to_have_count(0)

    page.get_by_text("Inbraak", exact=True).click()
    page.get_by_label("Postcode").fill("9901 ab")
    page.get_by_label("Huisnummer").fill("14")  # no pin, no "here", nothing sent yet
    expect(nearby).to_be_visible(timeout=5_000)
    expect(nearby.get_by_role("heading")).to_have_text("Gaat het om hetzelfde voorval?")
    expect(nearby.get_by_role("link", name="Dit is hetzelfde: aanvullen")).to_have_attribute(
        "href", re.compile(rf"/meldingen/{first.pk}/#aanvullen$")
    )
    expect(page).to_have_url(re.compile(r"/meldingen/nieuw/$"))
    assert page.locator("#id_seen_nearby").input_value() == str(first.pk)
    assert Alert.objects.count() == 1

    # It is something else after all: having seen the offer, the member posts at once (no second round).
    step(page, "signaleer").get_by_role("button", name="Volgende").click()
    page.get_by_label("Nog niet gebeld").check()
    step(page, "alarmeer").get_by_role("button", name="Volgende").click()
    page.get_by_label("Wat ziet u?").fill("Twee mannen met een ladder achter nummer 14.")
    page.get_by_role("button", name="Melding versturen naar de groep").click()
    page.wait_for_url(re.compile(r"/meldingen/\d+/$"))
    assert Alert.objects.count() == 2


def test_the_answer_to_a_reaction_stays_when_the_live_update_replaces_the_card(phone, hood, asgi_server):
    from playwright.sync_api import expect

    alert = post_alert(hood.group, hood.carla)
    page = phone()
    sign_in(page, asgi_server, "bram@example.org", PASSWORD, "/meldingen/")
    page.wait_for_url("**/meldingen/")
    page.locator("[data-live-stream][data-state='open']").wait_for()
    card_id = f"alert-{alert.pk}"
    # New alerts come in at the top of the list, and the list comes before the admins' notices.
    above = "document.getElementById('alerts-title').getBoundingClientRect().top"
    assert page.evaluate(above) < page.evaluate("document.getElementById('notices-title').getBoundingClientRect().top")
    page.evaluate("id => { document.getElementById(id).dataset.original = 'yes'; }", card_id)

    card = page.locator(f"#{card_id}")
    card.get_by_role("button", name="Ik kijk uit").click()
    # The live stream brings the card again, with Bram's reaction in its timeline: a new element.
    expect(card.locator(".timeline")).to_contain_text("Bram: Ik kijk uit", timeout=10_000)
    expect(card).not_to_have_attribute("data-original", "yes")

    status = page.locator(f"#{card_id}-status")
    expect(status).to_have_text("Uw reactie is geplaatst.")
    expect(status).to_be_visible()
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_class(re.compile(r"\breaction-status--ok\b"))
    assert page.evaluate("id => document.getElementById(id).nextElementSibling.id", card_id) == f"{card_id}-status"
    page.wait_for_timeout(500)  # a later event must not wipe it either
    expect(status).to_have_text("Uw reactie is geplaatst.")

    # The same reaction twice is refused, and it looks like a refusal.
    card.get_by_role("button", name="Ik kijk uit").click()
    expect(status).to_contain_text("U heeft al gereageerd")
    expect(status).to_have_class(re.compile(r"\breaction-status--error\b"))
    colour = status.evaluate("element => getComputedStyle(element).borderLeftColor")
    assert colour == "rgb(164, 22, 26)"  # --error, not the grey of a remark

    # On the alert's own page the card does not link to itself.
    page.goto(f"{asgi_server}{alert.get_absolute_url()}")
    expect(page.locator(f"#{card_id} .alert-card__more")).to_be_hidden()


def test_the_manage_page_does_not_scroll_sideways_on_a_phone(phone, hood, asgi_server):
    from buurtwacht.groups.membership import services as membership

    address = AddressFactory(
        street="Burgemeester Jhr. Mr. Van Oldenbarneveltstraatweg", number=1234, postcode="9901AB", lon=LON, lat=LAT
    )
    user = UserFactory(
        first_name="Maximiliaan-Alexander",
        last_name="Van Oldenbarnevelt tot Rijnsburgerwaard",
        email="maximiliaan.alexander.van.oldenbarnevelt@buurtpreventie-rijnsburgerwaard.example.org",
        phone="0612345678",
        address=address,
    )
    membership.join_request_create(
        group=hood.group,
        user=user,
        address=address,
        declared_min_age=True,
        rules_version=1,
        message="Hallo! Zie https://www.buurtpreventie-rijnsburgerwaard.example.org/aanmelden/bewonersvereniging/2026",
    )
    page = phone()
    sign_in(page, asgi_server, "anna@example.org", PASSWORD, f"/groepen/{hood.group.slug}/beheer/")
    page.wait_for_url("**/beheer/")
    request = page.locator("li.request")
    request.wait_for()
    width = "document.documentElement.scrollWidth"
    assert page.evaluate(width) <= PHONE["width"], "the manage page scrolls sideways"
    box = request.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # With the refusal opened as well.
    request.get_by_text("Weigeren…").click()
    request.get_by_label("Reden van weigering").wait_for()
    assert page.evaluate(width) <= PHONE["width"], "the opened refusal scrolls sideways"


def test_the_alert_page_keeps_a_refused_addition_and_lets_the_browser_not_block_closing(phone, hood, asgi_server):
    from playwright.sync_api import expect

    alert = post_alert(hood.group, hood.anna)
    page = phone()
    sign_in(page, asgi_server, "bram@example.org", PASSWORD, alert.get_absolute_url())
    page.wait_for_url(f"**{alert.get_absolute_url()}")
    # Bram may not close Anna's alert: no way to it; and the card does not link to the page it is on.
    expect(page.get_by_role("link", name="Melding afsluiten")).to_have_count(0)
    expect(page.locator("#afsluiten")).to_have_count(0)
    expect(page.locator(".alert-card__more")).to_be_hidden()

    text = f"Die {OFFENSIVE} rende weg."
    page.get_by_label("Aanvulling").fill(text)
    page.get_by_role("button", name="Aanvulling plaatsen").click()
    page.wait_for_load_state()
    addition = page.get_by_label("Aanvulling")
    expect(addition).to_have_value(text)
    expect(addition).to_be_focused()
    expect(page.locator("#aanvullen .errorlist")).to_contain_text("Dit woord plaatsen we niet")
    expect(page.locator("#aanvullen .errorlist")).to_be_in_viewport()

    # Anna may close it; the form leaves checking to the server, whose Dutch message shows beside the field.
    page.context.clear_cookies()
    sign_in(page, asgi_server, "anna@example.org", PASSWORD, alert.get_absolute_url())
    page.wait_for_url(f"**{alert.get_absolute_url()}")
    page.get_by_role("link", name="Melding afsluiten").click()
    expect(page.locator("#afsluiten")).to_be_in_viewport()
    page.get_by_role("button", name="Afsluiten en de groep laten weten hoe het afliep").click()
    page.wait_for_url("**/afsluiten/")
    expect(page.locator("form .errorlist")).to_have_text("Kies hoe het is afgelopen.")
    page.get_by_label("Loos alarm").check()
    page.get_by_role("button", name="Afsluiten en de groep laten weten hoe het afliep").click()
    page.wait_for_url(f"**{alert.get_absolute_url()}")
    alert.refresh_from_db()
    assert not alert.is_open
