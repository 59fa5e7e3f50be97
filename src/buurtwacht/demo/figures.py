"""Fictional registered crime for the demo gemeente, so that its figures page has something to show.

Invented, and labelled so everywhere: every row carries the source FICTIONAL_SOURCE, which the figures pages show
with a warning. Per buurt a base rate per 1,000 inhabitants, a slow national decline, noise, and (because a demo
should show what the page is for) a drop after the buurt's first group started. Whole years as the year table
(47018NED) gives them, up to last year; this year's months as the month table (47022NED), the latest month only
partly counted, as the police's latest month is. One buurt gets no figures, as if CBS had re-coded it, so that the
page shows how it says so.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from buurtwacht.demo import CBS_NUMBER, SEED
from buurtwacht.geo.models import Buurt, Gemeente
from buurtwacht.groups.models import Group, GroupStatus, MemberRole, Membership
from buurtwacht.municipality.figures.areas import group_info, groups_per_buurt
from buurtwacht.municipality.figures.models import AreaLevel, CrimeFigure, CrimeKind, PeriodKind

FICTIONAL_SOURCE = "fictief (demo): verzonnen cijfers, geen politiegegevens"
FIRST_YEAR = 2014
GROUP_EFFECT = 0.75  # invented: burglaries drop by a quarter after a group starts


def demo_memberships_spread(*, gemeente: Gemeente, now: dt.datetime | None = None) -> int:
    """Members did not all join on the day the demo was built: spread each active group's memberships between its
    start (founding date, else approval) and now, the admins (its founders) on the first day, so that the figures'
    members-over-time line grows as a real group's would. Returns how many memberships were moved."""
    now = now or timezone.now()
    rng = random.Random(SEED + 12)  # its own stream: the rest of the demo stays the same
    moved = []
    groups = Group.objects.filter(gemeente=gemeente, status=GroupStatus.ACTIVE).order_by("pk")
    for group in groups:
        start = group_info(group).started_on
        if start is None:
            continue
        first = timezone.make_aware(dt.datetime.combine(start, dt.time(12)))
        span = max((now - first).total_seconds(), 0)
        for membership in Membership.objects.filter(group=group).order_by("pk"):
            # Most join in the first years: the square root of a uniform draw leans towards the start.
            share = 0 if membership.role == MemberRole.ADMIN else 1 - rng.random() ** 0.5
            membership.joined_at = first + dt.timedelta(seconds=span * share)
            moved.append(membership)
    Membership.objects.bulk_update(moved, ["joined_at"], batch_size=500)
    return len(moved)


def demo_figures_remove() -> None:
    CrimeFigure.objects.filter(source=FICTIONAL_SOURCE, area_code__regex=rf"^(GM|WK|BU){CBS_NUMBER}").delete()


def demo_figures_create(*, gemeente: Gemeente, today: dt.date | None = None) -> int:
    """Write the fictional figures; returns how many rows."""
    demo_figures_remove()
    today = today or timezone.localdate()
    rng = random.Random(SEED + 11)  # its own stream: the rest of the demo stays the same
    buurten = list(Buurt.objects.filter(gemeente=gemeente).order_by("code"))
    per_buurt, _groups = groups_per_buurt(gemeente, buurten)
    missing = buurten[-1].code if len(buurten) > 2 else ""
    rows: list[CrimeFigure] = []
    totals: dict[tuple[str, str, dt.date], int] = {}
    for buurt in buurten:
        starts = [g.started_on for g in per_buurt[buurt.pk] if g.started_on]
        start_year = min(starts).year if starts else None
        rates = {CrimeKind.HOME_BURGLARY: rng.uniform(6, 14), CrimeKind.ALL: rng.uniform(40, 75)}
        for kind, base in rates.items():
            for period_kind, start, share in _periods(today):
                trend = 0.97 ** (start.year - FIRST_YEAR)
                after_group = start_year is not None and start.year > start_year
                effect = GROUP_EFFECT if kind == CrimeKind.HOME_BURGLARY and after_group else 1
                expected = base * (buurt.inhabitants or 0) / 1000 * trend * effect * share
                noisy = expected * rng.uniform(0.8, 1.2)
                count = int(noisy) + (rng.random() < noisy % 1)  # rounded at random: small months add up right
                key = (kind, period_kind, start)
                totals[key] = totals.get(key, 0) + count
                if buurt.code != missing:
                    rows.append(_row(buurt.code, AreaLevel.BUURT, kind, period_kind, start, count))
    rows += [_row(gemeente.code, AreaLevel.GEMEENTE, *key, count) for key, count in totals.items()]
    CrimeFigure.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _periods(today: dt.date):
    """(period kind, first day, share of a year): the years up to last year, then this year's months so far."""
    for year in range(FIRST_YEAR, today.year):
        yield PeriodKind.YEAR, dt.date(year, 1, 1), 1.0
    for month in range(1, today.month):
        latest = month == today.month - 1
        yield PeriodKind.MONTH, dt.date(today.year, month, 1), (0.6 if latest else 1.0) / 12


def _row(code: str, level: str, kind: str, period_kind: str, start: dt.date, count: int) -> CrimeFigure:
    return CrimeFigure(
        area_code=code,
        level=level,
        crime_kind=kind,
        period_kind=period_kind,
        period_start=start,
        count=count,
        source=FICTIONAL_SOURCE,
    )
