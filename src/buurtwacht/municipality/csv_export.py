"""Every CSV file of the municipality's rooms is written here, in one of two formats:

- SPREADSHEET, the staff's exports (groepen.csv, dekking.csv, cijfers.csv) for Excel in Dutch: semicolons, a decimal
  comma, UTF-8 with a BOM (so that Excel reads the accents);
- MACHINE, the public open data (/api/v1/open-data/*.csv) for programs: RFC 4180, commas, a decimal point, no BOM.

Rows hold plain values: a float is a decimal with one digit (percentages, rates), written with the format's decimal
sign; every text cell is guarded against formula injection.

And the overview as CSV: one row per (group, admin). Police of the gemeente get the admins' first names without the
e-mail and phone columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from buurtwacht.municipality.selectors import GroupRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvFormat:
    delimiter: str
    decimal: str
    bom: bool


SPREADSHEET = CsvFormat(delimiter=";", decimal=",", bom=True)
MACHINE = CsvFormat(delimiter=",", decimal=".", bom=False)
CHUNK = 1000


def cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def header(*, full_contacts: bool = True) -> list[str]:
    columns = [
        _("groep"),
        _("status"),
        _("wijk"),
        _("woonplaats"),
        _("opgericht"),
        _("deelnemers"),
        _("adressen"),
        _("beheerder"),
    ]
    if full_contacts:
        columns += [_("e-mail"), _("telefoon")]
    return columns


def overview_csv_rows(rows: list[GroupRow], *, full_contacts: bool):
    """Police (full_contacts False) get no e-mail and phone columns at all."""
    yield header(full_contacts=full_contacts)
    for row in sorted(rows, key=lambda r: r.group.name.lower()):
        group = row.group
        base = [
            group.name,
            group.get_status_display(),
            group.wijk.display_name if group.wijk_id else "",
            group.place,
            group.founded_on.isoformat() if group.founded_on else "",
            group.member_count,
            group.address_count,
        ]
        for admin in row.admins or [None]:
            person = [admin.name, admin.email, admin.phone] if admin else ["", "", ""]
            yield base + (person if full_contacts else person[:1])


def formatted(value, csv_format: CsvFormat = SPREADSHEET) -> str:
    """A value as its cell: a float with one decimal and the format's decimal sign, a whole number as it is, any other
    value as guarded text."""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", csv_format.decimal)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return cell(value)


def csv_lines(rows: Iterable[Iterable], csv_format: CsvFormat = SPREADSHEET) -> Iterator[str]:
    """The file in pieces of CHUNK lines (for a streamed response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=csv_format.delimiter, lineterminator="\r\n")
    if csv_format.bom:
        yield "\ufeff"
    for count, row in enumerate(rows, 1):
        writer.writerow([formatted(value, csv_format) for value in row])
        if count % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(stream, rows, csv_format: CsvFormat = SPREADSHEET) -> None:
    for text in csv_lines(rows, csv_format):
        stream.write(text)
