"""Open data, public and without login: the active groups (GeoJSON and CSV) and the coverage per buurt (CSV), under
the licence CC BY 4.0, stated in the files, in a Link header and on /open-data/. Not CC0: the buurten, and the
households in the coverage, come from CBS under CC BY 4.0, and groups' areas are often made of those buurten, so
the attribution has to travel with the data.

No personal data: a group's name, area, gemeente, wijk, founding date and its members rounded to tens; never its
admins, contact person, e-mail addresses, telephone numbers, description, photo or slug. The coverage counts
addresses and households per buurt, not where members live. Rows are streamed from the database in chunks, so
that ten thousand groups cost memory for a chunk, not for the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import shapely
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router
from shapely.geometry import shape

from buurtwacht.groups.models import Group
from buurtwacht.municipality.coverage.csv_export import buurt_rows
from buurtwacht.municipality.coverage.models import BuurtCoverage
from buurtwacht.municipality.csv_export import MACHINE, csv_lines

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
ATTRIBUTION = "Buurtwacht; buurten en huishoudens: CBS (CC BY 4.0); adressen: Kadaster BAG"
CHUNK = 1000
GROUP_FIELDS = (
    "pk",
    "name",
    "area",
    "gemeente__code",
    "gemeente__name",
    "wijk__code",
    "wijk__name",
    "founded_on",
    "member_count",
)
CSV_HEADER = (
    "id",
    "naam",
    "gemeentecode",
    "gemeente",
    "wijkcode",
    "wijk",
    "opgericht",
    "deelnemers_afgerond",
    "gebied_wkt",
    "licentie",
)

router = Router(tags=["open data"])


def members_rounded(count: int) -> int:
    """Members rounded to tens (half up): 4 -> 0, 5 -> 10, 23 -> 20. Exact small numbers say too much."""
    return (count + 5) // 10 * 10


def _groups() -> Iterator[tuple]:
    return Group.objects.active().order_by("pk").values_list(*GROUP_FIELDS).iterator(chunk_size=CHUNK)


def _feature(row: tuple) -> dict:
    pk, name, area, gemeente_code, gemeente_name, wijk_code, wijk_name, founded_on, member_count = row
    return {
        "type": "Feature",
        "id": pk,
        "geometry": area,
        "properties": {
            "name": name,
            "gemeente_code": gemeente_code,
            "gemeente": gemeente_name,
            "wijk_code": wijk_code,
            "wijk": wijk_name,
            "founded_on": founded_on.isoformat() if founded_on else None,
            "members_rounded": members_rounded(member_count),
        },
    }


def geojson_chunks() -> Iterator[str]:
    head = {"type": "FeatureCollection", "license": LICENCE, "license_url": LICENCE_URL, "attribution": ATTRIBUTION}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ['
    separator = ""
    batch: list[str] = []
    for row in _groups():
        batch.append(separator + json.dumps(_feature(row), ensure_ascii=False, separators=(",", ":")))
        separator = ","
        if len(batch) >= CHUNK:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "]}\n"


def _csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """For programs (RFC 4180): commas and a decimal point (municipality.csv_export.MACHINE)."""
    return csv_lines(rows, MACHINE)


def group_csv_rows() -> Iterator[tuple]:
    yield CSV_HEADER
    for row in _groups():
        pk, name, area, gemeente_code, gemeente_name, wijk_code, wijk_name, founded_on, member_count = row
        wkt = shapely.to_wkt(shape(area), rounding_precision=6) if area else ""
        yield (
            pk,
            name,
            gemeente_code,
            gemeente_name,
            wijk_code or "",
            wijk_name or "",
            founded_on.isoformat() if founded_on else "",
            members_rounded(member_count),
            wkt,
            LICENCE,
        )


def coverage_csv_rows() -> Iterator[list]:
    rows = (
        BuurtCoverage.objects.select_related("buurt", "wijk", "gemeente")
        .defer("buurt__geometry", "wijk__geometry", "gemeente__geometry")
        .order_by("buurt__code")
        .iterator(chunk_size=CHUNK)
    )
    for number, line in enumerate(buurt_rows(rows, public=True)):
        yield [*line, "licentie" if number == 0 else LICENCE]


def _streamed(chunks: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-License"] = LICENCE
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _doc(media_type: str, text: str) -> dict:
    return {"responses": {200: {"description": text, "content": {media_type: {}}}}}


@router.get(
    "/groups.geojson",
    url_name="open_data_groups_geojson",
    auth=None,
    summary="Active groups as GeoJSON, without personal data (licence CC BY 4.0)",
    openapi_extra=_doc("application/geo+json", "A FeatureCollection of the active groups' areas"),
)
def groups_geojson(request: HttpRequest):
    return _streamed(geojson_chunks(), "application/geo+json; charset=utf-8", "buurtpreventiegroepen.geojson")


@router.get(
    "/groups.csv",
    url_name="open_data_groups_csv",
    auth=None,
    summary="Active groups as CSV, without personal data (licence CC BY 4.0)",
    openapi_extra=_doc("text/csv", "One line per active group; the area as WKT (WGS84)"),
)
def groups_csv(request: HttpRequest):
    return _streamed(_csv_lines(group_csv_rows()), "text/csv; charset=utf-8", "buurtpreventiegroepen.csv")


@router.get(
    "/coverage.csv",
    url_name="open_data_coverage_csv",
    auth=None,
    summary="Coverage per buurt as CSV: addresses inside an active group's area (licence CC BY 4.0)",
    openapi_extra=_doc("text/csv", "One line per buurt"),
)
def coverage_csv(request: HttpRequest):
    return _streamed(_csv_lines(coverage_csv_rows()), "text/csv; charset=utf-8", "dekking-per-buurt.csv")
