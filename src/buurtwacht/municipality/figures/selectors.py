"""The effect figures of a gemeente and its buurten, per year: active groups, members, alerts and registered crime
per 1,000 inhabitants, and the difference in differences. Counts only: never who, never what was said.

Members are the present members of the groups working in the area, by the date they joined (people who left leave
no trace). Alerts are those posted in those groups, counted once per buurt a group works in. Inhabitants are the
latest CBS figure of the area, used for every year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from buurtwacht.alerts.models import Alert, AlertKind
from buurtwacht.geo.models import Buurt, Gemeente
from buurtwacht.groups.models import Membership
from buurtwacht.municipality.chathistory.selectors import ChatMonthTotal, whatsapp_months, whatsapp_per_year
from buurtwacht.municipality.figures.areas import GroupInfo, groups_per_buurt
from buurtwacht.municipality.figures.crime import NO_FIGURES, PROVISIONAL, CrimeCell, CrimeData, crime_data
from buurtwacht.municipality.figures.did import DidResult, Panel, difference_in_differences
from buurtwacht.municipality.figures.display import Rate, per_1000
from buurtwacht.municipality.figures.models import CrimeKind

MAX_YEARS = 10
ALERT_MONTHS = 12
KINDS = (CrimeKind.ALL, CrimeKind.HOME_BURGLARY)


@dataclass
class YearRow:
    year: int
    inhabitants: int | None
    active_groups: int = 0
    members: int = 0
    alerts: int = 0
    crime: dict[str, CrimeCell] = field(default_factory=dict)
    current: bool = False  # the running year: groups, members and alerts so far
    whatsapp_messages: int = 0  # from the groups' imported WhatsApp histories (counts only)
    whatsapp_police: int = 0  # of which mention 112 or the police

    def cell(self, kind: str) -> CrimeCell:
        return self.crime.get(kind, NO_FIGURES)

    def rate(self, kind: str) -> Rate:
        return per_1000(self.cell(kind).count, self.inhabitants)

    @property
    def crime_all(self) -> CrimeCell:
        return self.cell(CrimeKind.ALL)

    @property
    def burglary(self) -> CrimeCell:
        return self.cell(CrimeKind.HOME_BURGLARY)

    @property
    def rate_all(self) -> Rate:
        return self.rate(CrimeKind.ALL)

    @property
    def rate_burglary(self) -> Rate:
        return self.rate(CrimeKind.HOME_BURGLARY)


@dataclass
class AreaFigures:
    code: str
    name: str
    inhabitants: int | None
    groups: list[GroupInfo]
    years: list[YearRow]
    has_crime: bool
    buurt: Buurt | None = None

    @property
    def first_start(self) -> dt.date | None:
        starts = [g.started_on for g in self.groups if g.started_on]
        return min(starts) if starts else None

    @property
    def latest_final(self) -> YearRow | None:
        """The latest year with a final crime figure (else the latest past year)."""
        past = [row for row in self.years if not row.current]
        final = [row for row in past if row.crime_all.final]
        return (final or past or self.years or [None])[-1]


@dataclass
class AlertMonth:
    month: dt.date
    kinds: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


@dataclass(frozen=True)
class CrimeMonth:
    month: dt.date
    crime_all: CrimeCell
    burglary: CrimeCell

    @property
    def incomplete(self) -> bool:
        return PROVISIONAL in (self.crime_all.status, self.burglary.status)


@dataclass
class GemeenteFigures:
    gemeente: Gemeente
    total: AreaFigures
    buurten: list[AreaFigures]
    years: list[int]
    crime: CrimeData
    alert_months: list[AlertMonth]
    did: dict[str, DidResult]
    today: dt.date
    whatsapp_months: list[ChatMonthTotal] = field(default_factory=list)

    @property
    def has_whatsapp(self) -> bool:
        return any(month.messages for month in self.whatsapp_months)

    @property
    def crime_months(self) -> list[CrimeMonth]:
        """The gemeente's registered crime in the last 12 months of police figures, newest first."""
        latest = self.crime.latest_month
        if latest is None or not self.total.has_crime:
            return []
        code = self.gemeente.code
        months = [_month_back(latest, n) for n in range(ALERT_MONTHS)]
        rows = [
            CrimeMonth(m, self.crime.month(code, CrimeKind.ALL, m), self.crime.month(code, CrimeKind.HOME_BURGLARY, m))
            for m in months
        ]
        return [row for row in rows if row.crime_all.count is not None or row.burglary.count is not None]

    @property
    def sources(self) -> list[str]:
        return self.crime.sources

    @property
    def fictional(self) -> bool:
        return self.crime.fictional

    @property
    def missing_crime(self) -> list[AreaFigures]:
        return [b for b in self.buurten if not b.has_crime]

    def buurt(self, code: str) -> AreaFigures | None:
        return next((b for b in self.buurten if b.code == code.upper()), None)

    @property
    def alert_kinds(self) -> list[tuple[str, str]]:
        return alert_kinds(self.alert_months)


def alert_kinds(months: list[AlertMonth]) -> list[tuple[str, str]]:
    """(kind, label) of the kinds that occur in these months, in the composer's order."""
    used = {kind for month in months for kind, n in month.kinds.items() if n}
    return [(value, label) for value, label in AlertKind.choices if value in used]


def gemeente_figures(gemeente: Gemeente, *, today: dt.date | None = None) -> GemeenteFigures:
    today = today or timezone.localdate()
    buurten = list(Buurt.objects.filter(gemeente=gemeente).order_by("code"))
    per_buurt, groups = groups_per_buurt(gemeente, buurten)
    data = crime_data([gemeente.code, *(b.code for b in buurten)])
    first = data.first_year() or today.year - 4
    years = list(range(max(first, today.year - MAX_YEARS + 1), today.year + 1))
    group_ids = [g.pk for g in groups]
    joined = list(
        Membership.objects.filter(group_id__in=group_ids)
        .annotate(year=ExtractYear("joined_at"))
        .values_list("group_id", "user_id", "year")
    )
    alerts = defaultdict(int)
    for row in (
        Alert.objects.filter(group_id__in=group_ids)
        .annotate(year=ExtractYear("created_at"))
        .values("group_id", "year")
        .annotate(n=Count("pk"))
    ):
        alerts[(row["group_id"], row["year"])] = row["n"]
    activity = _Activity(years=years, today=today, joined=joined, alerts=alerts,
                         whatsapp=whatsapp_per_year(group_ids, years))

    areas = [
        AreaFigures(
            code=b.code,
            name=b.display_name,
            inhabitants=b.inhabitants,
            groups=per_buurt[b.pk],
            years=activity.rows(b.code, b.inhabitants, per_buurt[b.pk], data),
            has_crime=data.has(b.code),
            buurt=b,
        )
        for b in buurten
    ]
    total = AreaFigures(
        code=gemeente.code,
        name=gemeente.display_name,
        inhabitants=gemeente.inhabitants,
        groups=groups,
        years=activity.rows(gemeente.code, gemeente.inhabitants, groups, data),
        has_crime=data.has(gemeente.code),
    )
    if not total.has_crime:
        _sum_buurten(total, areas)
    months = alert_months(group_ids, today)
    return GemeenteFigures(
        gemeente=gemeente,
        total=total,
        buurten=areas,
        years=years,
        crime=data,
        alert_months=months,
        did={kind: difference_in_differences([_panel(area, kind) for area in areas]) for kind in KINDS},
        today=today,
        whatsapp_months=whatsapp_months(group_ids, [m.month for m in months]),
    )


@dataclass
class _Activity:
    years: list[int]
    today: dt.date
    joined: list[tuple[int, int, int]]  # group, user, year of joining
    alerts: dict[tuple[int, int], int]
    whatsapp: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # (group, year): messages, police

    def __post_init__(self):
        # Per group: each member's year of joining, so that an area merges only the members of its own groups.
        self.joined_in: dict[int, dict[int, int]] = defaultdict(dict)
        for group, user, year in self.joined:
            self.joined_in[group][user] = year

    def _members_by_year(self, ids: set[int]) -> dict[int, int]:
        """{year: members who had joined by the end of it}, each person once, at their earliest joining."""
        first: dict[int, int] = {}
        for pk in ids:
            for user, year in self.joined_in.get(pk, {}).items():
                first[user] = min(year, first.get(user, year))
        joined_per_year = defaultdict(int)
        for year in first.values():
            joined_per_year[year] += 1
        counts, total = {}, sum(n for year, n in joined_per_year.items() if year < self.years[0])
        for year in self.years:
            total += joined_per_year.get(year, 0)
            counts[year] = total
        return counts

    def rows(self, code: str, inhabitants: int | None, groups: list[GroupInfo], data: CrimeData) -> list[YearRow]:
        ids = {g.pk for g in groups}
        members = self._members_by_year(ids)
        rows = []
        for year in self.years:
            rows.append(
                YearRow(
                    year=year,
                    inhabitants=inhabitants,
                    active_groups=sum((g.started_on or self.today).year <= year for g in groups),
                    members=members[year],
                    alerts=sum(self.alerts.get((pk, year), 0) for pk in ids),
                    crime={kind: data.year(code, kind, year) for kind in KINDS},
                    current=year == self.today.year,
                    whatsapp_messages=sum(self.whatsapp.get((pk, year), (0, 0))[0] for pk in ids),
                    whatsapp_police=sum(self.whatsapp.get((pk, year), (0, 0))[1] for pk in ids),
                )
            )
        return rows


def _sum_buurten(total: AreaFigures, areas: list[AreaFigures]) -> None:
    """Without figures for the gemeente itself: its buurten added up, only where every buurt's figure is known."""
    if not any(area.has_crime for area in areas):
        return
    for index, row in enumerate(total.years):
        for kind in KINDS:
            cells = [area.years[index].cell(kind) for area in areas]
            if any(cell.count is None for cell in cells):
                row.crime[kind] = NO_FIGURES
                continue
            final = all(cell.final for cell in cells)
            row.crime[kind] = CrimeCell(sum(cell.count or 0 for cell in cells), "final" if final else "provisional")


def _panel(area: AreaFigures, kind: str) -> Panel:
    start = area.first_start
    return Panel(
        code=area.code,
        name=area.name,
        inhabitants=area.inhabitants,
        start_year=start.year if start else None,
        has_group=bool(area.groups),
        counts={
            row.year: row.cell(kind).count
            for row in area.years
            if not row.current and row.cell(kind).final and row.cell(kind).count is not None
        },
    )


def alert_months(group_ids: list[int], today: dt.date) -> list[AlertMonth]:
    """Alerts per month and kind in the groups, for the last ALERT_MONTHS months (this one included), oldest first."""
    first = _month_back(today.replace(day=1), ALERT_MONTHS - 1)
    months = {_month_back(today.replace(day=1), n): AlertMonth(_month_back(today.replace(day=1), n), {})
              for n in range(ALERT_MONTHS)}
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    rows = (
        Alert.objects.filter(group_id__in=group_ids, created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "kind")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        if month in months:
            months[month].kinds[row["kind"]] = row["n"]
    return [months[m] for m in sorted(months)]


def _month_back(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)
