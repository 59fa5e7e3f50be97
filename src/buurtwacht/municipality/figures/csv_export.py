"""The figures as CSV: one row per area (the gemeente, then its buurten) and year, with the same masking as the
page ("< 5", rates of small counts left out; groups exactly, as they are public on the map). The last two
columns come from the groups' imported WhatsApp histories, not from Buurtwacht."""

from __future__ import annotations

from django.utils.translation import gettext as _

from buurtwacht.municipality.figures.crime import PROVISIONAL
from buurtwacht.municipality.figures.display import masked
from buurtwacht.municipality.figures.selectors import AreaFigures, GemeenteFigures


def header() -> list[str]:
    return [
        _("niveau"), _("code"), _("naam"), _("jaar"), _("inwoners"), _("actieve groepen"), _("deelnemers"),
        _("meldingen"), _("misdrijven"), _("misdrijven per 1000 inwoners"), _("woninginbraken"),
        _("woninginbraken per 1000 inwoners"), _("opmerking"), _("bron misdrijven"),
        _("berichten in WhatsApp-groepen"), _("WhatsApp-berichten over 112/politie"),
    ]


def figures_csv_rows(figures: GemeenteFigures):
    yield header()
    source = "; ".join(figures.sources)
    yield from _rows(_("gemeente"), figures.total, source)
    for area in figures.buurten:
        yield from _rows(_("buurt"), area, source if area.has_crime else _("geen cijfers voor deze buurtcode"))


def _rows(level: str, area: AreaFigures, source: str):
    for row in area.years:
        notes = []
        if row.current:
            notes.append(_("lopend jaar"))
        if PROVISIONAL in (row.crime_all.status, row.burglary.status):
            notes.append(_("misdrijven voorlopig (onvolledig)"))
        yield [
            level, area.code, area.name, row.year, area.inhabitants, row.active_groups, masked(row.members),
            masked(row.alerts), masked(row.crime_all.count), _decimal(row.rate_all.shown), masked(row.burglary.count),
            _decimal(row.rate_burglary.shown), ", ".join(notes), source,
            masked(row.whatsapp_messages), masked(row.whatsapp_police),
        ]


def _decimal(value: float | None) -> float | str:
    """A rate (municipality.csv_export writes it with a decimal comma for a spreadsheet)."""
    return "" if value is None else float(value)
