"""Coverage as CSV: per buurt (and per wijk for the municipality). The rows hold plain values (a share as a float);
municipality.csv_export writes them for a spreadsheet (staff) or for programs (the open data)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from buurtwacht.municipality.coverage.models import BuurtCoverage, WijkCoverage


def percent(share: float) -> float:
    return round(100 * share, 1)


def per_100(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def buurt_header(*, public: bool = False) -> list[str]:
    header = [
        _("gemeentecode"),
        _("buurtcode"),
        _("buurt"),
        _("wijkcode"),
        _("adressen"),
        _("adressen in het gebied van een groep"),
        _("aandeel gedekt (%)"),
        _("huishoudens"),
        _("deelnemers die er wonen"),
        _("deelnemers per 100 huishoudens"),
        _("actieve groepen"),
    ]
    return _public(header) if public else header


def _public(line: list) -> list:
    """The open data leave out where members live: counts of people, small ones among them."""
    return line[:8] + line[10:]


def buurt_rows(
    rows: Iterable[BuurtCoverage], *, gemeente_code: str | None = None, public: bool = False
) -> Iterator[list]:
    """Header, then one line per buurt. `gemeente_code` when all rows are of one gemeente (no query per row);
    `public` for the open data, without the members."""
    yield buurt_header(public=public)
    for row in rows:
        line = [
            gemeente_code or row.gemeente.code,
            row.buurt.code,
            row.buurt.display_name,
            row.wijk.code,
            row.addresses,
            row.covered_addresses,
            percent(row.share),
            "" if row.households is None else row.households,
            row.members,
            per_100(row.members_per_100_households),
            row.groups,
        ]
        yield _public(line) if public else line


def wijk_rows(rows: Iterable[WijkCoverage]) -> Iterator[list]:
    yield [
        _("wijkcode"),
        _("wijk"),
        _("adressen"),
        _("adressen in het gebied van een groep"),
        _("aandeel gedekt (%)"),
        _("huishoudens"),
        _("deelnemers die er wonen"),
        _("deelnemers per 100 huishoudens"),
        _("actieve groepen"),
    ]
    for row in rows:
        yield [
            row.wijk.code,
            row.wijk.display_name,
            row.addresses,
            row.covered_addresses,
            percent(row.share),
            "" if row.households is None else row.households,
            row.members,
            per_100(row.members_per_100_households),
            row.groups,
        ]
