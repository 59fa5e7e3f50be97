"""Import BAG addresses from the `;`-separated extract, plain or zstandard-compressed.

The rows are streamed and written in batches with an upsert keyed on (postcode, number, letter, addition), so a
re-run updates the street, place and point of the addresses it knows and adds the new ones: nothing is duplicated.
The extract repeats some addresses (one address on several verblijfsobjecten, each with its own point); the last
row of an address wins, as it would if the rows were written one by one.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from buurtwacht.geo.importers import (
    CsvRows,
    ImportFailed,
    ImportReport,
    line_prefix,
    open_source,
    progress_bar,
    text_lines,
)
from buurtwacht.geo.models import Address
from buurtwacht.geo.shapes import NL_BOUNDS

COLUMNS = ("straat", "huisnummer", "huisletter", "huisnummertoevoeging", "postcode", "woonplaats", "lat", "lon")
KEY_FIELDS = ["postcode", "number", "letter", "addition"]
UPDATE_FIELDS = ["street", "place", "municipality_name", "lat", "lon"]
BATCH = 5000

POSTCODE_RE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
NUMBER_RE = re.compile(r"^[0-9]{1,5}$")
LETTER_RE = re.compile(r"^[A-Za-z]?$")
ADDITION_RE = re.compile(r"^[0-9A-Za-z]{0,4}$")


def import_addresses(path: str | Path, *, progress: bool = False) -> ImportReport:
    """Import a BAG address extract; all or nothing."""
    report = ImportReport()
    counts = report.of(gettext_noop("adressen"))
    seen: set[tuple[str, int, str, str]] = set()
    rows = 0
    with open_source(path) as (binary, raw), transaction.atomic():
        before = Address.objects.count()
        csv_rows = CsvRows(text_lines(binary))
        columns = csv_rows.require(*COLUMNS)
        municipality = csv_rows.header.index("gemeente") if "gemeente" in csv_rows.header else None
        size = Path(path).stat().st_size
        batch: dict[tuple[str, int, str, str], Address] = {}
        with progress_bar(enabled=progress, desc=_("adressen"), total=size, unit="B", unit_scale=True) as bar:
            for row in csv_rows:
                address = parse_row(row, columns, municipality, line=csv_rows.line, width=len(csv_rows.header))
                key = (address.postcode, address.number, address.letter, address.addition)
                seen.add(key)
                batch.pop(key, None)
                batch[key] = address
                rows += 1
                if len(batch) >= BATCH:
                    _write(batch)
                    batch = {}
                    bar.update(raw.tell() - bar.n)
            _write(batch)
            bar.update(size - bar.n)
        counts.created = Address.objects.count() - before
        counts.updated = len(seen) - counts.created
    if not rows:
        raise ImportFailed(_("Het bestand bevat geen adressen, alleen de kolomnamen."))
    report.duplicates = rows - len(seen)
    if report.duplicates:
        report.notes.append(
            _("%(count)d regels herhaalden een adres van een eerdere regel; de laatste regel telt.")
            % {"count": report.duplicates}
        )
    return report


def _write(batch: dict[tuple[str, int, str, str], Address]) -> None:
    if batch:
        Address.objects.bulk_create(
            batch.values(), update_conflicts=True, unique_fields=KEY_FIELDS, update_fields=UPDATE_FIELDS
        )


def parse_row(row: list[str], columns: dict[str, int], municipality: int | None, *, line: int, width: int) -> Address:
    """One CSV row as an unsaved Address; ImportFailed (Dutch, with the line number) when a value is wrong."""

    def fail(problem: str) -> ImportFailed:
        return ImportFailed(_("%(where)s: %(problem)s") % {"where": line_prefix(line), "problem": problem})

    if len(row) != width:
        raise fail(_("%(found)d velden in plaats van %(expected)d.") % {"found": len(row), "expected": width})
    value = {name: row[i].strip() for name, i in columns.items()}
    postcode = value["postcode"].replace(" ", "").upper()
    if not POSTCODE_RE.match(postcode):
        raise fail(
            _("'%(value)s' is geen geldige postcode (vier cijfers en twee letters, zoals 4381AA).")
            % {"value": value["postcode"]}
        )
    if not NUMBER_RE.match(value["huisnummer"]) or int(value["huisnummer"]) == 0:
        raise fail(_("'%(value)s' is geen geldig huisnummer.") % {"value": value["huisnummer"]})
    if not LETTER_RE.match(value["huisletter"]):
        raise fail(_("'%(value)s' is geen geldige huisletter (één letter).") % {"value": value["huisletter"]})
    if not ADDITION_RE.match(value["huisnummertoevoeging"]):
        raise fail(
            _("'%(value)s' is geen geldige huisnummertoevoeging (hooguit vier letters of cijfers).")
            % {"value": value["huisnummertoevoeging"]}
        )
    municipality_name = row[municipality].strip() if municipality is not None else ""
    for name, text, limit in (("straat", value["straat"], 200), ("woonplaats", value["woonplaats"], 100)):
        if not text:
            raise fail(_("de kolom %(column)s is leeg.") % {"column": name})
        if len(text) > limit:
            raise fail(_("de kolom %(column)s is langer dan %(limit)d tekens.") % {"column": name, "limit": limit})
    if len(municipality_name) > 100:
        raise fail(_("de kolom %(column)s is langer dan %(limit)d tekens.") % {"column": "gemeente", "limit": 100})
    lat = _coordinate(value["lat"], _("breedtegraad (lat)"), NL_BOUNDS[1], NL_BOUNDS[3], fail)
    lon = _coordinate(value["lon"], _("lengtegraad (lon)"), NL_BOUNDS[0], NL_BOUNDS[2], fail)
    return Address(
        street=value["straat"],
        number=int(value["huisnummer"]),
        letter=value["huisletter"],
        addition=value["huisnummertoevoeging"],
        postcode=postcode,
        place=value["woonplaats"],
        municipality_name=municipality_name,
        lat=lat,
        lon=lon,
    )


def _coordinate(text: str, what: str, low: float, high: float, fail) -> float:
    try:
        number = float(text)
    except ValueError:
        raise fail(_("de %(what)s '%(value)s' is geen getal.") % {"what": what, "value": text}) from None
    if not math.isfinite(number) or not low <= number <= high:
        raise fail(
            _("de %(what)s %(value)s ligt buiten Nederland (tussen %(low)s en %(high)s).")
            % {"what": what, "value": text, "low": low, "high": high}
        )
    return number
