"""Reading a group's WhatsApp history: parse the export in memory (outside any transaction: the 20 MB limit keeps
it to a second or two inside the request, so no task queue and no file on disk), then replace the counts of the
months it covers in one transaction. A re-upload of the same or a longer export gives the same rows (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from buurtwacht.groups.models import Group
from buurtwacht.municipality.chathistory.chat_export import ExportError, read_export
from buurtwacht.municipality.chathistory.counts import MonthCounts, count_per_month
from buurtwacht.municipality.chathistory.models import ChatMonth, ChatSource


@dataclass(frozen=True)
class ImportResult:
    months: int
    messages: int
    first_month: object
    last_month: object


def chat_history_import(*, group: Group, data: bytes) -> ImportResult:
    """Counts per month from a WhatsApp export's bytes; raises ValidationError (Dutch) for a bad or foreign file."""
    try:
        months = count_per_month(read_export(data))
    except ExportError as exc:
        raise ValidationError(str(exc), code="export") from exc
    _store(group, months)
    return ImportResult(
        months=len(months),
        messages=sum(m.messages for m in months),
        first_month=months[0].month,
        last_month=months[-1].month,
    )


@transaction.atomic
def _store(group: Group, months: list[MonthCounts]) -> None:
    ChatMonth.objects.filter(
        group=group, source=ChatSource.WHATSAPP, month__in=[m.month for m in months]
    ).delete()
    ChatMonth.objects.bulk_create(
        ChatMonth(
            group=group,
            source=ChatSource.WHATSAPP,
            month=m.month,
            messages=m.messages,
            police_mentions=m.police_mentions,
            alert_like=dict(sorted(m.alert_like.items())),
            participants=m.participants,
        )
        for m in months
    )
