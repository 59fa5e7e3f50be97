"""Import registered crime per area as CBS publishes it for the police: table 47018NED (per year) and 47022NED
(per month), as CSV (`ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1`, `;` or `,`, quoted
or not) or as the OData JSON of `TypedDataSet` (`{"value": [rows]}`, or a bare list of rows).

1. Read every row and check it: a malformed row stops the import with its line (CSV) or row number (JSON).
2. Keep the two kinds the figures use: all crimes (`0.0.0 `) and home burglary (`1.1.1 `); CBS writes the kind
   with a trailing space and pads the area codes, so both are stripped. Other kinds are counted and skipped.
3. An empty value (or CBS's ".") means suppressed: stored as unknown (None), never as zero.
4. Write in one transaction: new rows are created, changed ones updated, equal ones left alone, so importing the
   same file twice changes nothing. Rows the file does not hold are kept (the year and month tables add up).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from buurtwacht.geo.importers import (
    IN_CHUNK,
    CsvRows,
    ImportFailed,
    ImportReport,
    line_prefix,
    open_source,
    progress_bar,
    text_lines,
)
from buurtwacht.municipality.figures.models import AreaLevel, CrimeFigure, CrimeKind, PeriodKind

COLUMNS = ("SoortMisdrijf", "WijkenEnBuurten", "Perioden", "GeregistreerdeMisdrijven_1")
KEPT_KINDS = frozenset(CrimeKind.values)
KIND_RE = re.compile(r"^[0-9]+(\.[0-9]+)*$")
AREA_PATTERNS = (
    (re.compile(r"^NL00$"), AreaLevel.COUNTRY),
    (re.compile(r"^GM[0-9]{4}$"), AreaLevel.GEMEENTE),
    (re.compile(r"^WK[0-9]{6}$"), AreaLevel.WIJK),
    (re.compile(r"^BU[0-9]{8}$"), AreaLevel.BUURT),
)
PERIOD_RE = re.compile(r"^([0-9]{4})(JJ00|MM(0[1-9]|1[0-2]))$")
NUMBER_RE = re.compile(r"^[0-9]{1,9}$")
UNKNOWN = ("", ".")
SOURCES = {
    PeriodKind.YEAR: "Politie, via CBS (tabel 47018NED)",
    PeriodKind.MONTH: "Politie, via CBS (tabel 47022NED)",
}
BOTH_SOURCES = "Politie, via CBS (tabellen 47018NED en 47022NED)"
LABEL = "misdrijfcijfers"

Key = tuple[str, str, str, dt.date]  # area code, crime kind, period kind, period start


@dataclass
class Parsed:
    level: str
    count: int | None
    where: str  # "Regel 12" or "Rij 3", for a duplicate's message


@dataclass
class CrimeTable:
    rows: dict[Key, Parsed] = field(default_factory=dict)
    skipped_kinds: int = 0
    suppressed: int = 0

    @property
    def period_kinds(self) -> set[str]:
        return {key[2] for key in self.rows}


def default_source(table: CrimeTable) -> str:
    kinds = table.period_kinds
    if len(kinds) == 1:
        return SOURCES[PeriodKind(next(iter(kinds)))]
    return BOTH_SOURCES


def import_crime(path: str | Path, *, progress: bool = False, source: str = "") -> ImportReport:
    """Import a CBS crime file; all or nothing. `source` labels the rows (default: the police via CBS, with
    the table its periods come from)."""
    table = read_crime(path, progress=progress)
    source = " ".join(source.split()) or default_source(table)
    if len(source) > 120:
        raise ImportFailed(_("De bron mag hoogstens 120 tekens lang zijn."))
    report = ImportReport()
    counts = report.of(LABEL)
    with transaction.atomic():
        existing = _existing(table.rows)
        new, changed = [], []
        for key, parsed in table.rows.items():
            old = existing.get(key)
            if old is None:
                new.append(_figure(key, parsed, source))
                counts.created += 1
            elif old.count != parsed.count or old.source != source or old.level != parsed.level:
                old.count, old.source, old.level = parsed.count, source, parsed.level
                changed.append(old)
                counts.updated += 1
            else:
                counts.unchanged += 1
        CrimeFigure.objects.bulk_create(new, batch_size=IN_CHUNK)
        CrimeFigure.objects.bulk_update(changed, ["count", "source", "level"], batch_size=IN_CHUNK)
    report.notes.append(_("Bron: %(source)s.") % {"source": source})
    if table.suppressed:
        report.notes.append(
            _("%(count)d waarden zijn geheim of onbekend (leeg in het bestand) en blijven onbekend, niet 0.")
            % {"count": table.suppressed}
        )
    if table.skipped_kinds:
        report.notes.append(
            _("%(count)d regels over andere soorten misdrijven overgeslagen (alleen 0.0.0 en 1.1.1 worden gebruikt).")
            % {"count": table.skipped_kinds}
        )
    return report


def _figure(key: Key, parsed: Parsed, source: str) -> CrimeFigure:
    code, kind, period_kind, start = key
    return CrimeFigure(
        area_code=code,
        level=parsed.level,
        crime_kind=kind,
        period_kind=period_kind,
        period_start=start,
        count=parsed.count,
        source=source,
    )


def _existing(rows: dict[Key, Parsed]) -> dict[Key, CrimeFigure]:
    codes = sorted({key[0] for key in rows})
    found: dict[Key, CrimeFigure] = {}
    for start in range(0, len(codes), IN_CHUNK):
        for figure in CrimeFigure.objects.filter(area_code__in=codes[start : start + IN_CHUNK]):
            found[(figure.area_code, figure.crime_kind, figure.period_kind, figure.period_start)] = figure
    return found


def read_crime(path: str | Path, *, progress: bool = False) -> CrimeTable:
    """The file's rows of the kinds kept; ImportFailed naming the first malformed line or row."""
    table = CrimeTable()
    with open_source(path) as (binary, _raw):
        head = binary.peek(64)[:64] if hasattr(binary, "peek") else b""
        is_json = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
        rows = _json_rows(binary) if is_json else _csv_rows(binary)
        for where, cells in progress_bar(rows, enabled=progress, desc=LABEL, unit=_("regel")):
            _add(table, where, cells)
    if not table.rows:
        raise ImportFailed(
            _("Het bestand bevat geen cijfers voor misdrijven totaal (0.0.0) of woninginbraak (1.1.1).")
        )
    return table


def _csv_rows(binary) -> Iterator[tuple[str, dict]]:
    csv_rows = CsvRows(text_lines(binary))
    positions = csv_rows.require(*COLUMNS)
    width = len(csv_rows.header)
    for row in csv_rows:
        if not any(cell.strip() for cell in row):
            continue
        where = line_prefix(csv_rows.line)
        if len(row) != width:
            raise ImportFailed(
                _("%(where)s: %(found)d velden in plaats van %(expected)d.")
                % {"where": where, "found": len(row), "expected": width}
            )
        yield where, {column: row[index] for column, index in positions.items()}


def _json_rows(binary) -> Iterator[tuple[str, dict]]:
    try:
        data = json.loads(binary.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(_("Het JSON-bestand kan niet worden gelezen: %(error)s.") % {"error": exc}) from exc
    if isinstance(data, dict):
        data = data.get("value")
    if not isinstance(data, list):
        raise ImportFailed(
            _("Dit lijkt geen CBS-TypedDataSet: verwacht een object met \"value\" (een lijst rijen) of een lijst.")
        )
    for number, row in enumerate(data, start=1):
        where = _("Rij %(row)d") % {"row": number}
        if not isinstance(row, dict):
            raise ImportFailed(_("%(where)s: verwacht een object met de kolommen van de tabel.") % {"where": where})
        missing = [c for c in COLUMNS if c not in row]
        if missing:
            raise ImportFailed(
                _("%(where)s: de kolom(men) %(missing)s ontbreken.") % {"where": where, "missing": ", ".join(missing)}
            )
        yield where, {column: "" if row[column] is None else str(row[column]) for column in COLUMNS}


def _add(table: CrimeTable, where: str, cells: dict[str, str]) -> None:
    kind = cells["SoortMisdrijf"].strip()
    if not KIND_RE.match(kind):
        raise ImportFailed(
            _("%(where)s: '%(value)s' in kolom SoortMisdrijf is geen code zoals 0.0.0 of 1.1.1.")
            % {"where": where, "value": kind}
        )
    code = cells["WijkenEnBuurten"].strip().upper()
    level = next((level for pattern, level in AREA_PATTERNS if pattern.match(code)), None)
    if level is None:
        raise ImportFailed(
            _("%(where)s: '%(value)s' in kolom WijkenEnBuurten is geen CBS-code (zoals NL00, GM0599, WK059901 of "
              "BU05990101).")
            % {"where": where, "value": code}
        )
    period_kind, start = _period(cells["Perioden"].strip(), where)
    count = _count(cells["GeregistreerdeMisdrijven_1"].strip(), where)
    if kind not in KEPT_KINDS:
        table.skipped_kinds += 1
        return
    key = (code, kind, period_kind, start)
    earlier = table.rows.get(key)
    if earlier is not None:
        raise ImportFailed(
            _("%(where)s: %(code)s, %(kind)s, %(period)s staat ook al in %(earlier)s.")
            % {"where": where, "code": code, "kind": kind, "period": cells["Perioden"].strip(),
               "earlier": earlier.where}
        )
    table.suppressed += count is None
    table.rows[key] = Parsed(level=level, count=count, where=where.lower())


def _period(text: str, where: str) -> tuple[str, dt.date]:
    match = PERIOD_RE.match(text)
    if not match:
        raise ImportFailed(
            _("%(where)s: '%(value)s' in kolom Perioden is geen jaar (2024JJ00) of maand (2025MM01).")
            % {"where": where, "value": text}
        )
    year = int(match.group(1))
    if match.group(2) == "JJ00":
        return PeriodKind.YEAR, dt.date(year, 1, 1)
    return PeriodKind.MONTH, dt.date(year, int(match.group(3)), 1)


def _count(text: str, where: str) -> int | None:
    if text in UNKNOWN:
        return None
    if not NUMBER_RE.match(text):
        raise ImportFailed(
            _("%(where)s: '%(value)s' in kolom GeregistreerdeMisdrijven_1 is geen geheel getal van 0 of meer "
              "(leeg of '.' betekent geheim).")
            % {"where": where, "value": text}
        )
    return int(text)
