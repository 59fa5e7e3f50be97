"""JSON API for alerts (session sign-in; CSRF token on writes). Members only; photos go through the pages.

GET  /api/v1/groups/{id}/alerts          the group's feed: open alerts first
POST /api/v1/groups/{id}/alerts          post an alert (SAAR: the police call is required)
GET  /api/v1/alerts/{id}                 one alert with its timeline
POST /api/v1/alerts/{id}/reactions       react
POST /api/v1/alerts/{id}/close           close with an outcome (author or admin)
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import django_auth

from buurtwacht.alerts import selectors, services
from buurtwacht.alerts.forms_signalement import PersonForm, VehicleForm
from buurtwacht.alerts.models import Alert
from buurtwacht.alerts.schemas import AlertIn, AlertOut, CloseIn, ReactionIn
from buurtwacht.core.api_errors import errors
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import require_member

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


def _signalement(form_class, data: dict, prefix: str) -> dict:
    form = form_class(data={f"{prefix}-{key}": value for key, value in data.items()}, prefix=prefix)
    if not form.is_valid():
        raise ValidationError(
            [
                f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                for name, errors in form.errors.items()
            ]
        )
    return form.signalement()


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
    response={201: AlertOut, **errors(400, 401, 403, 404)},
    url_name="alerts_create",
    summary="Post an alert",
)
def alerts_create(request: HttpRequest, group_id: int, payload: AlertIn):
    group = get_object_or_404(Group, pk=group_id)
    require_member(request.user, group)
    data = payload.dict()
    person = _signalement(PersonForm, data.pop("person"), "person")
    vehicle = _signalement(VehicleForm, data.pop("vehicle"), "vehicle")
    alert = services.alert_create(group=group, author=request.user, person=person, vehicle=vehicle, **data)
    return Status(201, _out(selectors.alert_with_timeline(alert.pk)))


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
    response={201: AlertOut, **errors(400, 401, 403, 404)},
    url_name="alerts_react",
    summary="React",
)
def alerts_react(request: HttpRequest, alert_id: int, payload: ReactionIn):
    alert = _member_alert(request, alert_id)
    services.reaction_add(alert=alert, author=request.user, kind=payload.kind, text=payload.text)
    return Status(201, _out(selectors.alert_with_timeline(alert.pk)))


@router.post(
    "/alerts/{int:alert_id}/close",
    response={200: AlertOut, **errors(400, 401, 403, 404)},
    url_name="alerts_close",
    summary="Close an alert",
)
def alerts_close(request: HttpRequest, alert_id: int, payload: CloseIn):
    alert = _member_alert(request, alert_id)
    services.alert_close(alert=alert, by=request.user, outcome=payload.outcome, text=payload.text)
    return _out(selectors.alert_with_timeline(alert.pk))
