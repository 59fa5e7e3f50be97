"""The network of groups in the browser, against the real ASGI application (live stream included), every page
checked by axe-core on a 390 px phone (conftest.Tab):

- Noord's admin opts the group in from the admin page and passes a members' alert on from its page;
- Oost's admin, with /meldingen/ open, sees it arrive without reloading, opens it (where it happened on a small map)
  and forwards it into Oost with one press; a member of Oost, with /meldingen/ open, sees the alert arrive, saying
  where it came from;
- municipal staff see the gemeente's network as a map (zoom buttons in Dutch) and a list on a desktop screen.
"""

from __future__ import annotations

import pytest

from buurtwacht.accounts.models import RoleKind
from buurtwacht.alerts.models import Alert
from buurtwacht.networks.models import NetworkOptIn, PassOn
from tests.browser.conftest import DESKTOP, sign_in
from tests.browser.test_narrow_pages import signed_in as with_session
from tests.browser.test_search_and_map import screenshot
from tests.factories import PASSWORD, UserFactory, make_role
from tests.networks.conftest import make_network, opt_in, post_alert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(town):
    return make_network(town)


def signed_in(make_tab, base_url: str, user, path: str, **options):
    page = make_tab(**options).page
    sign_in(page, base_url, user.email, PASSWORD, path)
    page.wait_for_url(f"**{path}")
    return page


def stay_on(page) -> None:
    """Mark the document, so that a reload (which would lose the mark) is noticed."""
    page.evaluate("window.sameDocument = true")
    page.locator("[data-live-stream][data-state='open']").wait_for()


def test_an_admin_passes_an_alert_on_and_the_neighbours_admin_forwards_it_into_the_group(
    asgi_tab, asgi_server, network
):
    opt_in(network.oost)
    alert = post_alert(network.noord, network.mila)

    # Noord's admin opts the group in from the admin page.
    anton = signed_in(asgi_tab, asgi_server, network.anton, "/groepen/noord/beheer/")
    anton.get_by_role("button", name="Meedoen aan het netwerk").click()
    anton.get_by_text("Buurtpreventie Noord doet mee aan het netwerk van buurgroepen.").wait_for()
    assert NetworkOptIn.objects.filter(group=network.noord).exists()
    assert anton.get_by_role("heading", name="Buurgroepen", exact=True).is_visible()
    assert "Ella, Ernst" in anton.locator("main").inner_text()

    # Oost's admin and a member of Oost keep /meldingen/ open.
    ella = signed_in(asgi_tab, asgi_server, network.ella, "/meldingen/")
    stay_on(ella)
    mart = signed_in(asgi_tab, asgi_server, network.mart, "/meldingen/")
    stay_on(mart)

    # Noord's admin passes the alert on from its page.
    anton.goto(f"{asgi_server}{alert.get_absolute_url()}")
    anton.get_by_role("button", name="Doorgeven aan buurgroepen").click()
    anton.get_by_text("Doorgegeven aan de beheerders van Buurtpreventie Oost.").wait_for()
    screenshot(anton, "network-alert-passed-on")
    pass_on = PassOn.objects.get()

    # Oost's admin sees it arrive without reloading, and forwards it into the group.
    card = ella.locator(f"#pass-on-{pass_on.pk}")
    card.wait_for(timeout=10_000)
    assert ella.evaluate("window.sameDocument") is True
    assert "Van een buurgroep" in card.inner_text() and "Man met koevoet" in card.inner_text()
    assert "Mila" not in card.inner_text()
    card.get_by_role("link", name="Bekijken en doorsturen naar Buurtpreventie Oost").click()
    ella.wait_for_url(f"**/netwerk/doorgegeven/{pass_on.pk}/")
    # Where it happened: the small map of the alert's page, the place marked on Noord's area.
    ella.locator("#pass-on-map .address-marker").wait_for()
    assert ella.locator("#pass-on-map path.leaflet-interactive").count() >= 1
    screenshot(ella, "network-passed-on-alert")
    ella.get_by_role("button", name="Doorsturen naar Buurtpreventie Oost").click()
    ella.get_by_text("Doorgestuurd naar de deelnemers van Buurtpreventie Oost.").wait_for()
    forwarded = Alert.objects.get(group=network.oost)
    assert ella.url.endswith(forwarded.get_absolute_url())

    # The member of Oost sees the alert arrive, saying which group it came from.
    arrived = mart.locator(f"#alert-{forwarded.pk}")
    arrived.wait_for(timeout=10_000)
    assert mart.evaluate("window.sameDocument") is True
    assert "Doorgegeven door buurgroep Buurtpreventie Noord." in arrived.inner_text()

    # Back on the alert's page, Noord's admin sees that Oost forwarded it.
    anton.reload()
    assert "doorgestuurd naar hun groep" in anton.locator("#doorgeven").inner_text()


def test_staff_see_the_network_of_the_gemeente_as_a_map_and_a_list(asgi_tab, asgi_server, network):
    opt_in(network.noord, network.oost)
    staff = UserFactory(first_name="Gerda")
    make_role(staff, RoleKind.MUNICIPAL, network.town.gemeente)
    tab = with_session(asgi_tab(viewport=DESKTOP), staff, second_factor=True)
    page = tab.open(f"/gemeente/{network.town.gemeente.code}/netwerk/")
    page.locator("#network-map .leaflet-interactive").first.wait_for()
    assert page.locator("#network-map path.leaflet-interactive").count() == 5  # 4 groups and 1 line
    # The zoom buttons say what they do in the page's language, as on the other maps.
    assert page.locator("#network-map .leaflet-control-zoom-in").get_attribute("title") == "Inzoomen"
    assert page.locator("#network-map .leaflet-control-zoom-out").get_attribute("title") == "Uitzoomen"
    assert page.get_by_role("link", name="Terug naar het overzicht").is_visible()
    screenshot(page, "network-gemeente")
    table = page.get_by_role("table").inner_text()
    assert "Buurtpreventie Noord" in table and "doet mee" in table and "Buurtpreventie Oost" in table
    page.goto(f"{asgi_server}/gemeente/{network.town.gemeente.code}/")
    page.get_by_role("link", name="Kaart en lijst van het netwerk").wait_for()
    # And on a phone: the table turns into labelled rows, nothing scrolls sideways (conftest.Tab).
    phone = with_session(asgi_tab(), staff, second_factor=True)
    phone.open(f"/gemeente/{network.town.gemeente.code}/netwerk/").locator(
        "#network-map .leaflet-interactive"
    ).first.wait_for()
