"""Shapes of the alerts API. People appear by first name only, as on the pages."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from buurtwacht.alerts.models import AlertKind, Outcome, PoliceCall, ReactionKind
from buurtwacht.geo.shapes import NL_BOUNDS

# The values the server accepts are declared in the OpenAPI document (enum, maxLength, minimum, maximum) but not
# enforced by the schema: alerts.services refuses anything else, with the same Dutch message on the same field as
# the composer and every other channel (decision record 0006).
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
    """What the member says; alerts.services checks all of it, as it does for the composer."""

    kind: str = Field(description="What happened", json_schema_extra={"enum": list(AlertKind.values)})
    lat: float | None = Field(
        None,
        description="The place as a point (WGS84), in or near the group's area; or give postcode and house_number",
        json_schema_extra={"minimum": MIN_LAT, "maximum": MAX_LAT},
    )
    lon: float | None = Field(None, json_schema_extra={"minimum": MIN_LON, "maximum": MAX_LON})
    postcode: str = Field("", description="The place as an address, when no point is given")
    house_number: str = Field("", description="With letter or addition: 12, 12a, 12-2")
    police_call: str = Field(
        description="Whether the police were called; urgent kinds need 112 or nog_niet",
        json_schema_extra={"enum": list(PoliceCall.values)},
    )
    happened_at: dt.datetime | None = Field(None, description="Default: now. A time without zone is Dutch time")
    location_text: str = Field("", json_schema_extra={"maxLength": 200})
    description: str = Field("", json_schema_extra={"maxLength": 2000})
    person: dict[str, str] = Field(
        default_factory=dict,
        description="sex, age, height, build (choices as in the composer); clothing, hair, marks, skin, "
        "behaviour, direction (text). Any other key is refused",
    )
    vehicle: dict[str, str | bool] = Field(
        default_factory=dict,
        description="type (choice); make, colour, plate, direction (text); plate_unverified (true: a foreign or "
        "partly seen plate, kept as given). Any other key is refused",
    )


class RefusalOut(Schema):
    detail: str = Field(description="Everything that was refused, in Dutch, in one text")
    errors: dict[str, list[str]] = Field(
        description="The same messages per input field: kind, place, postcode, house_number, happened_at, "
        "police_call, location_text, description, person, person.<key>, vehicle, vehicle.<key>, text, outcome; "
        "__all__ for what concerns no field (the rate limit, an inactive group, a closed alert)"
    )


class NearbyOut(Schema):
    id: int | None = Field(description="None for another group's alert: it is not yours to open")
    own_group: bool
    group_name: str
    kind: str
    kind_label: str
    created_at: dt.datetime
    distance_m: int = Field(description="Metres; for another group's alert rounded to 50")
    police_line: str
    description: str = Field(description="Empty for another group's alert")
    url: str | None


class ReactionIn(Schema):
    kind: str = Field(
        description="The reaction; aanvulling needs a text", json_schema_extra={"enum": list(ReactionKind.values)}
    )
    text: str = Field("", json_schema_extra={"maxLength": 1000})


class CloseIn(Schema):
    outcome: str = Field(description="How it ended", json_schema_extra={"enum": list(Outcome.values)})
    text: str = Field("", json_schema_extra={"maxLength": 1000})


class ReceiptsOut(Schema):
    """How far an alert got, for its author and the group's admins."""

    recipients: int
    delivered: int
    seen: int
    text: str
