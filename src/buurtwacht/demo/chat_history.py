"""An imported WhatsApp history for some of the demo's active groups: a fictional export (Android, Dutch), made up
here with invented first names and lines, run through the same parser and service as an admin's upload. Only the
counts per month are stored, as for a real upload; the figures page shows them beside the alerts."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.municipality.chathistory.services import chat_history_import

SEED = 12
GROUPS = 3
MONTHS = 14
NAMES = ("Anouk", "Bram", "Chantal", "Dirk", "Esra", "Freek", "Gerda", "Hamid", "Ilse", "Joost")
LINES = (
    "Goedemorgen allemaal",
    "Wie heeft er vannacht ook die knal gehoord?",
    "Verdachte auto met twee man erin rijdt al een uur rondjes door de straat",
    "Bij nummer 14 is ingebroken, de politie is al geweest",
    "Ik heb 112 gebeld, er liep iemand aan deurklinken te voelen",
    "Fiets gestolen bij de bushalte, iemand iets gezien?",
    "Wijkagent komt donderdag naar de buurtbijeenkomst",
    "Bedankt voor het oplettende oog!",
    "Graag geen discussies in deze groep, alleen meldingen",
    "Wie heeft de ladder nog van de buurtschoonmaak?",
)
WEIGHTS = (6, 3, 2, 1, 1, 1, 1, 4, 1, 2)


def fictional_export(*, rng: random.Random, today: dt.date, group_name: str) -> bytes:
    """A made-up Android export in Dutch of the last MONTHS months, with a system line and a multi-line message."""
    lines = ["01-01-2024 09:00 - Berichten en oproepen worden end-to-end versleuteld. Tik voor meer informatie.",
             f"01-01-2024 09:01 - U hebt de groep '{group_name}' aangemaakt"]
    start = today.replace(day=1)
    for back in range(MONTHS - 1, -1, -1):
        index = start.year * 12 + start.month - 1 - back
        month = dt.date(index // 12, index % 12 + 1, 1)
        last_day = today.day if back == 0 else 28
        members = rng.sample(NAMES, rng.randint(3, len(NAMES)))
        for _ in range(rng.randint(4, 40)):
            day = rng.randint(1, max(last_day, 1))
            text = rng.choices(LINES, weights=WEIGHTS)[0]
            lines.append(f"{day:02d}-{month:%m-%Y} {rng.randint(7, 23):02d}:{rng.randint(0, 59):02d} - "
                         f"{rng.choice(members)}: {text}")
            if rng.random() < 0.05:
                lines.append("Zie ook de foto hieronder")
                lines.append(f"{day:02d}-{month:%m-%Y} 23:59 - {rng.choice(members)}: <Media weggelaten>")
    return ("\n".join(lines) + "\n").encode()


def demo_chat_history_create(*, gemeente: Gemeente) -> int:
    """Imports a fictional history for the first GROUPS active groups of the gemeente; returns how many groups."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    groups = list(Group.objects.filter(gemeente=gemeente, status=GroupStatus.ACTIVE).order_by("pk")[:GROUPS])
    for group in groups:
        chat_history_import(group=group, data=fictional_export(rng=rng, today=today, group_name=group.name))
    return len(groups)
