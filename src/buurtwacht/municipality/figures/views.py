"""The effect figures pages under /gemeente/<code>/cijfers/: the gemeente, one buurt, and the CSV.

Signed in with the second factor; municipal staff and police of that gemeente. Counts only, never people or content.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from buurtwacht.accounts.permissions import can_see_admins_of, require, second_factor_required
from buurtwacht.geo.models import Gemeente
from buurtwacht.municipality.chathistory.selectors import whatsapp_months
from buurtwacht.municipality.csv_export import write_csv
from buurtwacht.municipality.figures.csv_export import figures_csv_rows
from buurtwacht.municipality.figures.pages import alerts_chart, crime_charts
from buurtwacht.municipality.figures.selectors import alert_kinds, alert_months, gemeente_figures


def _gemeente(request, code: str) -> Gemeente:
    gemeente = get_object_or_404(Gemeente, code=code.upper())
    require(can_see_admins_of(request.user, gemeente))
    return gemeente


@never_cache
@second_factor_required
def gemeente(request, code: str):
    figures = gemeente_figures(_gemeente(request, code))
    context = {
        "gemeente": figures.gemeente,
        "figures": figures,
        "area": figures.total,
        "charts": crime_charts(figures.total),
        "alerts_chart": alerts_chart(figures.alert_months),
        "alert_months": figures.alert_months,
        "alert_kinds": figures.alert_kinds,
        "current": figures.total.years[-1],
        "latest": figures.total.latest_final,
        "alerts_12_months": sum(month.total for month in figures.alert_months),
        "whatsapp_months": figures.whatsapp_months,
        "whatsapp_shown": figures.has_whatsapp,
    }
    return render(request, "figures/gemeente.html", context)


@never_cache
@second_factor_required
def buurt(request, code: str, buurt: str):
    figures = gemeente_figures(_gemeente(request, code))
    area = figures.buurt(buurt)
    if area is None:
        raise Http404
    months = alert_months([g.pk for g in area.groups], figures.today)
    whatsapp = whatsapp_months([g.pk for g in area.groups], [m.month for m in months])
    context = {
        "whatsapp_months": whatsapp,
        "whatsapp_shown": any(m.messages for m in whatsapp),
        "alert_months": months,
        "alert_kinds": alert_kinds(months),
        "alerts_chart": alerts_chart(months),
        "gemeente": figures.gemeente,
        "figures": figures,
        "area": area,
        "charts": crime_charts(area),
        "did_rows": {kind: next((r for r in result.rows if r.code == area.code), None)
                     for kind, result in figures.did.items()},
    }
    return render(request, "figures/buurt.html", context)


@never_cache
@second_factor_required
def figures_csv(request, code: str):
    figures = gemeente_figures(_gemeente(request, code))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cijfers-{figures.gemeente.code.lower()}.csv"'
    write_csv(response, figures_csv_rows(figures))
    return response
