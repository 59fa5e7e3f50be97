"""The effect figures on a 390 px phone: the gemeente's page with its SVG charts and tables, a buurt's page, and the
dashboard section that links to them, as municipal staff with the second factor. axe-core (WCAG 2.1 AA) and the
sideways-scrolling check run on every page the tab shows (conftest.Tab)."""

from __future__ import annotations

import datetime as dt

import pytest

from buurtwacht.accounts.models import RoleKind
from buurtwacht.municipality.figures.importer import import_crime
from tests.browser.conftest import PHONE
from tests.browser.test_narrow_pages import signed_in
from tests.browser.test_search_and_map import screenshot
from tests.factories import GroupFactory, UserFactory, make_member, make_role, make_town
from tests.municipality.figures.conftest import alert, crime_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def proefdorp(transactional_db, tmp_path):
    town = make_town()
    group = GroupFactory(name="Buurtpreventie Hoek", gemeente=town.gemeente, founded_on=dt.date(2021, 6, 1))
    for _n in range(6):
        make_member(group, UserFactory())
        alert(group, dt.date.today().year)
    path = tmp_path / "misdrijven.csv"
    path.write_text(crime_csv(), encoding="utf-8")
    import_crime(path)
    staff = UserFactory(first_name="Gerda")
    make_role(staff, RoleKind.MUNICIPAL, town.gemeente)
    return town, staff


def test_the_figures_pages_work_on_a_phone_with_charts_and_tables(open_tab, proefdorp):
    town, staff = proefdorp
    tab = signed_in(open_tab(PHONE), staff, second_factor=True)

    page = tab.open(f"/gemeente/{town.gemeente.code}/")
    section = page.get_by_role("heading", name="Cijfers: groepen, meldingen en misdrijven")
    section.get_by_role("link").click()

    page.wait_for_url(f"**/gemeente/{town.gemeente.code}/cijfers/")
    charts = page.get_by_role("img", name="Woninginbraken per 1.000 inwoners in Proefdorp")
    assert charts.count() == 1 and charts.is_visible()
    assert page.get_by_role("table", name="Cijfers per jaar voor Proefdorp").is_visible()
    assert page.get_by_text("Samenhang, geen bewijs.").is_visible()
    assert page.get_by_role("table", name="Woninginbraken per 1.000 inwoners, voor en na").is_visible()
    screenshot(page, "figures-gemeente-phone")

    page.get_by_role("link", name="Proefdorp buurt 0-0").click()
    page.wait_for_url("**/cijfers/BU99010000/")
    assert page.get_by_role("heading", name="Cijfers voor Proefdorp buurt 0-0", level=1).is_visible()
    chart = page.get_by_role("img", name="Woninginbraken per 1.000 inwoners in Proefdorp buurt 0-0")
    assert chart.count() == 1
    assert page.get_by_text("? = onbekend of te klein om te tonen").first.is_visible()
    # No reliable rate of all crimes in any year: a sentence, not an empty 0-1 axis.
    all_crime = "Geregistreerde misdrijven per 1.000 inwoners in Proefdorp buurt 0-0"
    assert page.get_by_role("img", name=all_crime).count() == 0
    assert page.get_by_text("geen betrouwbare misdrijfcijfers om in een grafiek te tonen").is_visible()
    assert page.get_by_text("<\u00a05").first.is_visible()
    screenshot(page, "figures-buurt-phone")

    page.goto(f"{tab.base_url}/gemeente/{town.gemeente.code}/cijfers/BU99010101/")
    assert page.get_by_text("Voor buurtcode BU99010101 zijn geen misdrijfcijfers ingelezen").is_visible()
