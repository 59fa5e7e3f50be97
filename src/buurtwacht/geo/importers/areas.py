"""Import CBS buurten, wijken and gemeenten from a GeoJSON FeatureCollection in WGS84.

Each feature's level follows from its properties: `buurtcode`, else `wijkcode`, else `gemeentecode`. CBS codes
nest (BU + 4 digits gemeente + 2 wijk + 2 buurt), so a buurten file that names only the buurt code still places
each buurt in its wijk and gemeente. Wijken and gemeenten the file does not describe with a polygon of their own
are created as needed and get the union of their buurten as outline; that outline is recomputed whenever one of
their buurten changes, so an outline from an official wijken or gemeenten file survives a re-run of an unchanged
buurten file but not a changed one (import the official file after the buurten file).

The import is idempotent: rows are matched on their code, changed ones are updated, nothing is duplicated. Names
are only overwritten by names the file gives.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import shapely
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from buurtwacht.geo.importers import (
    IN_CHUNK,
    Counts,
    ImportFailed,
    ImportReport,
    existing_by_code,
    open_source,
    progress_bar,
)
from buurtwacht.geo.index import BUURTEN, bump_version
from buurtwacht.geo.models import Buurt, Gemeente, Wijk
from buurtwacht.geo.shapes import NL_BOUNDS, BBox, polygonal, to_geojson

LEVELS = ("buurt", "wijk", "gemeente")  # most specific first: a buurt feature also carries its wijk's code
MODELS = {"buurt": Buurt, "wijk": Wijk, "gemeente": Gemeente}
CODE_KEYS = {"buurt": "buurtcode", "wijk": "wijkcode", "gemeente": "gemeentecode"}
NAME_KEYS = {"buurt": "buurtnaam", "wijk": "wijknaam", "gemeente": "gemeentenaam"}
PATTERNS = {
    "buurt": re.compile(r"^BU\d{8}$"),
    "wijk": re.compile(r"^WK\d{6}$"),
    "gemeente": re.compile(r"^GM\d{4}$"),
}
GEOMETRY_FIELDS = ("geometry", "min_lon", "min_lat", "max_lon", "max_lat")
FIELDS = {
    "gemeente": ("name", *GEOMETRY_FIELDS),
    "wijk": ("name", *GEOMETRY_FIELDS, "gemeente_id"),
    "buurt": ("name", *GEOMETRY_FIELDS, "wijk_id", "gemeente_id"),
}
BATCH = 500


# Report keys; translated when the report is shown.
LABELS = {"buurt": gettext_noop("buurten"), "wijk": gettext_noop("wijken"), "gemeente": gettext_noop("gemeenten")}


@dataclass
class Area:
    """One area as the import will write it. A parent the file names only by code starts without a shape."""

    code: str
    where: str = ""
    name: str = ""
    shape: BaseGeometry | None = None
    geojson: dict | None = None
    wijk: str = ""
    gemeente: str = ""
    wijk_name: str = ""
    gemeente_name: str = ""

    def set_shape(self, geometry: BaseGeometry) -> None:
        self.shape = geometry
        # Through JSON once, so that it compares equal to what the database gives back (lists, not tuples).
        self.geojson = json.loads(json.dumps(to_geojson(geometry)))


Areas = dict[str, dict[str, Area]]


def import_areas(path: str | Path, *, progress: bool = False) -> ImportReport:
    """Import one GeoJSON file of buurten, wijken or gemeenten; all or nothing."""
    areas = read_areas(path, progress=progress)
    add_parents(areas)
    report = ImportReport()
    for level in LEVELS:
        if areas[level]:
            report.of(LABELS[level])
    with transaction.atomic():
        old = {level: existing_by_code(MODELS[level], areas[level], *FIELDS[level]) for level in LEVELS}
        derive_shapes(areas, old, progress=progress)
        ids: dict[str, dict[str, int]] = {}
        for level in reversed(LEVELS):
            if areas[level]:
                ids[level] = _sync(level, areas[level], old[level], ids, report.of(LABELS[level]))
        if any(counts.created or counts.updated for counts in report.counts.values()):
            bump_version(BUURTEN)  # the buurt index also carries the wijk and gemeente names lookups show
    return report


def read_areas(path: str | Path, *, progress: bool = False) -> Areas:
    with open_source(path) as (binary, _raw):
        try:
            data = json.loads(binary.read().decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise ImportFailed(_("Het bestand is geen UTF-8 (%(error)s).") % {"error": exc}) from exc
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                _("Het bestand is geen geldige JSON: %(error)s (regel %(line)d, kolom %(column)d).")
                % {"error": exc.msg, "line": exc.lineno, "column": exc.colno}
            ) from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise ImportFailed(_("Het bestand is geen GeoJSON FeatureCollection."))
    if not features:
        raise ImportFailed(_("Het bestand bevat geen gebieden."))
    areas: Areas = {level: {} for level in LEVELS}
    for number, feature in enumerate(
        progress_bar(features, enabled=progress, desc=_("gebieden lezen"), unit=_("gebied")), start=1
    ):
        level, area = parse_feature(number, feature)
        earlier = areas[level].get(area.code)
        if earlier is not None:
            raise ImportFailed(
                _("%(where)s: de code komt al eerder voor (%(earlier)s).")
                % {"where": area.where, "earlier": earlier.where}
            )
        areas[level][area.code] = area
    return areas


def parse_feature(number: int, feature: object) -> tuple[str, Area]:
    """The level and area of the file's `number`-th feature (counting from 1); ImportFailed when it is wrong."""
    where = _("Object nr. %(number)d") % {"number": number}
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        raise ImportFailed(_("%(where)s is geen GeoJSON-feature met eigenschappen (properties).") % {"where": where})
    level = next((lvl for lvl in LEVELS if props.get(CODE_KEYS[lvl])), None)
    if level is None:
        raise ImportFailed(_("%(where)s heeft geen buurtcode, wijkcode of gemeentecode.") % {"where": where})
    code = _code(level, props[CODE_KEYS[level]], where)
    where = f"{where} ({code})"
    area = Area(code=code, where=where, name=_text(props.get(NAME_KEYS[level])))
    if level != "gemeente":
        area.gemeente = _parent_code("gemeente", "GM" + code[2:6], props, where)
        area.gemeente_name = _text(props.get("gemeentenaam"))
    if level == "buurt":
        area.wijk = _parent_code("wijk", "WK" + code[2:8], props, where)
        area.wijk_name = _text(props.get("wijknaam"))
    area.set_shape(_shape(feature.get("geometry"), where))
    return level, area


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _code(level: str, value: object, where: str) -> str:
    code = _text(value).upper()
    if not PATTERNS[level].match(code):
        examples = {"buurt": "BU07180101", "wijk": "WK071801", "gemeente": "GM0718"}
        raise ImportFailed(
            _("%(where)s: '%(code)s' is geen geldige %(key)s (zoals %(example)s).")
            % {"where": where, "code": code, "key": CODE_KEYS[level], "example": examples[level]}
        )
    return code


def _parent_code(level: str, derived: str, props: dict, where: str) -> str:
    """The parent's code follows from the child's; a file that says otherwise has its columns mixed up."""
    given = props.get(CODE_KEYS[level])
    if given and _code(level, given, where) != derived:
        raise ImportFailed(
            _("%(where)s: de %(key)s %(given)s past niet bij de code; verwacht %(derived)s.")
            % {"where": where, "key": CODE_KEYS[level], "given": _text(given).upper(), "derived": derived}
        )
    return derived


def _shape(geojson: object, where: str) -> BaseGeometry:
    """The feature's polygon, repaired when it is invalid; ImportFailed when it is no polygon in the Netherlands."""
    if not geojson:
        raise ImportFailed(_("%(where)s heeft geen geometrie.") % {"where": where})
    try:
        geometry = shape(geojson)
    except Exception as exc:  # shapely raises several types for malformed input
        raise ImportFailed(
            _("%(where)s: de geometrie is ongeldig (%(error)s).") % {"where": where, "error": exc}
        ) from exc
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
        raise ImportFailed(
            _("%(where)s: de geometrie is geen vlak maar %(type)s.") % {"where": where, "type": geometry.geom_type}
        )
    if shapely.has_z(geometry):
        geometry = shapely.force_2d(geometry)
    if not geometry.is_valid:
        geometry = polygonal(shapely.make_valid(geometry))
        if geometry.is_empty:
            raise ImportFailed(_("%(where)s: de polygoon is ongeldig en niet te herstellen.") % {"where": where})
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    if not (
        NL_BOUNDS[0] <= min_lon and NL_BOUNDS[1] <= min_lat and max_lon <= NL_BOUNDS[2] and max_lat <= NL_BOUNDS[3]
    ):
        raise ImportFailed(
            _(
                "%(where)s ligt buiten Nederland (lengtegraad %(lon).4f, breedtegraad %(lat).4f). Het bestand moet "
                "in WGS84 zijn, met lengtegraad vóór breedtegraad."
            )
            % {"where": where, "lon": min_lon, "lat": min_lat}
        )
    return geometry


def add_parents(areas: Areas) -> None:
    """Wijken and gemeenten the file names only by code become areas too, named when a child gives the name."""
    for buurt in areas["buurt"].values():
        wijk = areas["wijk"].setdefault(buurt.wijk, Area(code=buurt.wijk, gemeente=buurt.gemeente))
        wijk.name = wijk.name or buurt.wijk_name
    for child in (*areas["buurt"].values(), *areas["wijk"].values()):
        gemeente = areas["gemeente"].setdefault(child.gemeente, Area(code=child.gemeente))
        gemeente.name = gemeente.name or child.gemeente_name


def derive_shapes(areas: Areas, old: dict[str, dict[str, dict]], *, progress: bool = False) -> None:
    """Give wijken and gemeenten without a polygon in the file the union of their buurten, when it may have
    changed: when they are new, have no outline yet, or one of their buurten in the file is new, moved or reshaped.
    """
    changed: list[Area] = []
    for buurt in areas["buurt"].values():
        row = old["buurt"].get(buurt.code)
        if (
            row is None
            or row["geometry"] != buurt.geojson
            or row["wijk_id"] != old["wijk"].get(buurt.wijk, {}).get("pk")
            or row["gemeente_id"] != old["gemeente"].get(buurt.gemeente, {}).get("pk")
        ):
            changed.append(buurt)
    for level in ("wijk", "gemeente"):
        stale = {getattr(b, level) for b in changed}
        todo = [
            area
            for code, area in areas[level].items()
            if area.shape is None and (code in stale or code not in old[level] or old[level][code]["geometry"] is None)
        ]
        if not todo:
            continue
        parts: dict[str, list[BaseGeometry]] = {area.code: [] for area in todo}
        for buurt in areas["buurt"].values():
            if getattr(buurt, level) in parts:
                parts[getattr(buurt, level)].append(buurt.shape)
        _add_stored_buurten(level, parts, skip=areas["buurt"])
        for area in progress_bar(
            todo, enabled=progress, desc=_("%(level)s samenvoegen") % {"level": _(LABELS[level])}, unit=_("gebied")
        ):
            if parts[area.code]:
                union = shapely.union_all(parts[area.code])
                area.set_shape(union if union.is_valid else polygonal(shapely.make_valid(union)))


def _add_stored_buurten(level: str, parts: dict[str, list[BaseGeometry]], *, skip: dict[str, Area]) -> None:
    """Buurten already in the database that the file does not mention still belong to their wijk's outline."""
    codes = sorted(parts)
    for start in range(0, len(codes), IN_CHUNK):
        rows = Buurt.objects.filter(**{f"{level}__code__in": codes[start : start + IN_CHUNK]}).exclude(geometry=None)
        for code, parent, geojson in rows.values_list("code", f"{level}__code", "geometry"):
            if code not in skip:
                parts[parent].append(shape(geojson))


def _values(level: str, area: Area, ids: dict[str, dict[str, int]]) -> dict:
    """The fields this import sets on the area's row; fields left out keep what is stored."""
    values: dict = {}
    if area.name:
        values["name"] = area.name
    if area.shape is not None:
        values["geometry"] = area.geojson
        values.update(BBox.of(area.shape).as_fields())
    if level != "gemeente":
        values["gemeente_id"] = ids["gemeente"][area.gemeente]
    if level == "buurt":
        values["wijk_id"] = ids["wijk"][area.wijk]
    return values


def _sync(level: str, areas: dict[str, Area], old: dict[str, dict], ids: dict, counts: Counts) -> dict[str, int]:
    """Create the new rows and update the changed ones, in batches; returns {code: pk} for all of them."""
    model = MODELS[level]
    new, changed, fields = [], [], set()
    for code, area in areas.items():
        values = _values(level, area, ids)
        row = old.get(code)
        if row is None:
            new.append(model(code=code, **values))
            continue
        diff = {name for name, value in values.items() if row[name] != value}
        if diff:
            changed.append(model(**{**row, **values}))
            fields |= diff
        else:
            counts.unchanged += 1
    model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        model.objects.bulk_update(changed, sorted(fields), batch_size=BATCH)
    counts.created += len(new)
    counts.updated += len(changed)
    pks = {code: row["pk"] for code, row in old.items()}
    if any(obj.pk is None for obj in new):  # databases that do not return ids from a bulk insert
        pks.update({code: row["pk"] for code, row in existing_by_code(model, [o.code for o in new]).items()})
    else:
        pks.update({obj.code: obj.pk for obj in new})
    return pks
