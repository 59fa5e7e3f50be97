"""JSON API of the network (session sign-in; CSRF token on writes).

GET    /api/v1/groups/{id}/network               the group's network (its admins): neighbours, beheerdersgroep
POST   /api/v1/groups/{id}/network/opt-in        the group takes part (an admin)
DELETE /api/v1/groups/{id}/network/opt-in        the group stops taking part (an admin)
POST   /api/v1/alerts/{id}/pass-on               pass the alert on to the neighbouring groups' admins
GET    /api/v1/network/pass-ons                  alerts passed on to the groups one is admin of
POST   /api/v1/network/pass-ons/{id}/forward     forward a passed-on alert into one's group, as a members' alert
GET    /api/v1/gemeenten/{code}/network          the gemeente's network as GeoJSON (staff and police; no people)
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.security import django_auth

from buurtwacht.accounts.permissions import can_see_admins_of, require
from buurtwacht.alerts.models import Alert
from buurtwacht.geo.api_params import GemeenteCode
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import administered_group, require_admin
from buurtwacht.kit.api_errors import errors
from buurtwacht.networks import selectors, services
from buurtwacht.networks.models import PassOn

router = Router(tags=["network"], auth=django_auth)


class PeerOut(Schema):
    id: int
    name: str
    admins: list[str] = Field(description="The admins' first names: nothing else of people")
    metres: float | None = Field(None, description="Between the areas (0: they touch); null for a wijk peer only")


class NetworkOut(Schema):
    group_id: int
    opted_in: bool
    distance_m: int = Field(description="Groups at most this far apart are neighbours")
    neighbours: list[PeerOut] = Field(description="Neighbouring groups that take part (when this group does)")
    neighbours_waiting: int = Field(description="Neighbouring groups that do not take part (yet)")
    wijk_peers: list[PeerOut] = Field(description="The wijk's beheerdersgroep: other groups in the wijk taking part")


class PassOnOut(Schema):
    id: int
    alert_id: int
    source_group: str
    target_group_id: int
    target_group: str
    kind: str
    happened_at: str
    location_text: str
    description: str
    alert_open: bool
    forwarded: bool
    forwarded_alert_id: int | None
    created_at: str
    url: str


class PassOnResultOut(Schema):
    new: list[PassOnOut] = Field(description="Passed on now")
    earlier: list[PassOnOut] = Field(description="Passed on before: not sent again")


class ForwardOut(Schema):
    alert_id: int
    group_id: int
    url: str


def _network(group: Group) -> dict:
    network = selectors.group_network(group)
    return {
        "group_id": group.pk,
        "opted_in": network.opted_in,
        "distance_m": network.distance_m,
        "neighbours": [vars(peer) for peer in network.neighbours],
        "neighbours_waiting": network.neighbours_waiting,
        "wijk_peers": [vars(peer) for peer in network.wijk_peers],
    }


def _pass_on_out(pass_on: PassOn) -> dict:
    alert = pass_on.alert
    return {
        "id": pass_on.pk,
        "alert_id": alert.pk,
        "source_group": pass_on.source_group.name,
        "target_group_id": pass_on.target_group_id,
        "target_group": pass_on.target_group.name,
        "kind": alert.kind,
        "happened_at": alert.happened_at.isoformat(),
        "location_text": alert.location_text,
        "description": alert.description,
        "alert_open": alert.is_open,
        "forwarded": pass_on.is_forwarded,
        "forwarded_alert_id": pass_on.forwarded_alert_id,
        "created_at": pass_on.created_at.isoformat(),
        "url": pass_on.get_absolute_url(),
    }


@router.get(
    "/groups/{int:group_id}/network",
    response={200: NetworkOut, **errors(401, 403, 404)},
    summary="The group's network: neighbours and the wijk's beheerdersgroep (its admins)",
)
def network_get(request: HttpRequest, group_id: int):
    return _network(administered_group(request.user, pk=group_id))


@router.post(
    "/groups/{int:group_id}/network/opt-in",
    response={200: NetworkOut, **errors(400, 401, 403, 404)},
    summary="The group takes part in the network (an admin)",
)
def network_opt_in(request: HttpRequest, group_id: int):
    group = administered_group(request.user, pk=group_id)
    services.network_opt_in(group=group, by=request.user)
    return _network(group)


@router.delete(
    "/groups/{int:group_id}/network/opt-in",
    response={200: NetworkOut, **errors(401, 403, 404)},
    summary="The group stops taking part in the network (an admin)",
)
def network_opt_out(request: HttpRequest, group_id: int):
    group = administered_group(request.user, pk=group_id)
    services.network_opt_out(group=group, by=request.user)
    return _network(group)


@router.post(
    "/alerts/{int:alert_id}/pass-on",
    response={200: PassOnResultOut, **errors(400, 401, 403, 404)},
    summary="Pass the alert on to the admins of the neighbouring groups that take part (once per group)",
)
def alert_pass_on(request: HttpRequest, alert_id: int):
    alert = get_object_or_404(Alert.objects.select_related("group"), pk=alert_id)
    require_admin(request.user, alert.group)
    result = services.alert_pass_on(alert=alert, by=request.user)
    ids = [p.pk for p in result.new + result.earlier]
    rows = {p.pk: p for p in PassOn.objects.filter(pk__in=ids).select_related("alert", "source_group", "target_group")}
    return {
        "new": [_pass_on_out(rows[p.pk]) for p in result.new],
        "earlier": [_pass_on_out(rows[p.pk]) for p in result.earlier],
    }


@router.get(
    "/network/pass-ons",
    response={200: list[PassOnOut], **errors(401)},
    summary="Alerts passed on to the groups one is admin of, newest first",
)
def pass_ons_received(request: HttpRequest):
    return [_pass_on_out(p) for p in selectors.received_by(request.user)[:50]]


@router.post(
    "/network/pass-ons/{int:pass_on_id}/forward",
    response={200: ForwardOut, **errors(400, 401, 403, 404)},
    summary="Forward a passed-on alert into one's group as a members' alert (once; an admin of that group)",
)
def pass_on_forward(request: HttpRequest, pass_on_id: int):
    pass_on = get_object_or_404(PassOn.objects.select_related("target_group"), pk=pass_on_id)
    require_admin(request.user, pass_on.target_group)
    alert = services.pass_on_forward(pass_on=pass_on, by=request.user)
    return {"alert_id": alert.pk, "group_id": alert.group_id, "url": alert.get_absolute_url()}


NETWORK_DOC = {
    "200": {
        "description": "GeoJSON FeatureCollection: groups (properties kind=group, id, name, wijk, opted_in, "
        "in_gemeente) and neighbour pairs as lines (kind=neighbours, a, b, metres, both_opted_in). No people.",
        "content": {"application/geo+json": {"schema": {"type": "object"}}},
    }
}


@router.get(
    "/gemeenten/{code}/network",
    response={**errors(401, 403, 404)},
    url_name="networks_gemeente",
    summary="The gemeente's network of groups as GeoJSON (staff and police of the gemeente)",
    openapi_extra={"responses": NETWORK_DOC},
)
def gemeente_network(request: HttpRequest, code: GemeenteCode):
    gemeente = get_object_or_404(Gemeente, code=code.upper())
    require(can_see_admins_of(request.user, gemeente))
    data = selectors.network_geojson(selectors.gemeente_network(gemeente))
    return JsonResponse(data, content_type="application/geo+json")
