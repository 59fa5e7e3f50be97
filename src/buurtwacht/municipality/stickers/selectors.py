"""Reads for stickers: a gemeente's settings (defaults until staff save them), a group's allowance, the requests."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group
from buurtwacht.groups.selectors import connected_addresses
from buurtwacht.municipality.stickers.models import (
    COUNTED,
    UNFINISHED,
    RequestStatus,
    StickerRequest,
    StickerSettings,
)


def settings_of(gemeente: Gemeente) -> StickerSettings:
    """The gemeente's sticker settings; unsaved defaults (no stock) when staff have not set them yet."""
    return StickerSettings.objects.filter(gemeente=gemeente).first() or StickerSettings(gemeente=gemeente)


@dataclass(frozen=True)
class Allowance:
    """How many stickers a group may still request: per connected address, minus what it received or has open."""

    connected: int
    per_address: int
    used: int

    @property
    def limit(self) -> int:
        return self.connected * self.per_address

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


def used_by(group: Group) -> int:
    counted = StickerRequest.objects.filter(group=group, status__in=COUNTED)
    return counted.aggregate(total=Sum("number"))["total"] or 0


def allowance(group: Group, settings_row: StickerSettings | None = None) -> Allowance:
    settings_row = settings_row or settings_of(group.gemeente)
    return Allowance(
        connected=connected_addresses([group.pk]).get(group.pk, 0),
        per_address=settings_row.per_address,
        used=used_by(group),
    )


def requests_of_group(group: Group):
    return StickerRequest.objects.filter(group=group).order_by("-created_at", "-pk")


def requests_of(gemeente: Gemeente, *, status: str | None = None):
    """The gemeente's requests, open ones first, then the newest."""
    rows = StickerRequest.objects.filter(gemeente=gemeente).select_related("group", "requested_by")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-pk")


def open_requests(gemeente: Gemeente):
    """Still on staff's list, oldest first: to decide, or lying ready until the group picks them up."""
    return requests_of(gemeente).filter(status__in=UNFINISHED).order_by("created_at", "pk")


def done_requests(gemeente: Gemeente):
    return requests_of(gemeente).exclude(status__in=UNFINISHED)


@dataclass(frozen=True)
class Summary:
    open_count: int
    ready_count: int
    open_number: int
    stock: int
    stock_low: bool
    configured: bool


def summary(gemeente: Gemeente) -> Summary:
    settings_row = settings_of(gemeente)
    open_rows = StickerRequest.objects.filter(gemeente=gemeente, status=RequestStatus.OPEN)
    totals = open_rows.aggregate(total=Sum("number"))
    return Summary(
        open_count=open_rows.count(),
        ready_count=StickerRequest.objects.filter(gemeente=gemeente, status=RequestStatus.READY).count(),
        open_number=totals["total"] or 0,
        stock=settings_row.stock,
        stock_low=settings_row.stock_low,
        configured=settings_row.pk is not None,
    )
