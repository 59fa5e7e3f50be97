"""Shapes of the membership API. Other members are seen by first name and street only; admins see more."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class JoinRequestIn(Schema):
    declared_min_age: bool = False
    rules_version: int | None = Field(None, ge=1, description="The version of the house rules the person accepted")
    message: str = Field("", max_length=1000)


class JoinRequestOut(Schema):
    id: int
    group_id: int
    status: str
    inside_area: bool
    distance_m: int = Field(description="Metres from the group's area; 0 inside it")
    rules_version: int | None
    created_at: dt.datetime


class ApplicantOut(Schema):
    first_name: str
    last_name: str
    email: str
    phone: str
    address: str | None


class OpenRequestOut(JoinRequestOut):
    applicant: ApplicantOut
    declared_min_age: bool
    message: str


class DecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=1000)


class MemberOut(Schema):
    """first_name, street and role for everyone; the other fields only for the group's admins and oneself."""

    id: int | None = Field(None, description="The membership's id; only on rows with full fields")
    first_name: str
    street: str
    role: str
    is_self: bool
    last_name: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    joined_at: dt.datetime | None = None


class RulesOut(Schema):
    group_id: int
    version: int
    text: str
    min_age: int
    created_at: dt.datetime
