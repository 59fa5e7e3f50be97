"""The figures on a hand-made world (conftest.py): per 1,000 inhabitants, active groups and members per year, alerts,
and the difference in differences, with every expected number worked out by hand below."""

from __future__ import annotations

import datetime as dt

import pytest

from buurtwacht.municipality.figures.crime import FINAL, PROVISIONAL, UNKNOWN, crime_data
from buurtwacht.municipality.figures.did import Panel, difference_in_differences
from buurtwacht.municipality.figures.display import count_text, masked, per_1000, rate_text
from buurtwacht.municipality.figures.importer import import_crime
from buurtwacht.municipality.figures.selectors import gemeente_figures
from tests.factories import GroupFactory, cell
from tests.municipality.figures.conftest import HEADER, TODAY

pytestmark = pytest.mark.django_db

A, B, C, D = "BU99010000", "BU99010001", "BU99010100", "BU99010101"


def year_row(area, year):
    return next(row for row in area.years if row.year == year)


def test_crime_per_1000_inhabitants_is_the_count_over_the_inhabitants(figured):
    figures = gemeente_figures(figured.town.gemeente, today=TODAY)

    a = figures.buurt(A)
    assert year_row(a, 2019).burglary.count == 12
    assert year_row(a, 2019).rate_burglary.shown == 12.0  # 12 / 1,000 inhabitants * 1,000
    assert year_row(a, 2020).rate_burglary.shown == 8.0
    # The gemeente's own row: 31 burglaries among 4,000 inhabitants = 7.75 per 1,000; 200 crimes = 50 per 1,000.
    assert year_row(figures.total, 2024).rate_burglary.shown == pytest.approx(7.8)
    assert year_row(figures.total, 2024).rate_all.shown == 50.0


def test_a_rate_resting_on_fewer_than_5_crimes_is_not_reliable(figured):
    figures = gemeente_figures(figured.town.gemeente, today=TODAY)

    rate = year_row(figures.buurt(A), 2023).rate_burglary  # 4 burglaries
    assert rate.value == 4.0 and not rate.reliable and rate.shown is None
    assert rate_text(rate) == "niet betrouwbaar"


def test_counts_under_5_are_shown_as_below_5():
    assert [masked(n) for n in (None, 0, 1, 4, 5, 12)] == [None, 0, "< 5", "< 5", 5, 12]
    assert count_text(3) == "<\u00a05"  # on a page: kept on one line
    assert count_text(None) == "onbekend"
    assert count_text(1234) == "1.234"
    assert rate_text(per_1000(None, 1000)) == "onbekend"


def test_active_groups_count_from_the_founding_date_and_members_from_joining(figured):
    figures = gemeente_figures(figured.town.gemeente, today=TODAY)

    a = figures.buurt(A)
    assert [(r.year, r.active_groups, r.members) for r in a.years if r.year in (2020, 2021, 2022, 2023)] == [
        (2020, 0, 0),
        (2021, 1, 2),
        (2022, 1, 2),
        (2023, 1, 7),
    ]
    assert a.first_start == dt.date(2021, 6, 1)
    # The pending group in D and the group's neighbours (a shared border only) count nowhere.
    assert figures.buurt(D).groups == [] and figures.buurt(B).groups == []
    assert year_row(figures.total, 2023).active_groups == 1


def test_alerts_are_counted_per_year_for_the_groups_of_the_area(figured):
    figures = gemeente_figures(figured.town.gemeente, today=TODAY)

    assert year_row(figures.buurt(A), 2022).alerts == 6
    assert year_row(figures.buurt(A), 2023).alerts == 2
    assert year_row(figures.buurt(B), 2023).alerts == 0
    assert year_row(figures.total, 2022).alerts == 6


def test_alerts_per_month_by_kind(figured):
    from tests.municipality.figures.conftest import alert

    alert(figured.group, 2026)  # June 2026
    figures = gemeente_figures(figured.town.gemeente, today=dt.date(2026, 7, 1))

    june = next(m for m in figures.alert_months if m.month == dt.date(2026, 6, 1))
    assert june.kinds == {"inbraak": 1} and june.total == 1
    assert len(figures.alert_months) == 12
    assert figures.alert_months[0].month == dt.date(2025, 8, 1)


def test_the_difference_in_differences_worked_out_by_hand(figured):
    """A: before 2018-2020 (10+12+8)/3 = 10.0 per 1,000 a year; after 2022-2024 (6+4+5)/3 = 5.0: change -5.0.
    Comparison B and C (2,000 inhabitants): before (9+10+11+11+10+9)/(2 x 3) = 10.0, after (9+8+10+9+10+8)/6 = 9.0:
    change -1.0. Difference in differences: -5.0 - -1.0 = -4.0. D has no figures and is no comparison."""
    figures = gemeente_figures(figured.town.gemeente, today=TODAY)

    result = figures.did["1.1.1"]
    [row] = result.rows
    assert row.code == A and row.start_year == 2021
    assert row.before_years == (2018, 2019, 2020) and row.after_years == (2022, 2023, 2024)
    assert row.before == pytest.approx(10.0) and row.after == pytest.approx(5.0)
    assert row.comparison_before == pytest.approx(10.0) and row.comparison_after == pytest.approx(9.0)
    assert row.comparison_buurten == 2
    assert row.difference == pytest.approx(-4.0)
    assert row.reliable
    assert result.mean_difference == pytest.approx(-4.0)
    # All crimes: no buurt figures at all, so A cannot be compared.
    assert [p.code for p in figures.did["0.0.0"].missing] == [A]


def test_a_buurt_without_figures_for_its_code_is_marked(figured):
    figures = gemeente_figures(figured.town.gemeente, today=TODAY)

    assert [b.code for b in figures.missing_crime] == [D]
    assert year_row(figures.buurt(D), 2022).burglary.status == UNKNOWN


def test_the_start_is_the_approval_when_no_founding_date_is_given(town):
    reviewed = dt.datetime(2022, 4, 5, 10, 0, tzinfo=dt.UTC)
    GroupFactory(gemeente=town.gemeente, geometry=cell(1, 0), founded_on=None, reviewed_at=reviewed)

    figures = gemeente_figures(town.gemeente, today=TODAY)

    [group] = figures.buurt(C).groups
    assert (group.started_on, group.start_basis) == (dt.date(2022, 4, 5), "reviewed_at")


def test_small_sums_make_a_difference_not_reliable():
    panels = [
        Panel("BU1", "een", 1000, 2020, {2019: 2, 2021: 1}),
        Panel("BU2", "twee", 1000, None, {2019: 10, 2021: 12}),
    ]
    [row] = difference_in_differences(panels).rows
    assert not row.reliable
    assert difference_in_differences(panels).mean_difference is None


def test_months_add_up_to_a_year_and_the_latest_month_is_provisional(db, tmp_path):
    months = "".join(f'{m};"1.1.1 ";"BU05990101";"2025MM{m:02d}";"{m}"\n' for m in range(1, 13))
    path = tmp_path / "maanden.csv"
    path.write_text(HEADER + months, encoding="utf-8")
    import_crime(path)

    data = crime_data(["BU05990101"])
    assert data.latest_month == dt.date(2025, 12, 1)
    assert data.year("BU05990101", "1.1.1", 2025).count == 78  # 1 + 2 + ... + 12
    assert data.year("BU05990101", "1.1.1", 2025).status == PROVISIONAL  # it holds the latest month
    assert data.month("BU05990101", "1.1.1", dt.date(2025, 12, 1)).status == PROVISIONAL
    assert data.month("BU05990101", "1.1.1", dt.date(2025, 11, 1)).status == FINAL

    path.write_text(HEADER + '1;"1.1.1 ";"BU05990101";"2026MM01";""\n', encoding="utf-8")
    import_crime(path)
    data = crime_data(["BU05990101"])
    assert data.year("BU05990101", "1.1.1", 2025).status == FINAL
    assert data.year("BU05990101", "1.1.1", 2026).status == UNKNOWN  # its only month is suppressed
