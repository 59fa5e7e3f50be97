"""The coverage pages of a gemeente (/gemeente/<code>/dekking/): the choropleth map with its table, the gaps, the
wijk totals, and the figures as CSV and as GeoJSON for the map. Staff and police of the gemeente, after the second
factor. The figures are read from the stored table, never computed here."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from buurtwacht.accounts.permissions import can_see_admins_of, require, second_factor_required
from buurtwacht.geo.models import Buurt, Gemeente
from buurtwacht.municipality.coverage.csv_export import buurt_rows, wijk_rows
from buurtwacht.municipality.coverage.legend import NO_ADDRESSES, legend_json, share_class
from buurtwacht.municipality.coverage.selectors import gemeente_coverage
from buurtwacht.municipality.csv_export import write_csv


def _gemeente(request, code: str) -> Gemeente:
    gemeente = get_object_or_404(Gemeente, code=code.upper())
    require(can_see_admins_of(request.user, gemeente))
    return gemeente


@never_cache
@second_factor_required
def coverage_map(request, code: str):
    gemeente = _gemeente(request, code)
    coverage = gemeente_coverage(gemeente)
    bounds = ""
    if gemeente.min_lat is not None:
        bounds = f"{gemeente.min_lat},{gemeente.min_lon},{gemeente.max_lat},{gemeente.max_lon}"
    context = {
        "gemeente": gemeente,
        "coverage": coverage,
        "totals": coverage.totals,
        "bounds": bounds,
        "legend": legend_json(),
    }
    return render(request, "coverage/map.html", context)


@never_cache
@second_factor_required
def coverage_csv(request, code: str):
    gemeente = _gemeente(request, code)
    coverage = gemeente_coverage(gemeente)
    per = "wijk" if request.GET.get("per") == "wijk" else "buurt"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dekking-per-{per}-{gemeente.code.lower()}.csv"'
    rows = wijk_rows(coverage.wijken) if per == "wijk" else buurt_rows(coverage.buurten, gemeente_code=gemeente.code)
    write_csv(response, rows)
    return response


@never_cache
@second_factor_required
def coverage_geojson(request, code: str):
    """The buurten with their figures, for the map (fetched by coverage-map.js)."""
    gemeente = _gemeente(request, code)
    coverage = {row.buurt_id: row for row in gemeente_coverage(gemeente).buurten}
    features = []
    for pk, code_, name, geometry in (
        Buurt.objects.filter(gemeente=gemeente).exclude(geometry=None).values_list("pk", "code", "name", "geometry")
    ):
        row = coverage.get(pk)
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": code_,
                    "name": name or code_,
                    "addresses": row.addresses if row else None,
                    "covered_addresses": row.covered_addresses if row else None,
                    "share": round(row.share, 4) if row else None,
                    "groups": row.groups if row else None,
                    "class": share_class(row).key if row else NO_ADDRESSES.key,
                },
            }
        )
    return JsonResponse(
        {"type": "FeatureCollection", "features": features}, json_dumps_params={"separators": (",", ":")}
    )
