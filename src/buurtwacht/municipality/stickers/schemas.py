"""Shapes of the sticker API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class StickerRequestIn(Schema):
    number: int = Field(..., ge=1, le=100_000, description="How many stickers")
    delivery: Literal["post", "pickup"] = Field(..., description="post: sent to `address`; pickup: at the town hall")
    address: str = Field("", max_length=300, description="Where to send them (delivery post)")
    note: str = Field("", max_length=500)


class StickerRequestOut(Schema):
    id: int
    group_id: int
    group: str
    number: int
    delivery: str
    address: str | None = Field(None, description="Only for municipal staff and the group's admins")
    note: str
    status: Literal["open", "sent", "ready", "picked_up", "refused"]
    reason: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    picked_up_at: dt.datetime | None = None


class RefuseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000, description="Mailed to the group's admins")


class StockIn(Schema):
    stock: int = Field(..., ge=0, le=1_000_000, description="Stickers on the shelf now")


class DeliveryIn(Schema):
    number: int = Field(..., ge=1, le=1_000_000, description="Stickers that came in from the printer")


class StockOut(Schema):
    stock: int
    low_threshold: int
    low: bool
    per_address: int
    allow_post: bool
    allow_pickup: bool
    pickup_text: str


def request_out(obj, *, with_address: bool) -> dict:
    return {
        "id": obj.pk,
        "group_id": obj.group_id,
        "group": obj.group.name,
        "number": obj.number,
        "delivery": obj.delivery,
        "address": obj.address if with_address else None,
        "note": obj.note,
        "status": obj.status,
        "reason": obj.reason,
        "created_at": obj.created_at,
        "decided_at": obj.decided_at,
        "picked_up_at": obj.picked_up_at,
    }


def stock_out(settings_row) -> dict:
    return {
        "stock": settings_row.stock,
        "low_threshold": settings_row.low_threshold,
        "low": settings_row.stock_low,
        "per_address": settings_row.per_address,
        "allow_post": settings_row.allow_post,
        "allow_pickup": settings_row.allow_pickup,
        "pickup_text": settings_row.pickup_text,
    }
