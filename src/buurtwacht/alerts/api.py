"""JSON API for alerts (session sign-in; CSRF token on writes). Members only; photos go through the pages.

GET  /api/v1/groups/{id}/alerts          the group's feed: open alerts first
POST /api/v1/groups/{id}/alerts          post an alert (SAAR: the police call is required)
GET  /api/v1/groups/{id}/alerts/nearby   "the same incident?": open alerts near a place, before posting
GET  /api/v1/alerts/{id}                 one alert with its timeline
POST /api/v1/alerts/{id}/reactions       react
POST /api/v1/alerts/{id}/close           close with an outcome (author or admin)
GET  /api/v1/alerts/{id}/receipts        how many members it reached and saw it (author or admin)
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import django_auth

from buurtwacht.alerts import selectors, services
from buurtwacht.alerts.events import receipts_line
from buurtwacht.alerts.models import Alert
from buurtwacht.alerts.permissions import can_see_receipts
from buurtwacht.alerts.rules import AlertInput, Place
from buurtwacht.alerts.schemas import AlertIn, AlertOut, CloseIn, NearbyOut, ReactionIn, ReceiptsOut, RefusalOut
from buurtwacht.alerts.signalement import PERSON_FIELDS, VEHICLE_FIELDS
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import require_member
from buurtwacht.kit.api_errors import errors

router = Router(tags=["alerts"], auth=django_auth)


def _first_name(user) -> str:
    return user.first_name if user else _("een deelnemer")


def _out(alert: Alert) -> dict:
    return {
        "id": alert.pk,
        "group_id": alert.group_id,
        "kind": alert.kind,
        "kind_label": alert.get_kind_display(),
        "urgent": alert.is_urgent,
        "lat": alert.lat,
        "lon": alert.lon,
        "location_text": alert.location_text,
        "happened_at": alert.happened_at,
        "police_call": alert.police_call,
        "called_112_at": alert.called_112_at,
        "called_112_by": alert.called_112_by.first_name if alert.called_112_by else None,
        "description": alert.description,
        "person": alert.person,
        "vehicle": alert.vehicle,
        "status": alert.status,
        "outcome": alert.outcome,
        "outcome_text": alert.outcome_text,
        "created_at": alert.created_at,
        "author": _first_name(alert.author),
        "reactions": [
            {"kind": r.kind, "first_name": _first_name(r.author), "text": r.text, "created_at": r.created_at}
            for r in alert.reactions.all()
        ],
        "url": alert.get_absolute_url(),
    }


_LABELS = {f"person.{f.key}": f.label for f in PERSON_FIELDS} | {f"vehicle.{f.key}": f.label for f in VEHICLE_FIELDS}


def refusal(error: ValidationError) -> Status:
    """A service's refusal as 400: the messages per field (the same the composer shows beside its fields), and
    all of them in `detail`, a signalement field's with its label."""
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    parts = []
    for key, messages in errors.items():
        label = _LABELS.get(key)
        parts += [f"{label}: {message}" if label else message for message in messages]
    return Status(400, {"detail": " ".join(parts), "errors": errors})


def _member_alert(request, alert_id: int) -> Alert:
    alert = selectors.alert_with_timeline(alert_id)
    if alert is None:
        raise Http404
    require_member(request.user, alert.group)
    return alert


@router.get(
    "/groups/{int:group_id}/alerts",
    response={200: list[AlertOut], **errors(401, 403, 404)},
    url_name="alerts_list",
    summary="A group's alerts",
)
def alerts_list(request: HttpRequest, group_id: int):
    group = get_object_or_404(Group, pk=group_id)
    require_member(request.user, group)
    return [_out(alert) for alert in selectors.feed([group.pk])]


@router.post(
    "/groups/{int:group_id}/alerts",
    response={201: AlertOut, 400: RefusalOut, **errors(401, 403, 404)},
    url_name="alerts_create",
    summary="Post an alert",
)
def alerts_create(request: HttpRequest, group_id: int, payload: AlertIn):
    group = get_object_or_404(Group, pk=group_id)
    require_member(request.user, group)
    data = payload.dict()
    place = Place(
        lon=data.pop("lon"), lat=data.pop("lat"), postcode=data.pop("postcode"), house_number=data.pop("house_number")
    )
    try:
        alert = services.alert_create(group=group, author=request.user, data=AlertInput(place=place, **data))
    except ValidationError as error:
        return refusal(error)
    return Status(201, _out(selectors.alert_with_timeline(alert.pk)))


def _nearby_out(item: selectors.NearbyAlert) -> dict:
    alert = item.alert
    return {
        "id": alert.pk if item.readable else None,
        "own_group": item.readable,
        "group_name": alert.group.name,
        "kind": alert.kind,
        "kind_label": alert.get_kind_display(),
        "created_at": alert.created_at,
        "distance_m": item.distance_m,
        "police_line": str(item.police_line or ""),
        "description": alert.description if item.readable else "",
        "url": alert.get_absolute_url() if item.readable else None,
    }


@router.get(
    "/groups/{int:group_id}/alerts/nearby",
    response={200: list[NearbyOut], 400: RefusalOut, **errors(401, 403, 404)},
    url_name="alerts_nearby",
    summary="Open alerts near a place: the same incident?",
)
def alerts_nearby(
    request: HttpRequest,
    group_id: int,
    lat: float | None = None,
    lon: float | None = None,
    postcode: str = "",
    house_number: str = "",
):
    """Before posting: the open alerts of the last hour near the place, this group's and those of the groups whose
    area covers it (of those only kind, time, the 112 call and a rough distance). The place is checked as a post
    checks it: a refused place answers 400 with the same message."""
    group = get_object_or_404(Group, pk=group_id)
    require_member(request.user, group)
    place = Place(lon=lon, lat=lat, postcode=postcode, house_number=house_number)
    try:
        items = selectors.same_incident(group=group, viewer=request.user, place=place)
    except ValidationError as error:
        return refusal(error)
    return [_nearby_out(item) for item in items]


@router.get(
    "/alerts/{int:alert_id}",
    response={200: AlertOut, **errors(401, 403, 404)},
    url_name="alerts_detail",
    summary="One alert",
)
def alerts_detail(request: HttpRequest, alert_id: int):
    return _out(_member_alert(request, alert_id))


@router.post(
    "/alerts/{int:alert_id}/reactions",
    response={201: AlertOut, 400: RefusalOut, **errors(401, 403, 404)},
    url_name="alerts_react",
    summary="React",
)
def alerts_react(request: HttpRequest, alert_id: int, payload: ReactionIn):
    alert = _member_alert(request, alert_id)
    try:
        services.reaction_add(alert=alert, author=request.user, kind=payload.kind, text=payload.text)
    except ValidationError as error:
        return refusal(error)
    return Status(201, _out(selectors.alert_with_timeline(alert.pk)))


@router.post(
    "/alerts/{int:alert_id}/close",
    response={200: AlertOut, 400: RefusalOut, **errors(401, 403, 404)},
    url_name="alerts_close",
    summary="Close an alert",
)
def alerts_close(request: HttpRequest, alert_id: int, payload: CloseIn):
    alert = _member_alert(request, alert_id)
    try:
        services.alert_close(alert=alert, by=request.user, outcome=payload.outcome, text=payload.text)
    except ValidationError as error:
        return refusal(error)
    return _out(selectors.alert_with_timeline(alert.pk))


@router.get(
    "/alerts/{int:alert_id}/receipts",
    response={200: ReceiptsOut, **errors(401, 403, 404)},
    url_name="alerts_receipts",
    summary="How many members an alert reached and how many saw it (its author and the group's admins)",
)
def alerts_receipts(request: HttpRequest, alert_id: int):
    alert = _member_alert(request, alert_id)
    if not can_see_receipts(request.user, alert):
        raise PermissionDenied
    receipts = selectors.alert_receipts(alert)
    return {**receipts, "text": receipts_line(receipts)}
