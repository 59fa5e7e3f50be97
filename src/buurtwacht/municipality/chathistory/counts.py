"""From parsed messages to counts per month: messages, mentions of 112 or the police, messages that look like an
alert (per alert kind, by keyword), and distinct participants. Names and text stay in memory here and go no further.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from buurtwacht.municipality.chathistory.chat_export import Message

POLICE = re.compile(r"\b(politie|police|112|0900[- ]?8844|wijkagent|agenten?)\b", re.IGNORECASE)

# Alert kinds (alerts.models.AlertKind values) by keyword; a message counts once, for the first kind that matches.
KINDS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("inbraak", r"\b(inbraak|inbraken|ingebroken|inbreker\w*|inbreekpoging\w*|ingebroken)\b"),
        ("straatroof", r"\b(straatroof|beroofd|overval\w*)\b"),
        ("oplichting", r"\b(oplicht\w*|phishing|nep[- ]?(bank|monteur|agent)\w*|babbeltruc\w*)\b"),
        ("vandalisme", r"\b(vandalisme|vernield|vernieling\w*|bekrast|graffiti)\b"),
        ("bedreiging", r"\b(bedreig\w*)\b"),
        ("mishandeling", r"\b(mishandel\w*|geslagen|vechtpartij\w*)\b"),
        ("vermissing", r"\b(vermist\w*|vermissing)\b"),
        ("jeugdoverlast", r"\b(jeugdoverlast|hangjongeren|overlast)\b"),
        ("verdacht", r"\b(verdacht\w*|suspicious|diefstal\w*|gestolen|auto|voertuig|busje|kenteken\w*|"
                     r"scooter\w*|rondhang\w*|loert|gluurt)\b"),
    )
)


@dataclass
class MonthCounts:
    month: dt.date
    messages: int = 0
    police_mentions: int = 0
    alert_like: dict[str, int] = field(default_factory=dict)
    participants: int = 0

    @property
    def alert_like_total(self) -> int:
        return sum(self.alert_like.values())


def alert_kind(text: str) -> str | None:
    return next((kind for kind, pattern in KINDS if pattern.search(text)), None)


def count_per_month(messages: list[Message]) -> list[MonthCounts]:
    """Counts per calendar month, oldest first. The set of authors per month lives only inside this function."""
    months: dict[dt.date, MonthCounts] = {}
    authors: dict[dt.date, set[str]] = defaultdict(set)
    for message in messages:
        month = message.at.date().replace(day=1)
        row = months.setdefault(month, MonthCounts(month))
        row.messages += 1
        if POLICE.search(message.text):
            row.police_mentions += 1
        kind = alert_kind(message.text)
        if kind:
            row.alert_like[kind] = row.alert_like.get(kind, 0) + 1
        authors[month].add(message.author)
    for month, row in months.items():
        row.participants = len(authors[month])
    authors.clear()
    return [months[m] for m in sorted(months)]
