"""Police messages in the browsers of the people they reach, against the real ASGI application (live stream
included), each page checked by axe-core on a 390 px phone and on a desktop screen:

- an admin keeps /meldingen/ open, sees the dispatch arrive without reloading, opens it, forwards it into the
  group and copies its text; members of the group, with the group's page or /meldingen/ open, see the police
  post arrive without reloading; one opens it and marks "Ik heb 112 gebeld";
- a resident switches area alerts on from the account page, and the next area alert reaches them live;
- the same pages on a desktop screen, and the group's setting that turns police messages off.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from buurtwacht.police import services
from buurtwacht.police.models import AreaAlertOptIn, Forward, MemberMark
from tests.browser.conftest import DESKTOP, sign_in
from tests.factories import PASSWORD, AddressFactory, UserFactory
from tests.police.conftest import make_police_world, message_input
from tests.police.test_received_views import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def police_world(town):
    return make_police_world(town)


def signed_in(make_tab, base_url: str, user, path: str, **options):
    page = make_tab(**options).page
    sign_in(page, base_url, user.email, PASSWORD, path)
    page.wait_for_url(f"**{path}")
    return page


def stay_on(page) -> None:
    """Mark the document, so that a reload (which would lose the mark) is noticed."""
    page.evaluate("window.sameDocument = true")
    page.locator("[data-live-stream][data-state='open']").wait_for()


def test_an_admin_forwards_a_dispatch_and_a_member_marks_that_they_called_112(asgi_tab, asgi_server, police_world):
    w = police_world
    admin, member = w.near_admins[0], w.near_members[0]
    admin_page = signed_in(
        asgi_tab, asgi_server, admin, "/meldingen/", permissions=["clipboard-read", "clipboard-write"]
    )
    stay_on(admin_page)
    member_page = signed_in(asgi_tab, asgi_server, member, f"/groepen/{w.near.slug}/meldingen/")
    stay_on(member_page)
    other_member_page = signed_in(asgi_tab, asgi_server, w.near_members[1], "/meldingen/")
    stay_on(other_member_page)

    message = services.message_send(sender=w.sender, data=message_input())

    # The admin's open page shows the dispatch without reloading.
    card = admin_page.locator(f"#police-{message.pk}")
    card.wait_for(timeout=10_000)
    assert admin_page.evaluate("window.sameDocument") is True
    assert "Politie" in card.inner_text() and "Vanwege een woninginbraak" in card.inner_text()
    card.get_by_role("link", name="Openen").click()
    admin_page.wait_for_url(f"**/politiebericht/{message.pk}/")
    assert admin_page.get_by_role("link", name="Bel 112").first.get_attribute("href") == "tel:112"
    whatsapp = admin_page.get_by_role("link", name="Delen via WhatsApp")
    assert whatsapp.get_attribute("href") == f"/politiebericht/{message.pk}/whatsapp/{w.near.pk}/"
    admin_page.get_by_role("button", name="Doorsturen naar de groep").click()
    admin_page.get_by_text("Het bericht staat nu in Buurtpreventie Molenhoek.").wait_for()
    assert admin_page.get_by_text("U stuurde dit door naar de groep om").is_visible()

    # Copying puts the text on the clipboard and is recorded, without leaving the page.
    admin_page.evaluate("window.sameDocument = true")
    admin_page.get_by_role("button", name="Tekst kopiëren").click()
    admin_page.get_by_text("De tekst is gekopieerd. Plak hem in de groepsapp van Buurtpreventie Molenhoek.").wait_for()
    assert admin_page.evaluate("navigator.clipboard.readText()").startswith("Bericht van de politie.\nVanwege")
    assert admin_page.evaluate("window.sameDocument") is True
    assert set(Forward.objects.values_list("channel", flat=True)) == {"groep", "kopie"}

    # The member's open group page shows the police post without reloading, set apart by its label.
    post = member_page.locator(f"#police-{message.pk}-{w.near.pk}")
    post.wait_for(timeout=10_000)
    assert member_page.evaluate("window.sameDocument") is True
    assert post.locator(".police-badge").inner_text().lower() == "politie"
    assert f"doorgestuurd door {admin.first_name}" in post.inner_text()
    # ... and so does another member's /meldingen/, among the alerts of all their groups.
    other_member_page.locator(f"#police-{message.pk}-{w.near.pk}").wait_for(timeout=10_000)
    assert other_member_page.evaluate("window.sameDocument") is True
    post.get_by_role("link", name="Gezien of 112 gebeld? Laat het weten").click()
    member_page.wait_for_url(f"**/politiebericht/{message.pk}/groep/{w.near.slug}/")
    member_page.get_by_role("button", name="Ik heb 112 gebeld").click()
    member_page.get_by_text("Genoteerd: u heeft 112 gebeld. Dank u.").wait_for()
    assert MemberMark.objects.get().kind == "112"

    # An update from the police reaches the member's post page live.
    stay_on(member_page)
    services.message_update(sender=w.sender, message=message, text_="Verdachte gezien bij het station.")
    member_page.get_by_text("Verdachte gezien bij het station.").wait_for(timeout=10_000)
    assert member_page.evaluate("window.sameDocument") is True


def test_a_resident_opts_in_from_the_account_page_and_the_next_area_alert_reaches_them(
    asgi_tab, asgi_server, police_world
):
    w = police_world
    home = AddressFactory(street="Molenweg", number=12, postcode="9901AB")
    rita = UserFactory(first_name="Rita", address=home)
    page = signed_in(asgi_tab, asgi_server, rita, "/account/")
    page.get_by_role("link", name="Buurtalerts aanzetten").click()
    page.wait_for_url("**/account/buurtalerts/")
    home_form = page.locator("section", has=page.get_by_role("heading", name="Woonadres"))
    assert home_form.get_by_label("Postcode").input_value() == "9901 AB"
    assert home_form.get_by_label("Huisnummer").input_value() == "12"
    home_form.get_by_label("E-mail").uncheck()
    home_form.get_by_role("button", name="Buurtalerts aanzetten voor mijn woonadres").click()
    page.get_by_text("Buurtalerts van de politie staan aan voor Molenweg 12").wait_for()
    optin = AreaAlertOptIn.objects.get(user=rita)
    assert (optin.is_home, optin.push, optin.email) == (True, True, False)

    page.goto(f"{asgi_server}/meldingen/")
    stay_on(page)
    message = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    card = page.locator(f"#police-{message.pk}")
    card.wait_for(timeout=10_000)
    assert page.evaluate("window.sameDocument") is True
    card.get_by_role("link", name="Openen").click()
    page.get_by_text("Alleen de politie leest wat u hier stuurt.").wait_for()
    page.get_by_label("Wat weet u?").fill("Een man met een rode jas fietste hier om tien uur langs.")
    page.get_by_role("button", name="Naar de politie sturen").click()
    page.get_by_text("Dank u. Uw informatie is naar de politie gestuurd; alleen de politie leest het.").wait_for()


def test_the_pages_on_a_desktop_screen(asgi_tab, asgi_server, police_world):
    """The same pages at 1280 px, with a photo and an area alert an admin may also pass on; and the group's
    setting. axe-core checks each (conftest.Tab)."""
    w = police_world
    admin = w.near_admins[0]
    dispatch = services.message_send(sender=w.sender, data=message_input())
    dispatch.photo.save("politie.jpg", ContentFile(jpeg()))
    forward = services.message_forward(message=dispatch, group=w.near, user=w.near_admins[1], channel="groep")
    tab = asgi_tab(viewport=DESKTOP)
    page = tab.page
    sign_in(page, asgi_server, admin.email, PASSWORD, f"/politiebericht/{dispatch.pk}/")
    page.wait_for_url(f"**/politiebericht/{dispatch.pk}/")
    assert page.get_by_text(f"Al doorgestuurd naar de groep door {w.near_admins[1].first_name} om").is_visible()
    assert page.get_by_role("img", name="Foto van de politie bij dit bericht").is_visible()
    page.locator("summary", has_text="Tekst om zelf te kopiëren").click()
    assert page.get_by_label("De tekst van het bericht").input_value().endswith("Heeft u informatie? Bel 112.")
    for path in ("/politieberichten/", "/meldingen/", "/account/", "/account/buurtalerts/"):
        tab.check_accessibility()
        page.goto(asgi_server + path)
    tab.check_accessibility()
    page.goto(f"{asgi_server}/politiebericht/{dispatch.pk}/groep/{forward.group.slug}/")
    page.get_by_role("button", name="Gezien").click()
    page.get_by_text("Genoteerd: u heeft het bericht gezien.").wait_for()
    tab.check_accessibility()
    page.goto(f"{asgi_server}/groepen/{w.near.slug}/beheer/")
    page.get_by_label("Berichten van de politie ontvangen").uncheck()
    page.get_by_role("button", name="Instellingen opslaan").click()
    page.get_by_text("De beheerders krijgen geen berichten van de politie meer.").wait_for()
    w.near.refresh_from_db()
    assert w.near.police_messages is False
