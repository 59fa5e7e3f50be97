"""Coverage of the tiny town, exactly: per buurt, per wijk, the gaps, and the rules at the edges."""

from __future__ import annotations

import pytest

from buurtwacht.municipality.coverage.compute import coverage_compute
from buurtwacht.municipality.coverage.models import BuurtCoverage, CoverageState, WijkCoverage
from buurtwacht.municipality.coverage.selectors import gemeente_coverage
from buurtwacht.municipality.coverage.services import coverage_refresh
from tests.factories import CELL, ORIGIN_LAT, ORIGIN_LON, AddressFactory, make_town

pytestmark = pytest.mark.django_db


def figures(town) -> dict[tuple[int, int], tuple]:
    rows = {row.buurt_id: row for row in BuurtCoverage.objects.all()}
    return {
        key: (rows[b.pk].addresses, rows[b.pk].covered_addresses, rows[b.pk].households, rows[b.pk].members,
              rows[b.pk].groups)
        for key, b in town.buurten.items()
    }


def test_each_buurt_counts_its_addresses_the_covered_ones_households_and_members(tiny):
    result = coverage_refresh()
    assert figures(tiny.town) == {
        (0, 0): (4, 4, 450, 2, 2),  # two active groups; the member of both counts once
        (0, 1): (2, 1, 450, 0, 1),  # the lower half is Molenhoek's
        (1, 0): (3, 0, 450, 0, 0),  # only a pending group: a gap, and its member does not count
        (1, 1): (0, 0, 450, 0, 0),
    }
    assert (result.buurten, result.addresses, result.covered_addresses) == (4, 9, 5)
    row = BuurtCoverage.objects.get(buurt=tiny.town.buurten[(0, 1)])
    assert row.share == 0.5 and row.uncovered_households == 225
    assert BuurtCoverage.objects.get(buurt=tiny.town.buurten[(0, 0)]).members_per_100_households == pytest.approx(
        200 / 450
    )


def test_wijken_add_up_their_buurten(tiny):
    coverage_refresh()
    wijk0 = WijkCoverage.objects.get(wijk=tiny.town.wijken[0])
    wijk1 = WijkCoverage.objects.get(wijk=tiny.town.wijken[1])
    # The test wijken have no CBS household figure: the sum of their buurten's.
    assert (wijk0.addresses, wijk0.covered_addresses, wijk0.households, wijk0.members, wijk0.groups) == (
        6, 5, 900, 2, 2,
    )
    assert (wijk1.addresses, wijk1.covered_addresses, wijk1.households, wijk1.members, wijk1.groups) == (
        3, 0, 900, 0, 0,
    )


def test_the_gaps_come_largest_first_and_buurten_without_addresses_are_no_gap(tiny):
    coverage_refresh()
    coverage = gemeente_coverage(tiny.town.gemeente)
    assert [row.buurt.code for row in coverage.by_gap] == ["BU99010100", "BU99010001"]
    assert [row.buurt.code for row in coverage.without_group] == ["BU99010100"]
    totals = coverage.totals
    assert (totals.addresses, totals.covered_addresses, totals.buurten_without_group) == (9, 5, 1)
    assert totals.households == 1800  # the gemeente's own CBS figure
    assert totals.members_per_100_households == pytest.approx(200 / 1800)


def test_an_address_on_the_border_of_two_equal_buurten_counts_once_in_the_lowest_code(tiny):
    AddressFactory(lon=ORIGIN_LON + CELL, lat=ORIGIN_LAT + CELL / 3)  # on the line between (0,0) and (1,0)
    coverage_refresh()
    assert figures(tiny.town)[(0, 0)][:2] == (5, 5)
    assert figures(tiny.town)[(1, 0)][:2] == (3, 0)


def test_an_address_outside_every_buurt_counts_nowhere(tiny):
    AddressFactory(lon=ORIGIN_LON - CELL, lat=ORIGIN_LAT - CELL)
    assert coverage_refresh().addresses == 9


def test_recomputing_one_gemeente_leaves_the_others_alone(tiny):
    other = make_town(code="9903", name="Elders", columns=1, rows=1)
    coverage_refresh()
    before = BuurtCoverage.objects.get(buurt__gemeente=other.gemeente).computed_at
    coverage_compute([tiny.town.gemeente.pk])
    assert BuurtCoverage.objects.get(buurt__gemeente=other.gemeente).computed_at == before
    assert BuurtCoverage.objects.filter(gemeente=tiny.town.gemeente).count() == 4
    assert CoverageState.objects.get(gemeente=tiny.town.gemeente).computed_at > before


def test_a_gemeente_not_yet_computed_says_so(tiny):
    coverage = gemeente_coverage(tiny.town.gemeente)
    assert not coverage.computed and coverage.buurten == []


def test_the_dashboard_totals_from_one_query_equal_the_page_totals(tiny):
    from buurtwacht.municipality.coverage.selectors import biggest_gaps, gemeente_totals

    coverage_refresh()
    coverage = gemeente_coverage(tiny.town.gemeente)
    assert gemeente_totals(tiny.town.gemeente) == coverage.totals
    assert biggest_gaps(tiny.town.gemeente, 5) == coverage.by_gap
    assert gemeente_totals(make_town(code="9904", name="Leeg").gemeente) is None
