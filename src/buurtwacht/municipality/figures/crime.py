"""Reading the imported crime figures back: per area code, kind and year, from the year table where it has the year,
else added up from the months.

A year is FINAL when it comes from the year table, or when all twelve months are known and none of them is the
latest month in the data (the police's latest month is incomplete: reports still come in). A year added up from
fewer months, or holding that latest month, is PROVISIONAL (shown, marked, and left out of comparisons). A year with
any suppressed month, or with no figures at all, is unknown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from buurtwacht.municipality.figures.models import CrimeFigure, CrimeKind, PeriodKind

FINAL = "final"
PROVISIONAL = "provisional"
UNKNOWN = "unknown"
FICTIONAL_MARK = "fictief"  # a source label holding this word marks invented figures (the demo)


@dataclass(frozen=True)
class CrimeCell:
    count: int | None
    status: str

    @property
    def final(self) -> bool:
        return self.status == FINAL and self.count is not None


NO_FIGURES = CrimeCell(None, UNKNOWN)


@dataclass
class CrimeData:
    years: dict[tuple[str, str], dict[int, int | None]] = field(default_factory=lambda: defaultdict(dict))
    months: dict[tuple[str, str], dict[dt.date, int | None]] = field(default_factory=lambda: defaultdict(dict))
    months_of_year: dict[tuple[str, str, int], dict[dt.date, int | None]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    latest_month: dt.date | None = None
    sources: list[str] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)

    @property
    def fictional(self) -> bool:
        return any(FICTIONAL_MARK in source.lower() for source in self.sources)

    def has(self, code: str) -> bool:
        return code in self.codes

    def year(self, code: str, kind: str, year: int) -> CrimeCell:
        table = self.years.get((code, kind), {})
        if year in table:
            return CrimeCell(table[year], FINAL if table[year] is not None else UNKNOWN)
        months = self.months_of_year.get((code, kind, year), {})
        if not months or any(n is None for n in months.values()):
            return NO_FIGURES
        total = sum(n for n in months.values() if n is not None)
        complete = len(months) == 12 and self.latest_month not in months
        return CrimeCell(total, FINAL if complete else PROVISIONAL)

    def month(self, code: str, kind: str, month: dt.date) -> CrimeCell:
        table = self.months.get((code, kind), {})
        if month not in table or table[month] is None:
            return NO_FIGURES
        return CrimeCell(table[month], PROVISIONAL if month == self.latest_month else FINAL)

    def first_year(self) -> int | None:
        years = [y for table in self.years.values() for y in table]
        years += [m.year for table in self.months.values() for m in table]
        return min(years) if years else None


def crime_data(codes: list[str]) -> CrimeData:
    data = CrimeData()
    rows = CrimeFigure.objects.filter(area_code__in=codes, crime_kind__in=CrimeKind.values).values_list(
        "area_code", "crime_kind", "period_kind", "period_start", "count", "source"
    )
    sources: set[str] = set()
    for code, kind, period_kind, start, count, source in rows:
        data.codes.add(code)
        sources.add(source)
        if period_kind == PeriodKind.YEAR:
            data.years[(code, kind)][start.year] = count
        else:
            data.months[(code, kind)][start] = count
            data.months_of_year[(code, kind, start.year)][start] = count
    # The latest month published for these areas: reports for it are still coming in.
    months = [m for table in data.months.values() for m in table]
    data.latest_month = max(months) if months else None
    data.sources = sorted(sources)
    return data
