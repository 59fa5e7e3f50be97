"""Coverage, stored: per buurt and per wijk, the BAG addresses, how many lie inside an active group's area, the CBS
households and the members of active groups who live there. Written in bulk by `compute.coverage_compute`, read by
the pages, the API and the open data; never computed during a page view.

`CoverageState` holds one row per gemeente: when its figures were computed, and a "dirty" mark set (cheaply, in
the transaction of the change) when a group's area, status or members change, for the debounced task to pick up.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwacht.geo.models import Buurt, Gemeente, Wijk


class Figures(models.Model):
    addresses = models.PositiveIntegerField(_("adressen"), default=0)
    covered_addresses = models.PositiveIntegerField(_("adressen in het gebied van een groep"), default=0)
    households = models.PositiveIntegerField(_("huishoudens (CBS)"), null=True, blank=True)
    members = models.PositiveIntegerField(_("deelnemers die er wonen"), default=0)
    groups = models.PositiveIntegerField(_("actieve groepen"), default=0)
    computed_at = models.DateTimeField(_("berekend op"))

    class Meta:
        abstract = True

    @property
    def share(self) -> float:
        """The share of the addresses inside an active group's area (0 when there are no addresses)."""
        return self.covered_addresses / self.addresses if self.addresses else 0.0

    @property
    def share_percent(self) -> float:
        return 100 * self.share

    @property
    def share_class(self):
        from buurtwacht.municipality.coverage.legend import share_class

        return share_class(self)

    @property
    def uncovered_addresses(self) -> int:
        return self.addresses - self.covered_addresses

    @property
    def uncovered_households(self) -> int | None:
        """The households outside every group's area, estimated with the addresses' share (CBS counts households
        per buurt, not per address)."""
        if self.households is None:
            return None
        return round(self.households * (1 - self.share))

    @property
    def members_per_100_households(self) -> float | None:
        if not self.households:
            return None
        return 100 * self.members / self.households


class BuurtCoverage(Figures):
    buurt = models.OneToOneField(Buurt, on_delete=models.CASCADE, primary_key=True, related_name="coverage")
    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, related_name="+")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+", db_index=True)

    class Meta:
        verbose_name = _("dekking van een buurt")
        verbose_name_plural = _("dekking per buurt")

    def __str__(self) -> str:
        return f"{self.buurt_id}: {self.covered_addresses}/{self.addresses}"


class WijkCoverage(Figures):
    wijk = models.OneToOneField(Wijk, on_delete=models.CASCADE, primary_key=True, related_name="coverage")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+", db_index=True)

    class Meta:
        verbose_name = _("dekking van een wijk")
        verbose_name_plural = _("dekking per wijk")

    def __str__(self) -> str:
        return f"{self.wijk_id}: {self.covered_addresses}/{self.addresses}"


class CoverageState(models.Model):
    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, primary_key=True, related_name="+")
    computed_at = models.DateTimeField(_("berekend op"), null=True, blank=True)
    dirty = models.BooleanField(_("moet opnieuw berekend worden"), default=False)
    # A fresh number at every change: the task clears the mark only if no change came in while it computed.
    stamp = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("stand van de dekking")
        verbose_name_plural = _("stand van de dekking")

    def __str__(self) -> str:
        return f"{self.gemeente_id}: {'dirty' if self.dirty else self.computed_at}"
