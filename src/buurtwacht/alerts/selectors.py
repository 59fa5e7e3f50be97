"""Reads about alerts: feeds, one alert with its timeline, and open alerts near a spot ("the same incident?")."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from buurtwacht.alerts.events import ALERT, alert_topic, police_line
from buurtwacht.alerts.models import Alert, AlertStatus, Notice, Reaction
from buurtwacht.alerts.rules import Place, place_resolve
from buurtwacht.delivery import selectors as delivery_selectors
from buurtwacht.delivery.models import Event
from buurtwacht.geo.index import GROUPS, layers
from buurtwacht.geo.shapes import metres_per_degree
from buurtwacht.groups.models import Group, Membership

FEED_SIZE = 30


def with_timeline(alerts):
    return alerts.select_related("group", "author", "called_112_by", "closed_by").prefetch_related(
        Prefetch("reactions", queryset=Reaction.objects.select_related("author")), "photos"
    )


def member_group_ids(user) -> list[int]:
    return list(Membership.objects.filter(user=user).values_list("group_id", flat=True))


def feed(group_ids: list[int], *, limit: int = FEED_SIZE) -> list[Alert]:
    """Open alerts first (newest first), then the latest closed ones."""
    alerts = with_timeline(Alert.objects.filter(group_id__in=group_ids))
    open_ = list(alerts.filter(status=AlertStatus.OPEN)[:limit])
    closed = list(alerts.filter(status=AlertStatus.CLOSED)[: max(limit - len(open_), 5)])
    return open_ + closed


def notices(group_ids: list[int], *, limit: int = 5) -> list[Notice]:
    return list(Notice.objects.filter(group_id__in=group_ids).select_related("group", "author")[:limit])


def alert_with_timeline(pk: int) -> Alert | None:
    return with_timeline(Alert.objects.filter(pk=pk)).first()


def last_event_id(user) -> int:
    """Where a page's live stream starts: events after this one are new to the page."""
    return delivery_selectors.last_event_id(user)


OTHER_GROUP_DISTANCE_STEP = 50  # metres


def _round_to(distance: float, step: int = OTHER_GROUP_DISTANCE_STEP) -> int:
    return int(round(distance / step) * step)


@dataclass(frozen=True)
class NearbyAlert:
    alert: Alert
    distance_m: int
    readable: bool  # False: another group's alert (the viewer is not in it); only kind, time and 112 call show

    @property
    def police_line(self) -> str:
        return police_line(self.alert, with_name=self.readable)


def nearby_open_alerts(
    *, group_id: int, viewer_group_ids: list[int], lon: float, lat: float, now: dt.datetime | None = None
) -> list[NearbyAlert]:
    """Open alerts of this group and of the groups whose area covers the spot, posted in the last
    ALERT_NEARBY_MINUTES within ALERT_NEARBY_METRES, nearest first."""
    now = now or timezone.now()
    radius = settings.ALERT_NEARBY_METRES
    kx, ky = metres_per_degree(lat)
    group_ids = {group_id, *layers.fresh(GROUPS)[GROUPS].ids_at(lon, lat)}
    candidates = Alert.objects.filter(
        group_id__in=group_ids,
        status=AlertStatus.OPEN,
        created_at__gte=now - dt.timedelta(minutes=settings.ALERT_NEARBY_MINUTES),
        lon__range=(lon - radius / kx, lon + radius / kx),
        lat__range=(lat - radius / ky, lat + radius / ky),
    ).select_related("group", "called_112_by")
    found = []
    for alert in candidates:
        distance = math.hypot((alert.lon - lon) * kx, (alert.lat - lat) * ky)
        if distance <= radius:
            readable = alert.group_id in viewer_group_ids
            # Of another group's alert only a rough distance: enough for "is this the same?", not to find the house.
            shown = round(distance) if readable else max(OTHER_GROUP_DISTANCE_STEP, _round_to(distance))
            found.append(NearbyAlert(alert=alert, distance_m=shown, readable=readable))
    return sorted(found, key=lambda item: item.distance_m)


def same_incident(*, group: Group, viewer, place: Place) -> list[NearbyAlert]:
    """ "Is this the same incident?": the open alerts near a place a member of `group` is about to alert about.
    The place is checked as alert_create checks it (alerts.rules.place_resolve: ValidationError per field), so a
    member cannot look around far from their own streets, and learns at once when the place is refused."""
    point = place_resolve(group, place)
    return nearby_open_alerts(
        group_id=group.pk, viewer_group_ids=member_group_ids(viewer), lon=point.lon, lat=point.lat
    )


def personal_data(user) -> dict:
    """The alerts and reactions a person wrote, for "Mijn gegevens" (anonymised ones no longer point to them)."""

    def when(moment):
        return moment.isoformat() if moment else None

    alerts = Alert.objects.filter(author=user).select_related("group").order_by("created_at")
    reactions = Reaction.objects.filter(author=user).select_related("alert").order_by("created_at")
    return {
        "alerts": [
            {
                "group": {"id": a.group.pk, "slug": a.group.slug, "name": a.group.name},
                "kind": a.kind,
                "created_at": when(a.created_at),
                "happened_at": when(a.happened_at),
                "lat": a.lat,
                "lon": a.lon,
                "location_text": a.location_text,
                "police_call": a.police_call,
                "description": a.description,
                "person": a.person,
                "vehicle": a.vehicle,
                "status": a.status,
                "outcome": a.outcome,
                "outcome_text": a.outcome_text,
                "photos": a.photos.count(),
            }
            for a in alerts
        ],
        "alert_reactions": [
            {"alert": r.alert_id, "kind": r.kind, "text": r.text, "created_at": when(r.created_at)} for r in reactions
        ],
    }


def alert_receipts(alert: Alert) -> dict:
    """How far the alert got: {"recipients", "delivered", "seen"} over the members it was for (its author not
    counted), from the receipts of its first event (delivery.selectors.receipts)."""
    first = Event.objects.filter(topic=alert_topic(alert), kind=ALERT).order_by("pk").values_list("pk", flat=True)
    event_id = first.first()
    if event_id is None:  # anonymised or expired: nothing left to count
        return {"recipients": 0, "delivered": 0, "seen": 0}
    author = [alert.author_id] if alert.author_id else []
    return delivery_selectors.receipts(event_id=event_id, exclude_user_ids=author)
