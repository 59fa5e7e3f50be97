"""A few alerts in the personas' group, so the feed is not empty: one open from this evening (112 not yet called,
neighbours reacting) and one closed from yesterday with its outcome, plus a notice from the admin.

Written straight to the tables, with times in the past: going through the services would mail every generated
member and hit the rate limit. The live stream starts after them, so nothing is replayed.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from buurtwacht.alerts.models import Alert, AlertKind, AlertStatus, Notice, Outcome, PoliceCall, Reaction, ReactionKind
from buurtwacht.groups.models import Group, MemberRole, Membership


def _at(minutes_ago: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes_ago)


def _stamp(model, pk: int, minutes_ago: int) -> None:
    model.objects.filter(pk=pk).update(created_at=_at(minutes_ago))


def demo_alerts_create(*, group: Group, rng: random.Random) -> None:
    members = list(
        Membership.objects.filter(group=group, role=MemberRole.MEMBER, user__password__startswith="!")  # noqa: S106 - generated, unusable
        .select_related("user__address")
        .order_by("pk")[:6]
    )
    admin = Membership.objects.filter(group=group, role=MemberRole.ADMIN).select_related("user").first()
    if len(members) < 3 or admin is None:
        return
    author, watcher, helper = (m.user for m in rng.sample(members, 3))
    spot = author.address
    open_alert = Alert.objects.create(
        group=group,
        author=author,
        kind=AlertKind.SUSPICIOUS,
        lat=spot.lat + 0.0008,
        lon=spot.lon - 0.0006,
        location_text=f"{spot.street}, bij de speeltuin",
        happened_at=_at(42),
        police_call=PoliceCall.NOT_YET,
        description="Twee personen lopen langs de voordeuren en voelen aan de klinken.",
        person={
            "sex": "man",
            "age": "18-30",
            "clothing": "grijze trainingsjas, zwarte pet",
            "behaviour": "voelt aan deurklinken",
            "direction": "richting het park",
        },
    )
    _stamp(Alert, open_alert.pk, 40)
    for user, kind, text, minutes in (
        (watcher, ReactionKind.WATCHING, "", 37),
        (helper, ReactionKind.SEE_TOO, "Nu bij het hek van het park.", 33),
    ):
        reaction = Reaction.objects.create(alert=open_alert, author=user, kind=kind, text=text)
        _stamp(Reaction, reaction.pk, minutes)

    closed = Alert.objects.create(
        group=group,
        author=helper,
        kind=AlertKind.BURGLARY,
        lat=spot.lat - 0.001,
        lon=spot.lon + 0.0012,
        location_text=f"{spot.street}",
        happened_at=_at(26 * 60),
        police_call=PoliceCall.CALLED_112,
        called_112_at=_at(26 * 60 - 2),
        called_112_by=helper,
        description="Alarm gaat af, ruit aan de achterkant ingeslagen.",
        status=AlertStatus.CLOSED,
        outcome=Outcome.ARREST,
        outcome_text="De politie heeft een verdachte aangehouden. Dank aan iedereen die uitkeek.",
        closed_at=_at(25 * 60),
        closed_by=admin.user,
    )
    _stamp(Alert, closed.pk, 26 * 60 - 1)
    reaction = Reaction.objects.create(alert=closed, author=watcher, kind=ReactionKind.POLICE_ON_SITE)
    _stamp(Reaction, reaction.pk, 26 * 60 - 10)
    notice = Notice.objects.create(
        group=group,
        author=admin.user,
        text="Dinsdag om 20.00 uur praten we in het buurthuis met de wijkagent. Iedereen welkom.",
    )
    _stamp(Notice, notice.pk, 3 * 60)
