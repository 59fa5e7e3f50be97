"""Import CBS key figures (Kerncijfers wijken en buurten): inhabitants and households per area.

The figures are joined by CBS code to areas that already exist; a row's area is the most specific code it has
(`buurtcode`, else `wijkcode`, else `gemeentecode`, else a `code` column). Codes without an area are counted and
skipped, not refused: gemeenten re-code their buurten (Landsmeer in 2024), so a current table never matches older
polygons completely. An empty cell means CBS does not publish the figure (small counts are suppressed): the
stored value becomes unknown (None). Names from the file fill in areas that have none; stored names are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from buurtwacht.geo.importers import (
    CsvRows,
    ImportFailed,
    ImportReport,
    existing_by_code,
    line_prefix,
    open_source,
    progress_bar,
    text_lines,
)
from buurtwacht.geo.importers.areas import CODE_KEYS, LABELS, LEVELS, MODELS, NAME_KEYS, PATTERNS
from buurtwacht.geo.index import BUURTEN, bump_version

PREFIXES = {"BU": "buurt", "WK": "wijk", "GM": "gemeente"}
INHABITANTS = ("aantal_inwoners", "AantalInwoners_5")
HOUSEHOLDS = ("huishoudens_totaal", "huishoudens")
UNKNOWN = ("", ".")  # CBS writes "." for a figure it keeps secret
NUMBER_RE = re.compile(r"^[0-9]{1,9}$")
BATCH = 500


@dataclass
class Figures:
    """What one row says about its area: only the figures whose column the file has (the others stay)."""

    line: int
    values: dict[str, int | None] = field(default_factory=dict)


def _per_level() -> dict:
    return {level: {} for level in LEVELS}


@dataclass
class Table:
    """A key-figures file: the figures per level and code, and the names it gives areas and their parents."""

    figures: dict[str, dict[str, Figures]] = field(default_factory=_per_level)
    names: dict[str, dict[str, str]] = field(default_factory=_per_level)
    parent_names: dict[str, dict[str, str]] = field(default_factory=_per_level)

    def name(self, level: str, code: str) -> str:
        """An area's own row names it first; else the first row of a buurt or wijk within it."""
        return self.names[level].get(code) or self.parent_names[level].get(code, "")


def import_population(path: str | Path, *, progress: bool = False) -> ImportReport:
    """Import a CBS key-figures CSV; all or nothing."""
    table = read_figures(path, progress=progress)
    report = ImportReport()
    names_changed = False
    with transaction.atomic():
        for level in LEVELS:
            figures = table.figures[level]
            codes = set(figures) | set(table.names[level]) | set(table.parent_names[level])
            old = existing_by_code(MODELS[level], codes, "name", "inhabitants", "households")
            report.skipped += len(set(figures) - set(old))
            changed = []
            for code, row in old.items():
                values = dict(figures[code].values) if code in figures else {}
                name = table.name(level, code)
                if name and not row["name"]:
                    values["name"] = name
                diff = {key for key, value in values.items() if row[key] != value}
                if diff:
                    changed.append((row["pk"], {**row, **values}))
                    names_changed |= "name" in diff
                if code in figures or diff:
                    counts = report.of(LABELS[level])
                    counts.updated += bool(diff)
                    counts.unchanged += not diff
            _save(level, changed)
        if names_changed:
            bump_version(BUURTEN)  # the buurt index carries the names that lookups show
    if report.skipped:
        report.notes.append(_("%(count)d codes zonder gebied overgeslagen.") % {"count": report.skipped})
    return report


def _save(level: str, changed: list[tuple[int, dict]]) -> None:
    if not changed:
        return
    model = MODELS[level]
    fields = ["name", "inhabitants", "households"]
    objs = [model(pk=pk, **{f: values[f] for f in fields}) for pk, values in changed]
    model.objects.bulk_update(objs, fields, batch_size=BATCH)


def read_figures(path: str | Path, *, progress: bool = False) -> Table:
    """The file's rows by level and code; ImportFailed naming the line of a malformed code or number."""
    table = Table()
    with open_source(path) as (binary, _raw):
        csv_rows = CsvRows(text_lines(binary))
        header = csv_rows.header
        code_columns = [c for c in (*CODE_KEYS.values(), "code") if c in header]
        figure_columns = {
            key: next((c for c in names if c in header), None)
            for key, names in (("inhabitants", INHABITANTS), ("households", HOUSEHOLDS))
        }
        if not code_columns or not any(figure_columns.values()):
            raise ImportFailed(
                _(
                    "Dit lijkt geen CBS-kerncijferbestand: de eerste regel moet een kolom buurtcode, wijkcode of "
                    "gemeentecode hebben en een kolom aantal_inwoners of huishoudens_totaal."
                )
            )
        for row in progress_bar(csv_rows, enabled=progress, desc=_("kerncijfers"), unit=_("regel")):
            if not any(cell.strip() for cell in row):
                continue
            line = csv_rows.line
            if len(row) != len(header):
                raise ImportFailed(
                    _("%(where)s: %(found)d velden in plaats van %(expected)d.")
                    % {"where": line_prefix(line), "found": len(row), "expected": len(header)}
                )
            cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
            level, code = _level_and_code(cells, line)
            figures = Figures(line=line)
            for key, column in figure_columns.items():
                if column:
                    figures.values[key] = _number(cells[column], column, line)
            if name := cells.get(NAME_KEYS[level]) or cells.get("naam"):
                table.names[level][code] = name
            for parent_level in LEVELS[LEVELS.index(level) + 1 :]:
                if name := cells.get(NAME_KEYS[parent_level]):
                    table.parent_names[parent_level].setdefault(_parent(code, parent_level), name)
            earlier = table.figures[level].get(code)
            if earlier is not None:
                raise ImportFailed(
                    _("%(where)s: code %(code)s staat ook al op regel %(earlier)d.")
                    % {"where": line_prefix(line), "code": code, "earlier": earlier.line}
                )
            table.figures[level][code] = figures
    return table


def _level_and_code(cells: dict[str, str], line: int) -> tuple[str, str]:
    for level in LEVELS:
        if cells.get(CODE_KEYS[level]):
            code = cells[CODE_KEYS[level]].upper()
            break
    else:
        code = cells.get("code", "").upper()
        level = PREFIXES.get(code[:2], "")
    if not level or not PATTERNS[level].match(code):
        raise ImportFailed(
            _("%(where)s: '%(code)s' is geen CBS-code van een buurt, wijk of gemeente (zoals BU07180101).")
            % {"where": line_prefix(line), "code": code}
        )
    return level, code


def _parent(code: str, level: str) -> str:
    """The code of the wijk or gemeente an area lies in; CBS codes nest (BU + gemeente 4 + wijk 2 + buurt 2)."""
    return {"wijk": "WK" + code[2:8], "gemeente": "GM" + code[2:6]}[level]


def _number(text: str, column: str, line: int) -> int | None:
    if text in UNKNOWN:
        return None
    if not NUMBER_RE.match(text):
        raise ImportFailed(
            _("%(where)s: '%(value)s' in kolom %(column)s is geen geheel getal.")
            % {"where": line_prefix(line), "value": text, "column": column}
        )
    return int(text)
