"""Shapes of the police API (control-room systems, with a key). The input models only parse: police.services and
police.rules check every value, with the same Dutch message on the same field as the console (decision 0006);
the enums and bounds below are declared for the OpenAPI document, not enforced here. Unknown keys are refused
(a "radius" instead of "radius_m" must not silently become the default 1,000 m)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from buurtwacht.alerts.signalement import PERSON_FIELDS, VEHICLE_FIELDS
from buurtwacht.geo.shapes import NL_BOUNDS
from buurtwacht.police.area import RADIUS_DEFAULT_M, RADIUS_MAX_M, RADIUS_MIN_M
from buurtwacht.police.models import Incident, PoliceOutcome

MIN_LON, MIN_LAT, MAX_LON, MAX_LAT = NL_BOUNDS
_PERSON_KEYS = ", ".join(f.key for f in PERSON_FIELDS)
_VEHICLE_KEYS = ", ".join(f.key for f in VEHICLE_FIELDS)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MessageIn(_Input):
    """A dispatch or an area alert. The place as lat + lon (or postcode + house_number); the area a circle of
    radius_m metres around it, or the buurten named by CBS code (then radius_m is left out)."""

    kind: str = Field(description="What is going on", json_schema_extra={"enum": list(Incident.values)})
    lat: float | None = Field(
        None, description="The place (WGS84)", json_schema_extra={"minimum": MIN_LAT, "maximum": MAX_LAT}
    )
    lon: float | None = Field(None, json_schema_extra={"minimum": MIN_LON, "maximum": MAX_LON})
    postcode: str = Field("", description="The place as an address, when no lat + lon are given")
    house_number: str = Field("", description="With letter or addition: 12, 12a, 12-2")
    radius_m: int | None = Field(
        None,
        description=f"The circle's radius in METRES (CAP speaks kilometres; this API does not). "
        f"Default {RADIUS_DEFAULT_M}",
        json_schema_extra={"minimum": RADIUS_MIN_M, "maximum": RADIUS_MAX_M},
    )
    buurten: list[str] = Field(
        default_factory=list, description="CBS buurt codes (BU...), instead of a circle; at most 30"
    )
    text: str = Field("", description="The description, as the police write it", json_schema_extra={"maxLength": 2000})
    signalement: dict[str, dict[str, str | bool]] = Field(
        default_factory=dict,
        description=f'{{"person": {{...}}, "vehicle": {{...}}}}. person: {_PERSON_KEYS}; vehicle: {_VEHICLE_KEYS}, '
        "plate_unverified (true: a foreign or partly seen plate). Choices as in members' alerts; any other key is "
        "refused",
    )


class UpdateIn(_Input):
    text: str = Field(
        description="News: the direction of flight, a better description", json_schema_extra={"maxLength": 1000}
    )


class CloseIn(_Input):
    outcome: str = Field(description="How it ended", json_schema_extra={"enum": list(PoliceOutcome.values)})
    text: str = Field("", description="Required with outcome anders", json_schema_extra={"maxLength": 1000})


# --- answers ---------------------------------------------------------------------------------------------------


class PoliceDispatchReach(Schema):
    groups: int = Field(description="Groups whose admins received it")
    groups_off: int = Field(description="Groups in the area that turned police messages off (not reached)")
    admins: int


class PoliceAreaAlertReach(Schema):
    residents: int = Field(description="Residents who opted in for an address in the area")


class PoliceDispatchCreated(Schema):
    id: int
    identifier: str = Field(description='Its CAP identifier ("buurtwacht-police-<id>"), for CAP references')
    reach: PoliceDispatchReach


class PoliceAreaAlertCreated(Schema):
    id: int
    identifier: str
    reach: PoliceAreaAlertReach


class PoliceUpdateOut(Schema):
    text: str
    author_name: str
    created_at: dt.datetime


class PoliceForwardOut(Schema):
    channel: str = Field(description="groep, whatsapp or kopie")
    label: str
    at: dt.datetime


class PoliceMemberReceipts(Schema):
    recipients: int
    delivered: int
    seen: int


class PoliceGroupReceiptsOut(Schema):
    group_id: int
    name: str
    admins: int
    delivered: int = Field(description="Admins it reached on any channel")
    seen: int = Field(description="Admins who opened it")
    forwards: list[PoliceForwardOut]
    members: PoliceMemberReceipts | None = Field(description="The post in the group, once an admin passed it in")
    called_112: int = Field(description='Members who marked the post "ik heb 112 gebeld"')


class PolicePercentReached(Schema):
    within_1_min: int
    within_5_min: int


class PoliceReceiptsOut(Schema):
    """How far it got. Group names and counts only: never members, their addresses or a group's content."""

    recipients: int
    delivered: int
    seen: int
    seconds_to_first_seen: float | None
    seconds_to_first_forward: float | None
    percent_reached: PolicePercentReached
    tips: int | None = Field(None, description='Area alerts: residents\' answers ("Ik heb informatie")')
    groups: list[PoliceGroupReceiptsOut]


class PoliceMessageOut(Schema):
    id: int
    identifier: str
    type: str = Field(description="dispatch or area_alert")
    kind: str = Field(description="The incident")
    kind_label: str
    status: str = Field(description="open or closed")
    lat: float
    lon: float
    location_text: str
    radius_m: int | None = Field(description="Metres; None when the area is buurten")
    buurten: list[str]
    text: str = Field(description="The description as sent")
    signalement: dict
    headline: str
    full_text: str = Field(description="The whole message as its recipients read it, updates and outcome included")
    sender_name: str
    created_at: dt.datetime
    closes_at: dt.datetime = Field(description="It closes itself then, if nobody closed it")
    closed_at: dt.datetime | None
    outcome: str
    outcome_text: str
    reach: dict = Field(description="The counts when it was sent: groups, groups_off, admins, residents")
    updates: list[PoliceUpdateOut]
    receipts: PoliceReceiptsOut
