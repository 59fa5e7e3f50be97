"""Shapes of the coverage API: counts per buurt and per wijk, no people."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class BuurtCoverageOut(Schema):
    code: str
    name: str
    wijk_code: str
    addresses: int
    covered_addresses: int
    households: int | None
    share: float
    members: int
    members_per_100_households: float | None
    groups: int


class WijkCoverageOut(Schema):
    code: str
    name: str
    addresses: int
    covered_addresses: int
    households: int | None
    share: float
    members: int
    members_per_100_households: float | None
    groups: int


class CoverageOut(Schema):
    gemeente: str
    computed_at: dt.datetime | None
    buurten: list[BuurtCoverageOut]
    wijken: list[WijkCoverageOut]


def _figures(row) -> dict:
    per_100 = row.members_per_100_households
    return {
        "addresses": row.addresses,
        "covered_addresses": row.covered_addresses,
        "households": row.households,
        "share": round(row.share, 4),
        "members": row.members,
        "members_per_100_households": None if per_100 is None else round(per_100, 1),
        "groups": row.groups,
    }


def coverage_out(coverage) -> dict:
    return {
        "gemeente": coverage.gemeente.code,
        "computed_at": coverage.computed_at,
        "buurten": [
            {"code": b.buurt.code, "name": b.buurt.display_name, "wijk_code": b.wijk.code, **_figures(b)}
            for b in coverage.buurten
        ],
        "wijken": [{"code": w.wijk.code, "name": w.wijk.display_name, **_figures(w)} for w in coverage.wijken],
    }
