"""The coverage map page on a 390 px phone: the buurten drawn in their classes, the legend in words, the gaps and
the table with the same numbers; axe-core checks the page (conftest.Tab), also after the map has loaded."""

from __future__ import annotations

import pytest
import shapely

from buurtwacht.accounts.models import RoleKind
from buurtwacht.municipality.coverage.services import coverage_refresh
from tests.browser.conftest import PHONE
from tests.browser.test_narrow_pages import signed_in
from tests.factories import (
    CELL,
    ORIGIN_LAT,
    ORIGIN_LON,
    AddressFactory,
    GroupFactory,
    UserFactory,
    cell,
    make_role,
    make_town,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coverage_map_on_a_phone(open_tab, transactional_db):
    town = make_town(name="Voorbeeldrecht (fictief)")
    for n in range(4):
        AddressFactory(lon=ORIGIN_LON + (0.2 + 0.15 * n) * CELL, lat=ORIGIN_LAT + 0.5 * CELL)
    for n in range(3):
        AddressFactory(lon=ORIGIN_LON + (1.3 + 0.2 * n) * CELL, lat=ORIGIN_LAT + 0.5 * CELL)
    AddressFactory(lon=ORIGIN_LON + 0.5 * CELL, lat=ORIGIN_LAT + 1.2 * CELL)
    AddressFactory(lon=ORIGIN_LON + 0.5 * CELL, lat=ORIGIN_LAT + 1.8 * CELL)
    half = shapely.box(ORIGIN_LON, ORIGIN_LAT + CELL, ORIGIN_LON + CELL, ORIGIN_LAT + 1.5 * CELL)
    GroupFactory(name="Buurtpreventie Merelbuurt", geometry=shapely.union_all([cell(0, 0), half]),
                 gemeente=town.gemeente)
    coverage_refresh()
    police = UserFactory(first_name="Piet")
    make_role(police, RoleKind.WIJKAGENT, town.gemeente)

    tab = signed_in(open_tab(PHONE), police, second_factor=True)
    page = tab.open(f"/gemeente/{town.gemeente.code}/dekking/")
    page.wait_for_selector("#coverage-map path.leaflet-interactive")
    assert page.locator("#coverage-map path.leaflet-interactive").count() == 4
    assert "gekleurd naar dekking" in page.locator("#coverage-map-status").inner_text()
    legend = page.locator(".coverage-legend").inner_text()
    assert "geen groep (0%)" in legend and "75% of meer" in legend
    gaps = page.locator("section[aria-labelledby=gaps-heading] tbody tr")
    assert gaps.count() == 2
    assert "Voorbeeldrecht (fictief) buurt 1-0" in gaps.nth(0).inner_text()
    assert "55,6%" in page.locator(".stats").inner_text()
    # The dashed outline tells the gaps apart without colour.
    dashed = page.locator("#coverage-map path.leaflet-interactive[stroke-dasharray]")
    assert dashed.count() == 2  # the gap and the buurt without addresses
    tab.check_accessibility()

    # The dashboard's section links here.
    page = tab.open(f"/gemeente/{town.gemeente.code}/")
    page.get_by_role("link", name="Dekking per buurt", exact=True).click()
    page.wait_for_url(f"**/gemeente/{town.gemeente.code}/dekking/")
