"""Reads of the stored coverage, for the pages, the API, the CSV files and the dashboard: the same numbers
everywhere, never computed during a view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from buurtwacht.accounts.permissions import can_see_admins_of
from buurtwacht.geo.models import Gemeente
from buurtwacht.municipality.coverage.legend import legend_json
from buurtwacht.municipality.coverage.models import BuurtCoverage, CoverageState, WijkCoverage

GAPS_ON_DASHBOARD = 5
FIGURES = ("addresses", "covered_addresses", "households", "members", "groups", "computed_at")


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
        .only(*FIGURES, "gemeente", "wijk", "buurt__code", "buurt__name", "wijk__code", "wijk__name")
        .order_by("buurt__code")
    )
    wijken = list(
        WijkCoverage.objects.filter(gemeente=gemeente)
        .select_related("wijk")
        .only(*FIGURES, "gemeente", "wijk__code", "wijk__name")
        .order_by("wijk__code")
    )
    return GemeenteCoverage(
        gemeente=gemeente,
        buurten=buurten,
        wijken=wijken,
        computed_at=state.computed_at if state else None,
        dirty=bool(state and state.dirty),
    )


def gemeente_totals(gemeente: Gemeente) -> Totals | None:
    """The gemeente's totals in one aggregate query (the dashboard: no rows loaded); None before the first run."""
    figures = BuurtCoverage.objects.filter(gemeente=gemeente).aggregate(
        n_buurten=Count("pk"),
        n_addresses=Sum("addresses"),
        n_covered=Sum("covered_addresses"),
        n_households=Sum("households"),
        n_members=Sum("members"),
        n_without_group=Count("pk", filter=Q(covered_addresses=0, addresses__gt=0)),
    )
    if not figures["n_buurten"]:
        return None
    return Totals(
        addresses=figures["n_addresses"] or 0,
        covered_addresses=figures["n_covered"] or 0,
        households=gemeente.households if gemeente.households is not None else figures["n_households"],
        members=figures["n_members"] or 0,
        buurten=figures["n_buurten"],
        buurten_without_group=figures["n_without_group"],
    )


def biggest_gaps(gemeente: Gemeente, count: int) -> list[BuurtCoverage]:
    """The `count` buurten with the most addresses outside every group (as `GemeenteCoverage.by_gap`)."""
    return list(
        BuurtCoverage.objects.filter(gemeente=gemeente, addresses__gt=F("covered_addresses"))
        .annotate(gap=F("addresses") - F("covered_addresses"))
        .select_related("buurt")
        .only("buurt__code", "buurt__name", "addresses", "covered_addresses", "households")
        .order_by("-gap", "buurt__code")[:count]
    )


def dashboard_context(gemeente: Gemeente, user) -> dict | None:
    """The dashboard's coverage section: the share covered, the biggest gaps and a link (staff and police). Two
    small queries, whatever the size of the gemeente."""
    if not can_see_admins_of(user, gemeente):
        return None
    totals = gemeente_totals(gemeente)
    if totals:
        summary = _("%(share)s %% van de adressen in het gebied van een groep") % {
            "share": number_format(round(totals.share_percent), decimal_pos=0)
        }
    else:
        summary = _("nog niet berekend")
    return {
        "title": _("Dekking"),
        "summary": summary,
        "totals": totals,
        "bounds": (
            f"{gemeente.min_lat},{gemeente.min_lon},{gemeente.max_lat},{gemeente.max_lon}"
            if gemeente.min_lat is not None
            else ""
        ),
        "geojson_url": reverse("coverage:geojson", kwargs={"code": gemeente.code}),
        "legend": legend_json(),
        "gaps": biggest_gaps(gemeente, GAPS_ON_DASHBOARD) if totals else [],
        "url": reverse("coverage:map", kwargs={"code": gemeente.code}),
    }
