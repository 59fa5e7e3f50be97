"""Shapes of the signs API. Requests and signs name the group, never the people in it (the admin who asked is the
group's business; the municipality has the admins' contacts on its overview)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from buurtwacht.municipality.signs.rules import RuleCheck


class RulesIO(Schema):
    min_connected_addresses: int | None = Field(None, ge=0, le=100000, description="Krimpen aan den IJssel: 50")
    max_per_group: int | None = Field(None, ge=0, le=100000)
    max_per_wijk: int | None = Field(None, ge=1, le=100000, description="Landsmeer: 1 (no extra signs in a wijk that "
                                     "has one)")
    active_groups_only: bool = False
    contribution_eur: Decimal | None = Field(None, ge=0, le=10000, description="Bronckhorst: 50")
    contribution_text: str = Field("", max_length=300)
    allowed_spots: str = Field("", max_length=300, description="e.g. 'alleen op toegangswegen'")


class CheckOut(Schema):
    key: str
    ok: bool | None = Field(description="true met, false broken, null a notice (contribution, allowed spots)")
    reason: str


class SpotIn(Schema):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    note: str = Field("", max_length=200)


class SpotOut(Schema):
    lat: float
    lon: float
    note: str


class RequestIn(Schema):
    reason: str = Field(max_length=1000)
    spots: list[SpotIn] = Field(max_length=20)


class HistoryOut(Schema):
    step: str
    at: dt.datetime
    on: dt.date | None
    lat: float | None
    lon: float | None
    note: str
    sign_id: int | None


class RequestOut(Schema):
    id: int
    group_id: int
    group: str
    status: str
    reason: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    spots: list[SpotOut]
    sign_ids: list[int]
    checks: list[CheckOut]
    history: list[HistoryOut]


class SignOut(Schema):
    id: int
    request_id: int
    group_id: int
    group: str
    wijk: str | None
    status: str
    lat: float
    lon: float
    note: str
    placed_on: dt.date | None
    removed_on: dt.date | None
    history: list[HistoryOut]


class ApproveIn(Schema):
    spots: list[SpotIn] = Field(max_length=20, description="The final spots agreed with the admin")
    note: str = Field("", max_length=1000)


class RefuseIn(Schema):
    note: str = Field(max_length=1000)


class PlacedIn(Schema):
    on: dt.date
    lat: float | None = None
    lon: float | None = None
    note: str = Field("", max_length=1000)


class MovedIn(Schema):
    on: dt.date
    lat: float
    lon: float
    note: str = Field("", max_length=1000)


class RemovedIn(Schema):
    on: dt.date
    reason: str = Field(max_length=1000)


def history_out(event) -> dict:
    return {"step": event.step, "at": event.at, "on": event.on, "lat": event.lat, "lon": event.lon,
            "note": event.note, "sign_id": event.sign_id}


def checks_out(checks: list[RuleCheck]) -> list[dict]:
    return [check.as_dict() for check in checks]


def request_out(request, checks: list[RuleCheck]) -> dict:
    return {
        "id": request.pk, "group_id": request.group_id, "group": request.group.name, "status": request.status,
        "reason": request.reason, "created_at": request.created_at, "decided_at": request.decided_at,
        "decision_note": request.decision_note,
        "spots": [{"lat": s.lat, "lon": s.lon, "note": s.note} for s in request.spots.all()],
        "sign_ids": [sign.pk for sign in request.signs.all()],
        "checks": checks_out(checks),
        "history": [history_out(e) for e in request.events.all()],
    }


def sign_out(sign) -> dict:
    return {
        "id": sign.pk, "request_id": sign.request_id, "group_id": sign.group_id, "group": sign.group.name,
        "wijk": sign.wijk.display_name if sign.wijk else None, "status": sign.status, "lat": sign.lat,
        "lon": sign.lon, "note": sign.note, "placed_on": sign.placed_on, "removed_on": sign.removed_on,
        "history": [history_out(e) for e in sign.events.all()],
    }
