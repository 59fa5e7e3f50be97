"""Reads of the police app: the console's list and the receipts of a message, what a recipient sees, and a
resident's opt-ins. The police see group names and counts, never members, their addresses or group content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q

from buurtwacht.delivery.models import EventRecipient
from buurtwacht.delivery.selectors import receipts
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import MemberRole, Membership
from buurtwacht.police.models import (
    AreaAlertOptIn,
    Forward,
    ForwardChannel,
    MarkKind,
    MessageKind,
    PoliceMessage,
    Tip,
)


def messages_for(gemeente_ids, *, limit: int = 50):
    return (
        PoliceMessage.objects.filter(gemeente_id__in=list(gemeente_ids))
        .select_related("gemeente")
        .order_by("-created_at")[:limit]
    )


@dataclass
class GroupReceipts:
    group_id: int
    name: str
    admins: int
    delivered: int = 0
    seen: int = 0
    forwards: list[dict] = field(default_factory=list)  # {"channel", "label", "at"}
    members: dict | None = None  # receipts of the post in the group: recipients, delivered, seen
    called_112: int = 0


def _seconds(later, earlier) -> float | None:
    return None if later is None or earlier is None else round((later - earlier).total_seconds(), 1)


def message_receipts(message: PoliceMessage) -> dict:
    """Item 5 of the police brief: per group (admins delivered, seen, forwarded; members reached and seen), per
    area alert (residents delivered, seen, tips), and the headline figures."""
    rows = (
        EventRecipient.objects.filter(event_id=message.event_id) if message.event_id else EventRecipient.objects.none()
    )
    sent = message.created_at
    firsts = rows.aggregate(
        recipients=Count("pk"),
        delivered=Count("pk", filter=Q(delivered_at__isnull=False)),
        seen=Count("pk", filter=Q(seen_at__isnull=False)),
        first_seen=Min("seen_at"),
        **{f"within_{n}_min": Count("pk", filter=Q(delivered_at__lte=sent + dt.timedelta(minutes=n))) for n in (1, 5)},
    )
    within = {
        key: round(100 * firsts.pop(key) / firsts["recipients"]) if firsts["recipients"] else 0
        for key in ("within_1_min", "within_5_min")
    }
    forwards = list(Forward.objects.filter(message=message).select_related("group").order_by("created_at", "pk"))
    first_forward = forwards[0].created_at if forwards else None
    out = {
        "id": message.pk,
        "recipients": firsts["recipients"],
        "delivered": firsts["delivered"],
        "seen": firsts["seen"],
        "seconds_to_first_seen": _seconds(firsts["first_seen"], sent),
        "seconds_to_first_forward": _seconds(first_forward, sent),
        "percent_reached": within,
    }
    if message.kind == MessageKind.AREA_ALERT:
        out["tips"] = Tip.objects.filter(message=message).count()
    out["groups"] = [g.__dict__ for g in _per_group(message, rows, forwards)]
    return out


def _per_group(message: PoliceMessage, rows, forwards: list[Forward]) -> list[GroupReceipts]:
    by_group: dict[int, GroupReceipts] = {
        mg.group_id: GroupReceipts(mg.group_id, mg.group.name, mg.admin_count)
        for mg in message.reached_groups.select_related("group").order_by("group__name")
    }
    if by_group:
        admin_rows = Membership.objects.filter(group_id__in=list(by_group), role=MemberRole.ADMIN).values_list(
            "group_id", "user_id"
        )
        admins_by_user: dict[int, list[int]] = {}
        for group_id, user_id in admin_rows:
            admins_by_user.setdefault(user_id, []).append(group_id)
        for user_id, delivered_at, seen_at in rows.filter(user_id__in=list(admins_by_user)).values_list(
            "user_id", "delivered_at", "seen_at"
        ):
            for group_id in admins_by_user[user_id]:
                by_group[group_id].delivered += delivered_at is not None
                by_group[group_id].seen += seen_at is not None
    labels = dict(ForwardChannel.choices)
    for forward in forwards:
        entry = by_group.setdefault(forward.group_id, GroupReceipts(forward.group_id, forward.group.name, 0))
        entry.forwards.append(
            {"channel": forward.channel, "label": str(labels[forward.channel]), "at": forward.created_at}
        )
        if forward.channel == ForwardChannel.GROUP and forward.event_id:
            entry.members = receipts(
                event_id=forward.event_id, exclude_user_ids=[forward.user_id] if forward.user_id else []
            )
            entry.called_112 = forward.marks.filter(kind=MarkKind.CALLED_112).count()
    return list(by_group.values())


def received_by(user, *, limit: int = 30):
    """The police messages this person received (as admin or resident), newest first."""
    event_ids = EventRecipient.objects.filter(user=user, event__kind="police").values("event_id")
    return PoliceMessage.objects.filter(event_id__in=event_ids).order_by("-created_at")[:limit]


def post_of(message: PoliceMessage, group) -> Forward | None:
    return Forward.objects.filter(message=message, group=group, channel=ForwardChannel.GROUP).first()


def message_for_sender(*, pk: int, kind: str, gemeente_ids) -> PoliceMessage | None:
    """One message of this kind in these gemeenten (the API's keys see their own gemeenten's messages only)."""
    return (
        PoliceMessage.objects.filter(pk=pk, kind=kind, gemeente_id__in=list(gemeente_ids))
        .prefetch_related("updates", "buurten")
        .first()
    )


def optins_of(user) -> list[AreaAlertOptIn]:
    """A resident's addresses for area alerts: the home address first."""
    return list(AreaAlertOptIn.objects.filter(user=user).select_related("address").order_by("-is_home", "pk"))


def bounds_of(gemeente_ids) -> str:
    """ "south,west,north,east" of these gemeenten (the console's map opens on the officer's own patch)."""
    box = Gemeente.objects.filter(pk__in=list(gemeente_ids)).aggregate(
        s=Min("min_lat"), w=Min("min_lon"), n=Max("max_lat"), e=Max("max_lon")
    )
    return "" if None in box.values() else f"{box['s']:.5f},{box['w']:.5f},{box['n']:.5f},{box['e']:.5f}"
