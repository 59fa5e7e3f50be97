"""Before and after the first group, beside comparable buurten without one: a difference in differences.

For every buurt where a group started in year S (the year of its first group's start):
1. Before: the years S-3 .. S-1, after: the years S+1 .. S+3 (the start year itself is left out, being half and
   half), each only when it is a complete year with a known count for the buurt.
2. The comparison: the buurten of the same gemeente where no active group works, pooled, in exactly the same years,
   only those comparison buurten with a known count in every one of them.
3. A rate is crimes per 1,000 inhabitants per year: the sum of the counts over the years, divided by inhabitants
   times the number of years, times 1,000.
4. The difference in differences: (after - before in the buurt) - (after - before in the comparison). Negative
   means the buurt's crime fell more (or rose less) than in the buurten without a group.
5. Reliable only when every sum it rests on is at least MIN_COUNT; otherwise the page shows it as not reliable.
The overall figure is the plain mean of the reliable buurten's differences.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_COUNT = 5
WINDOW = 3


@dataclass(frozen=True)
class Panel:
    """One buurt's complete, known counts per year of one kind of crime."""

    code: str
    name: str
    inhabitants: int | None
    start_year: int | None  # the first group's start; None: no group works here (or its start is unknown)
    counts: dict[int, int]  # year -> count, complete years with a known count only
    has_group: bool | None = None  # None: as start_year says

    @property
    def with_group(self) -> bool:
        return self.start_year is not None if self.has_group is None else self.has_group


@dataclass(frozen=True)
class DidRow:
    code: str
    name: str
    start_year: int
    before_years: tuple[int, ...]
    after_years: tuple[int, ...]
    before: float
    after: float
    comparison_before: float
    comparison_after: float
    comparison_buurten: int
    reliable: bool

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def comparison_change(self) -> float:
        return self.comparison_after - self.comparison_before

    @property
    def difference(self) -> float:
        return self.change - self.comparison_change


@dataclass(frozen=True)
class DidResult:
    rows: list[DidRow]
    missing: list[Panel]  # buurten with a group where before or after (or the comparison) has no figures

    @property
    def reliable_rows(self) -> list[DidRow]:
        return [row for row in self.rows if row.reliable]

    @property
    def mean_difference(self) -> float | None:
        rows = self.reliable_rows
        return sum(row.difference for row in rows) / len(rows) if rows else None


def rate(total: int, inhabitants: int, years: int) -> float:
    return total * 1000 / (inhabitants * years)


def difference_in_differences(panels: list[Panel]) -> DidResult:
    comparison = [p for p in panels if not p.with_group and p.inhabitants]
    rows: list[DidRow] = []
    missing: list[Panel] = []
    pooled: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple | None] = {}  # buurten often share their years
    for panel in panels:
        if not panel.with_group:
            continue
        row = _row(panel, comparison, pooled) if panel.start_year is not None else None
        if row is None:
            missing.append(panel)
        else:
            rows.append(row)
    return DidResult(rows=rows, missing=missing)


def _pool(comparison: list[Panel], before: tuple[int, ...], after: tuple[int, ...]) -> tuple | None:
    """(buurten, inhabitants, crimes before, crimes after) of the comparison buurten known in all those years."""
    years = before + after
    peers = [p for p in comparison if all(y in p.counts for y in years)]
    if not peers:
        return None
    return (
        len(peers),
        sum(p.inhabitants or 0 for p in peers),
        sum(p.counts[y] for p in peers for y in before),
        sum(p.counts[y] for p in peers for y in after),
    )


def _row(panel: Panel, comparison: list[Panel], pooled: dict) -> DidRow | None:
    start = panel.start_year
    assert start is not None
    before = tuple(y for y in range(start - WINDOW, start) if y in panel.counts)
    after = tuple(y for y in range(start + 1, start + WINDOW + 1) if y in panel.counts)
    if not before or not after or not panel.inhabitants:
        return None
    if (before, after) not in pooled:
        pooled[(before, after)] = _pool(comparison, before, after)
    pool = pooled[(before, after)]
    if pool is None:
        return None
    peers, people, comparison_before, comparison_after = pool
    sums = {
        "before": sum(panel.counts[y] for y in before),
        "after": sum(panel.counts[y] for y in after),
        "comparison_before": comparison_before,
        "comparison_after": comparison_after,
    }
    return DidRow(
        code=panel.code,
        name=panel.name,
        start_year=start,
        before_years=before,
        after_years=after,
        before=rate(sums["before"], panel.inhabitants, len(before)),
        after=rate(sums["after"], panel.inhabitants, len(after)),
        comparison_before=rate(comparison_before, people, len(before)),
        comparison_after=rate(comparison_after, people, len(after)),
        comparison_buurten=peers,
        reliable=min(sums.values()) >= MIN_COUNT,
    )
