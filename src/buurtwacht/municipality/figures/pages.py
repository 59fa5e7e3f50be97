"""The charts of the figures pages, built from the same figures their tables show."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtwacht.municipality.figures.charts import Chart, bar_chart
from buurtwacht.municipality.figures.selectors import AlertMonth, AreaFigures


def crime_charts(area: AreaFigures) -> list[Chart]:
    years = [str(row.year) for row in area.years]
    unknown = _("Een vraagteken staat voor een jaar zonder betrouwbaar cijfer (onbekend, of minder dan 5).")
    return [
        bar_chart(
            key=f"misdrijven-{area.code.lower()}",
            title=_("Geregistreerde misdrijven per 1.000 inwoners in %(name)s") % {"name": area.name},
            desc=_("Staafdiagram per jaar. De tabel eronder heeft dezelfde cijfers.") + " " + unknown,
            categories=years,
            series=[(_("Misdrijven per 1.000"), [row.rate_all.shown for row in area.years])],
            empty_text=_("Voor %(name)s zijn er geen betrouwbare misdrijfcijfers om in een grafiek te tonen.")
            % {"name": area.name},
        ),
        bar_chart(
            key=f"inbraak-{area.code.lower()}",
            title=_("Woninginbraken per 1.000 inwoners in %(name)s") % {"name": area.name},
            desc=_("Staafdiagram per jaar. De tabel eronder heeft dezelfde cijfers.") + " " + unknown,
            categories=years,
            series=[(_("Woninginbraken per 1.000"), [row.rate_burglary.shown for row in area.years])],
            empty_text=_("Voor %(name)s zijn er geen betrouwbare cijfers over woninginbraken om in een grafiek te "
                         "tonen.") % {"name": area.name},
        ),
    ]


def alerts_chart(months: list[AlertMonth]) -> Chart:
    return bar_chart(
        key="meldingen",
        title=_("Meldingen per maand in de groepen"),
        desc=_("Staafdiagram van het aantal meldingen per maand, alle soorten samen; de tabel eronder geeft ze per "
               "soort. Maanden met 1 tot 4 meldingen staan als vraagteken."),
        categories=[date_format(m.month, "M y") for m in months],
        series=[(_("Meldingen"), [m.total if m.total == 0 or m.total >= 5 else None for m in months])],
        empty_text=_("In deze periode zijn er geen meldingen in de groepen geweest, of te weinig om per maand te "
                     "tonen."),
    )
