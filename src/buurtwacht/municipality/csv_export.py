"""The overview as CSV for a spreadsheet: one row per (group, admin), semicolons, UTF-8 with a BOM (so that Excel
reads the accents), and every cell guarded against formula injection. Police of the gemeente get the admins' first
names without the e-mail and phone columns."""

from __future__ import annotations

import csv

from django.utils.translation import gettext as _

from buurtwacht.municipality.selectors import GroupRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def write_csv(stream, rows) -> None:
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
