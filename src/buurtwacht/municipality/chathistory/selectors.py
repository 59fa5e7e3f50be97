"""The stored WhatsApp counts: per group for its admins, and per month for the municipality's figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from buurtwacht.municipality.chathistory.models import ChatMonth, ChatSource


def months_of_group(group) -> list[ChatMonth]:
    return list(ChatMonth.objects.filter(group=group).order_by("-month"))


@dataclass
class ChatMonthTotal:
    month: dt.date
    messages: int = 0
    police_mentions: int = 0
    alert_like: int = 0
    alert_kinds: dict[str, int] = field(default_factory=dict)


def whatsapp_months(group_ids: list[int], months: list[dt.date]) -> list[ChatMonthTotal]:
    """The WhatsApp counts of these groups for these months (first days), oldest first; zeros where none."""
    totals = {m: ChatMonthTotal(m) for m in months}
    kinds: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = ChatMonth.objects.filter(group_id__in=group_ids, source=ChatSource.WHATSAPP, month__in=months)
    for row in rows.values("month", "messages", "police_mentions", "alert_like"):
        total = totals[row["month"]]
        total.messages += row["messages"]
        total.police_mentions += row["police_mentions"]
        for kind, n in row["alert_like"].items():
            kinds[row["month"]][kind] += n
            total.alert_like += n
    for month, per_kind in kinds.items():
        totals[month].alert_kinds = dict(per_kind)
    return [totals[m] for m in sorted(totals)]


def whatsapp_per_year(group_ids: list[int], years: list[int]) -> dict[tuple[int, int], tuple[int, int]]:
    """{(group, year): (messages, police mentions)} from the WhatsApp histories."""
    found: dict[tuple[int, int], tuple[int, int]] = {}
    rows = ChatMonth.objects.filter(group_id__in=group_ids, source=ChatSource.WHATSAPP, month__year__in=years)
    for group_id, month, messages, police in rows.values_list("group_id", "month", "messages", "police_mentions"):
        old = found.get((group_id, month.year), (0, 0))
        found[(group_id, month.year)] = (old[0] + messages, old[1] + police)
    return found
