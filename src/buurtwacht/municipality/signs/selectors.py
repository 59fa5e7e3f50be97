"""Reads for street signs: a gemeente's requests and signs with their history, a group's own, and the public layer
of placed signs (no names of people)."""

from __future__ import annotations

from django.db.models import Prefetch

from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.municipality.signs.models import RequestStatus, Sign, SignEvent, SignRequest, SignStatus


def _events():
    return Prefetch("events", queryset=SignEvent.objects.select_related("actor").order_by("at", "pk"))


def requests_of(gemeente: Gemeente, *, open_only: bool = False) -> list[SignRequest]:
    requests = SignRequest.objects.filter(gemeente=gemeente).select_related("group", "group__wijk", "requested_by")
    if open_only:
        requests = requests.filter(status=RequestStatus.REQUESTED)
    return list(requests.prefetch_related("spots", "signs").order_by("-created_at", "-pk"))


def signs_of(gemeente: Gemeente) -> list[Sign]:
    """Every sign of the gemeente (removed ones too), with its group, wijk and history."""
    return list(
        Sign.objects.filter(gemeente=gemeente).select_related("group", "wijk").prefetch_related(_events())
        .order_by("status", "group__name", "pk")
    )


def group_requests(group: Group) -> list[SignRequest]:
    return list(group.sign_requests.prefetch_related("spots").order_by("-created_at", "-pk"))


def group_signs(group: Group) -> list[Sign]:
    return list(group.signs.select_related("wijk").prefetch_related(_events()).order_by("pk"))


def counts(gemeente: Gemeente) -> dict[str, int]:
    return {
        "open_requests": SignRequest.objects.filter(gemeente=gemeente, status=RequestStatus.REQUESTED).count(),
        "placed": Sign.objects.filter(gemeente=gemeente, status=SignStatus.PLACED).count(),
        "to_place": Sign.objects.filter(gemeente=gemeente, status=SignStatus.APPROVED).count(),
    }


def sign_features(signs) -> dict:
    """Signs as a GeoJSON FeatureCollection for the staff's inventory map (status, group, dates)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [sign.lon, sign.lat]},
                "properties": {
                    "id": sign.pk,
                    "status": sign.status,
                    "status_label": str(sign.get_status_display()),
                    "group": sign.group.name,
                    "note": sign.note,
                    "anchor": f"bord-{sign.pk}",
                },
            }
            for sign in signs
        ],
    }


def placed_features(bbox: tuple[float, float, float, float] | None = None) -> dict:
    """Placed signs for the public map, in one query: where, since when, which gemeente, and the group when it is
    active (as the public registry shows it). No names of people."""
    rows = Sign.objects.filter(status=SignStatus.PLACED)
    if bbox:
        min_lon, min_lat, max_lon, max_lat = bbox
        rows = rows.filter(lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat, lat__lte=max_lat)
    values = rows.order_by("pk").values_list(
        "pk", "lon", "lat", "placed_on", "gemeente__name", "group__name", "group__status"
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": pk,
                    "kind": "sign",
                    "placed_on": placed_on.isoformat() if placed_on else None,
                    "gemeente": gemeente,
                    "group": group if status == GroupStatus.ACTIVE else None,
                },
            }
            for pk, lon, lat, placed_on, gemeente, group, status in values
        ],
    }
