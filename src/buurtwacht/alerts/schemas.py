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
    """What the member says; alerts.services checks all of it, as it does for the composer."""

    kind: str = Field(
        description="inbraak, verdacht, vandalisme, straatroof, bedreiging, mishandeling, vermissing, "
        "oplichting, jeugdoverlast or anders"
    )
    lat: float | None = Field(None, description="The place as a point (WGS84); or give postcode and house_number")
    lon: float | None = None
    postcode: str = Field("", description="The place as an address, when no point is given")
    house_number: str = Field("", description="With letter or addition: 12, 12a, 12-2")
    police_call: str = Field(description="112, nog_niet, 0900 or niet_nodig; urgent kinds need 112 or nog_niet")
    happened_at: dt.datetime | None = Field(None, description="Default: now. A time without zone is Dutch time")
    location_text: str = Field("", description="At most 200 characters")
    description: str = Field("", description="At most 2000 characters")
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
        description="kijk_uit, zie_het_ook, 112_gebeld, politie_ter_plaatse, opgelost, loos_alarm or "
        "aanvulling (with text)"
    )
    text: str = Field("", description="At most 1000 characters")


class CloseIn(Schema):
    outcome: str = Field(description="opgelost, politie, aanhouding, vertrokken, loos_alarm or anders")
    text: str = Field("", description="At most 1000 characters")


class ReceiptsOut(Schema):
    """How far an alert got, for its author and the group's admins."""

    recipients: int
    delivered: int
    seen: int
    text: str
