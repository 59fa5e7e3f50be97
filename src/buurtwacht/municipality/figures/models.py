"""Registered crime per area and period, as the police publish it through CBS (tables 47018NED per year and
47022NED per month).

A row is keyed by the CBS code as published for that period, not by a foreign key: CBS re-codes buurten between
years, so a code may have no Buurt today (the pages say so) and a Buurt imported later joins by code at once.
`count` None means the figure is suppressed or unknown, never zero.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CrimeKind(models.TextChoices):
    ALL = "0.0.0", _("Misdrijven, totaal")
    HOME_BURGLARY = "1.1.1", _("Diefstal/inbraak woning")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("jaar")
    MONTH = "month", _("maand")


class AreaLevel(models.TextChoices):
    COUNTRY = "land", _("Nederland")
    GEMEENTE = "gemeente", _("gemeente")
    WIJK = "wijk", _("wijk")
    BUURT = "buurt", _("buurt")


class CrimeFigure(models.Model):
    area_code = models.CharField(_("CBS-code"), max_length=10)
    level = models.CharField(_("niveau"), max_length=10, choices=AreaLevel.choices)
    crime_kind = models.CharField(_("soort misdrijf"), max_length=8, choices=CrimeKind.choices)
    period_kind = models.CharField(_("periode"), max_length=5, choices=PeriodKind.choices)
    period_start = models.DateField(_("begin van de periode"))
    count = models.PositiveIntegerField(_("geregistreerde misdrijven"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=120)

    class Meta:
        verbose_name = _("geregistreerde misdrijven")
        verbose_name_plural = _("geregistreerde misdrijven")
        ordering = ["area_code", "crime_kind", "period_kind", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "crime_kind", "period_kind", "period_start"], name="crime_figure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.crime_kind} {self.period_kind} {self.period_start}: {self.count}"
