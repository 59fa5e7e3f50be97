"""Shapes of the alerts API. People appear by first name only, as on the pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from buurtwacht.alerts.models import AlertKind, Outcome, PoliceCall, ReactionKind
from buurtwacht.geo.shapes import NL_BOUNDS

# The values the server accepts, as enums in the OpenAPI document (refused with a 400 otherwise).
KindIn = Literal[tuple(AlertKind.values)]  # type: ignore[valid-type]
PoliceCallIn = Literal[tuple(PoliceCall.values)]  # type: ignore[valid-type]
ReactionKindIn = Literal[tuple(ReactionKind.values)]  # type: ignore[valid-type]
OutcomeIn = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]
MIN_LON, MIN_LAT, MAX_LON, MAX_LAT = NL_BOUNDS


class ReactionOut(Schema):
    kind: str
    first_name: str
    text: str
    created_at: dt.datetime


class AlertOut(Schema):
    id: int
    group_id: int
    kind: str
    kind_label: str
    urgent: bool
    lat: float
    lon: float
    location_text: str
    happened_at: dt.datetime
    police_call: str
    called_112_at: dt.datetime | None
    called_112_by: str | None = Field(description="First name of who called 112")
    description: str
    person: dict
    vehicle: dict
    status: str
    outcome: str
    outcome_text: str
    created_at: dt.datetime
    author: str = Field(description="First name of the member who posted it")
    reactions: list[ReactionOut]
    url: str


class AlertIn(Schema):
    kind: KindIn = Field(description="What happened")
    lat: float = Field(ge=MIN_LAT, le=MAX_LAT, allow_inf_nan=False, description="WGS84, in or near the group's area")
    lon: float = Field(ge=MIN_LON, le=MAX_LON, allow_inf_nan=False, description="WGS84, in or near the group's area")
    police_call: PoliceCallIn = Field(description="Whether the police were called; urgent kinds need 112 or nog_niet")
    happened_at: dt.datetime | None = Field(None, description="Default: now")
    location_text: str = Field("", max_length=200)
    description: str = Field("", max_length=2000)
    person: dict[str, str | bool] = Field(default_factory=dict, description="Fields of the person signalement form")
    vehicle: dict[str, str | bool] = Field(default_factory=dict, description="Fields of the vehicle signalement form")


class ReactionIn(Schema):
    kind: ReactionKindIn = Field(description="The reaction; aanvulling needs a text")
    text: str = Field("", max_length=1000)


class CloseIn(Schema):
    outcome: OutcomeIn = Field(description="How it ended")
    text: str = Field("", max_length=1000)
