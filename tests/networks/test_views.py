"""The network's pages: a group's network for its admins (names and first names only), the manage page's section,
passing on from the alert's page, the passed-on alert with its forward button, and the gemeente's map for staff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.accounts.models import RoleKind
from buurtwacht.alerts.models import Alert
from buurtwacht.delivery.models import Event
from buurtwacht.networks import events, services
from buurtwacht.networks.models import NetworkOptIn, PassOn
from tests.factories import UserFactory, login_with_second_factor, make_role, make_town
from tests.networks.conftest import opt_in, post_alert

pytestmark = pytest.mark.django_db


def test_the_network_page_shows_group_names_and_first_names_and_nothing_else_of_people(client, network):
    opt_in(network.noord, network.oost, network.verweg)
    client.force_login(network.anton)
    page = client.get(reverse("networks:group", args=["noord"])).content.decode()
    assert "Buurtpreventie Oost" in page and "Ella, Ernst" in page  # neighbour
    assert "Buurtpreventie Verweg" in page and "Frank" in page  # the wijk's beheerdersgroep
    for private in ("ella@example.org", "frank@example.org", "0612345678", "Mart", "Jansen"):
        assert private not in page
    assert "Buurtpreventie Overkant" not in page


def test_an_admin_opts_in_from_the_manage_page(client, network):
    client.force_login(network.anton)
    manage = client.get(reverse("groups:manage", args=["noord"])).content.decode()
    assert "Meedoen aan het netwerk" in manage and reverse("networks:optin", args=["noord"]) in manage
    response = client.post(reverse("networks:optin", args=["noord"]), {"opted_in": "1"})
    assert response.status_code == 302 and NetworkOptIn.objects.filter(group=network.noord).exists()
    assert "Niet meer meedoen" in client.get(reverse("groups:manage", args=["noord"])).content.decode()
    client.post(reverse("networks:optin", args=["noord"]), {"opted_in": "0"})
    assert not NetworkOptIn.objects.filter(group=network.noord).exists()


def test_the_alert_page_offers_passing_on_to_its_admins_only(client, network):
    opt_in(network.noord, network.oost)
    alert = post_alert(network.noord, network.mila)
    client.force_login(network.mila)
    assert "Doorgeven aan buurgroepen" not in client.get(alert.get_absolute_url()).content.decode()
    client.force_login(network.anton)
    page = client.get(alert.get_absolute_url()).content.decode()
    assert "Doorgeven aan buurgroepen" in page and "Buurtpreventie Oost" in page

    response = client.post(reverse("networks:pass_on_alert", args=["noord", alert.pk]), follow=True)
    assert "Doorgegeven aan de beheerders van Buurtpreventie Oost." in response.content.decode()
    again = client.post(reverse("networks:pass_on_alert", args=["noord", alert.pk]), follow=True)
    assert "niemand krijgt haar twee keer" in again.content.decode()
    assert PassOn.objects.count() == 1


def test_the_alert_page_says_why_it_cannot_be_passed_on_yet(client, network):
    alert = post_alert(network.noord, network.mila)
    client.force_login(network.anton)
    page = client.get(alert.get_absolute_url()).content.decode()
    assert "doet nog niet mee aan het netwerk" in page


def test_the_receiving_admin_sees_it_in_the_feed_and_forwards_it_with_one_press(client, network):
    opt_in(network.noord, network.oost)
    alert = post_alert(network.noord, network.mila)
    [pass_on] = services.alert_pass_on(alert=alert, by=network.anton).new
    client.force_login(network.ella)
    feed = client.get(reverse("alerts:home")).content.decode()
    assert f'id="pass-on-{pass_on.pk}"' in feed and "Van een buurgroep" in feed
    assert "Mila" not in feed  # the author stays inside Noord
    page = client.get(pass_on.get_absolute_url()).content.decode()
    assert "Doorsturen naar Buurtpreventie Oost" in page

    response = client.post(reverse("networks:forward", args=[pass_on.pk]))
    forwarded = Alert.objects.get(group=network.oost)
    assert response["Location"] == forwarded.get_absolute_url()
    assert "stuurde dit om" in client.get(pass_on.get_absolute_url()).content.decode()


def test_group_names_ending_in_a_full_stop_get_no_second_one(client, network):
    network.oost.name = "Buurtpreventie Oost e.o."
    network.oost.save(update_fields=["name"])
    network.noord.name = "Buurtpreventie Noord e.o."
    network.noord.save(update_fields=["name"])
    opt_in(network.noord, network.oost)
    alert = post_alert(network.noord, network.mila)
    client.force_login(network.anton)
    passed = client.post(reverse("networks:pass_on_alert", args=["noord", alert.pk]), follow=True).content.decode()
    assert "Doorgegeven aan de beheerders van Buurtpreventie Oost e.o.</p>" in passed
    pass_on = PassOn.objects.get()
    intro = Event.objects.get(kind=events.PASS_ON).payload["message"]["nl"]["text"]
    assert "aan de beheerders van Buurtpreventie Oost e.o. Stuur haar" in intro

    client.force_login(network.ella)
    forwarded = client.post(reverse("networks:forward", args=[pass_on.pk]), follow=True).content.decode()
    assert "Doorgestuurd naar de deelnemers van Buurtpreventie Oost e.o.</p>" in forwarded
    assert "Doorgegeven door buurgroep Buurtpreventie Noord e.o. Daar is om" in forwarded
    card = client.get(pass_on.get_absolute_url()).content.decode()
    assert "door naar Buurtpreventie Oost e.o." in card
    for page in (passed, intro, forwarded, card):
        assert "e.o.." not in page


def test_the_passed_on_alert_shows_where_it_happened_on_a_small_map(client, network):
    opt_in(network.noord, network.oost)
    alert = post_alert(network.noord, network.mila)
    [pass_on] = services.alert_pass_on(alert=alert, by=network.anton).new
    client.force_login(network.ella)
    response = client.get(pass_on.get_absolute_url())
    page = response.content.decode()
    # As on the alert's own page: buurtwacht/map.js marks the place on the neighbour's area, no inline script.
    assert 'data-map role="region"' in page and 'data-marker="52.001000,5.002800"' in page
    assert 'data-features="source-area"' in page and "buurtwacht/map.js" in page and "leaflet.js" in page
    network.noord.refresh_from_db()
    assert response.context["area_features"]["features"][0]["geometry"] == network.noord.area
    assert '<script id="source-area" type="application/json">' in page


def test_members_of_the_receiving_group_do_not_see_the_passed_on_alert(client, network):
    opt_in(network.noord, network.oost)
    alert = post_alert(network.noord, network.mila)
    [pass_on] = services.alert_pass_on(alert=alert, by=network.anton).new
    client.force_login(network.mart)
    assert f"pass-on-{pass_on.pk}" not in client.get(reverse("alerts:home")).content.decode()
    assert client.get(pass_on.get_absolute_url()).status_code == 403


def test_staff_see_the_network_of_their_gemeente_without_people(client, network):
    opt_in(network.noord, network.oost)
    staff = UserFactory()
    make_role(staff, RoleKind.MUNICIPAL, network.town.gemeente)
    login_with_second_factor(client, staff)
    page = client.get(reverse("networks:gemeente", args=[network.town.gemeente.code])).content.decode()
    for name in ("Buurtpreventie Noord", "Buurtpreventie Oost", "Buurtpreventie Verweg", "Buurtpreventie Overkant"):
        assert name in page
    for private in ("Anton", "Ella", "ella@example.org", "0612345678"):
        assert private not in page
    assert 'id="network-features"' in page and "networks/network-map.js" in page
    overview = reverse("municipality:overview", args=[network.town.gemeente.code])
    assert f'<a href="{overview}">Terug naar het overzicht</a>' in page
    dashboard = client.get(reverse("municipality:overview", args=[network.town.gemeente.code])).content.decode()
    assert reverse("networks:gemeente", args=[network.town.gemeente.code]) in dashboard


def test_staff_of_another_gemeente_do_not(client, network):
    other = make_town(code="9902", name="Anderdorp")
    staff = UserFactory()
    make_role(staff, RoleKind.MUNICIPAL, other.gemeente)
    login_with_second_factor(client, staff)
    assert client.get(reverse("networks:gemeente", args=[network.town.gemeente.code])).status_code == 403
