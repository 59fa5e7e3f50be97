"""What the municipality sees of police messages: counts per month, never content (item 7 of the police brief).
Read from the messages' kept counts (`reach`, and the receipts' counts kept at anonymising) and the forwards."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

from buurtwacht.police.models import Forward, ForwardChannel, MessageKind, PoliceMessage


@dataclass
class Month:
    month: object  # the first day of the month (a date)
    dispatches: int = 0
    area_alerts: int = 0
    groups_reached: int = 0
    admins_reached: int = 0
    residents_reached: int = 0
    forwarded_into_groups: int = 0


def months_of(gemeente, *, limit: int = 24) -> list[Month]:
    """Per month, newest first: how many messages of each kind, how many groups, admins and residents they
    reached, and how many times one was passed into a group."""
    rows = (
        PoliceMessage.objects.filter(gemeente=gemeente)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "kind", "reach")
    )
    months: dict = {}
    for month, kind, reach in rows:
        entry = months.setdefault(month.date() if hasattr(month, "date") else month, Month(month))
        if kind == MessageKind.DISPATCH:
            entry.dispatches += 1
            entry.groups_reached += int(reach.get("groups", 0))
            entry.admins_reached += int(reach.get("admins", 0))
        else:
            entry.area_alerts += 1
            entry.residents_reached += int(reach.get("residents", 0))
    forwards = (
        Forward.objects.filter(message__gemeente=gemeente, channel=ForwardChannel.GROUP)
        .annotate(month=TruncMonth("message__created_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    for row in forwards:
        key = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        if key in months:
            months[key].forwarded_into_groups = row["n"]
    return [months[key] for key in sorted(months, reverse=True)][:limit]
