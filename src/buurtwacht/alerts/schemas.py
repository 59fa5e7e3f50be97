"""Shapes of the alerts API. People appear by first name only, as on the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


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
    kind: str = Field(
        description="inbraak, verdacht, vandalisme, straatroof, bedreiging, mishandeling, vermissing, "
        "oplichting, jeugdoverlast or anders"
    )
    lat: float
    lon: float
    police_call: str = Field(description="112, nog_niet, 0900 or niet_nodig; urgent kinds need 112 or nog_niet")
    happened_at: dt.datetime | None = Field(None, description="Default: now")
    location_text: str = Field("", max_length=200)
    description: str = Field("", max_length=2000)
    person: dict[str, str | bool] = Field(default_factory=dict, description="Fields of the person signalement form")
    vehicle: dict[str, str | bool] = Field(default_factory=dict, description="Fields of the vehicle signalement form")


class ReactionIn(Schema):
    kind: str = Field(
        description="kijk_uit, zie_het_ook, 112_gebeld, politie_ter_plaatse, opgelost, loos_alarm or "
        "aanvulling (with text)"
    )
    text: str = Field("", max_length=1000)


class CloseIn(Schema):
    outcome: str = Field(description="opgelost, politie, aanhouding, vertrokken, loos_alarm or anders")
    text: str = Field("", max_length=1000)


class ReceiptsOut(Schema):
    """How far an alert got, for its author and the group's admins."""

    recipients: int
    delivered: int
    seen: int
    text: str
