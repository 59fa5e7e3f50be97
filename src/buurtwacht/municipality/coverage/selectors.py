"""Reads of the stored coverage, for the pages, the API, the CSV files and the dashboard: the same numbers
everywhere, never computed during a view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from buurtwacht.accounts.permissions import can_see_admins_of
from buurtwacht.geo.models import Gemeente
from buurtwacht.municipality.coverage.models import BuurtCoverage, CoverageState, WijkCoverage

GAPS_ON_DASHBOARD = 5


@dataclass
class Totals:
    addresses: int
    covered_addresses: int
    households: int | None
    members: int
    buurten: int
    buurten_without_group: int

    @property
    def share(self) -> float:
        return self.covered_addresses / self.addresses if self.addresses else 0.0

    @property
    def share_percent(self) -> float:
        return 100 * self.share

    @property
    def members_per_100_households(self) -> float | None:
        return 100 * self.members / self.households if self.households else None


@dataclass
class GemeenteCoverage:
    gemeente: Gemeente
    buurten: list[BuurtCoverage]  # by code
    wijken: list[WijkCoverage]  # by code
    computed_at: dt.datetime | None
    dirty: bool

    @property
    def computed(self) -> bool:
        return self.computed_at is not None

    @property
    def totals(self) -> Totals:
        known = [b.households for b in self.buurten if b.households is not None]
        return Totals(
            addresses=sum(b.addresses for b in self.buurten),
            covered_addresses=sum(b.covered_addresses for b in self.buurten),
            households=self.gemeente.households
            if self.gemeente.households is not None
            else (sum(known) if known else None),
            members=sum(b.members for b in self.buurten),
            buurten=len(self.buurten),
            buurten_without_group=len(self.without_group),
        )

    @property
    def without_group(self) -> list[BuurtCoverage]:
        """The gaps: buurten with addresses of which not one lies inside an active group's area."""
        return [b for b in self.by_gap if b.covered_addresses == 0]

    @property
    def by_gap(self) -> list[BuurtCoverage]:
        """Buurten with addresses outside every group, the largest gap first: addresses outside, then the
        (estimated) households outside."""
        rows = [b for b in self.buurten if b.uncovered_addresses > 0]
        return sorted(rows, key=lambda b: (-b.uncovered_addresses, -(b.uncovered_households or 0), b.buurt.code))


def gemeente_coverage(gemeente: Gemeente) -> GemeenteCoverage:
    state = CoverageState.objects.filter(gemeente=gemeente).first()
    buurten = list(
        BuurtCoverage.objects.filter(gemeente=gemeente)
        .select_related("buurt", "wijk")
        .defer("buurt__geometry", "wijk__geometry")
        .order_by("buurt__code")
    )
    wijken = list(
        WijkCoverage.objects.filter(gemeente=gemeente)
        .select_related("wijk")
        .defer("wijk__geometry")
        .order_by("wijk__code")
    )
    return GemeenteCoverage(
        gemeente=gemeente,
        buurten=buurten,
        wijken=wijken,
        computed_at=state.computed_at if state else None,
        dirty=bool(state and state.dirty),
    )


def dashboard_context(gemeente: Gemeente, user) -> dict | None:
    """The dashboard's coverage section: the share covered, the biggest gaps and a link (staff and police)."""
    if not can_see_admins_of(user, gemeente):
        return None
    coverage = gemeente_coverage(gemeente)
    return {
        "coverage": coverage,
        "totals": coverage.totals,
        "gaps": coverage.by_gap[:GAPS_ON_DASHBOARD],
        "url": reverse("coverage:map", kwargs={"code": gemeente.code}),
    }
