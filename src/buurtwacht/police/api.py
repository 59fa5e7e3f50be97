"""The police API for control-room systems (docs/police-api.md). A key per police unit (`buurtwacht police-token`),
sent as `Authorization: Bearer <key>`; a session (cookie) does not open it, not even a wijkagent's.

POST /api/v1/police/dispatches                   a dispatch to the admins of the groups in the area (201)
POST /api/v1/police/area-alerts                  an area alert to the residents who opted in there (201)
GET  /api/v1/police/{dispatches|area-alerts}/{id}          the message, its updates and receipts (?format=cap)
POST /api/v1/police/{dispatches|area-alerts}/{id}/updates  news for everyone it reached (201)
POST /api/v1/police/{dispatches|area-alerts}/{id}/close    how it ended (200)

Every POST takes JSON or CAP 1.2 (Content-Type: application/cap+xml). Refusals are JSON with a Dutch `detail`:
401 no, a malformed, unknown or revoked key; 403 a place (or buurt) outside the key's gemeenten; 404 a message
that does not exist, is of the other kind, or lies outside the key's gemeenten (a key does not learn what other
regions sent); 400 bad input, per field; 415 neither JSON nor CAP; 429 too many requests with this key.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from buurtwacht.alerts.schemas import RefusalOut
from buurtwacht.kit.api_errors import errors
from buurtwacht.kit.ratelimits import wait_message, wait_seconds
from buurtwacht.police import selectors, services, text
from buurtwacht.police.api_input import (
    CAP,
    JSON,
    NotUnderstood,
    input_of_cap,
    input_of_json,
    is_cap,
    parse_json,
    refusal,
)
from buurtwacht.police.cap.read import CapMessage, cap_read, identifier_of
from buurtwacht.police.cap.write import CAP_CONTENT_TYPE, cap_document
from buurtwacht.police.models import MessageKind, PoliceMessage, PoliceOutcome
from buurtwacht.police.permissions import sender_of_token
from buurtwacht.police.schemas import (
    CloseIn,
    MessageIn,
    PoliceAreaAlertCreated,
    PoliceDispatchCreated,
    PoliceMessageOut,
    UpdateIn,
)
from buurtwacht.police.tokens import TokenRefused, token_authenticate


class PoliceKey(HttpBearer):
    """`Authorization: Bearer <key>`. Every refusal is a 401 saying what is wrong, in Dutch."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "").strip()
        scheme, _space, key = header.partition(" ")
        try:
            if not header:
                raise TokenRefused("missing")
            if scheme.lower() != "bearer":
                raise TokenRefused("malformed")
            return self.authenticate(request, key)
        except TokenRefused as refused:
            raise HttpError(401, refused.message) from None

    def authenticate(self, request: HttpRequest, token: str):
        return token_authenticate(token)


router = Router(tags=["police"], auth=PoliceKey())


def per_key_limit(view):
    """Count every request against the key's limit (settings.RATE_LIMITS["police_api"]); over it, 429."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        token_id = request.auth.pk
        seconds = wait_seconds(request, "police_api", key=lambda r: f"police-key:{token_id}")
        if seconds:
            response = JsonResponse({"detail": wait_message(seconds)}, status=429)
            response["Retry-After"] = str(seconds)
            return response
        return view(request, *args, **kwargs)

    return limited


def _body(model: type, cap_text: str) -> dict:
    """The request body in the OpenAPI document: JSON (the schema) or CAP 1.2 XML."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": model.model_json_schema()},
                CAP_CONTENT_TYPE: {"schema": {"type": "string", "description": cap_text}},
            },
        }
    }


_CAP_ALERT = "A CAP 1.2 <alert>: msgType Alert creates; Update or Cancel with <references> update or close"
_CAP_UPDATE = "A CAP 1.2 <alert> with msgType Update and <references> naming this message"
_CAP_CANCEL = "A CAP 1.2 <alert> with msgType Cancel and <references> naming this message"
_AS_CAP = {"responses": {200: {"content": {CAP_CONTENT_TYPE: {"schema": {"type": "string"}}}}}}
_REFUSED = {400: RefusalOut, **errors(401, 403, 404, 415, 429)}


# --- what is answered ------------------------------------------------------------------------------------------


def _created(message: PoliceMessage) -> dict:
    reach = message.reach
    if message.is_dispatch:
        counts = {key: reach.get(key, 0) for key in ("groups", "groups_off", "admins")}
    else:
        counts = {"residents": reach.get("residents", 0)}
    return {"id": message.pk, "identifier": identifier_of(message.pk), "reach": counts}


def _out(message: PoliceMessage) -> dict:
    return {
        "id": message.pk,
        "identifier": identifier_of(message.pk),
        "type": message.kind,
        "kind": message.incident,
        "kind_label": message.get_incident_display(),
        "status": message.status,
        "lat": message.lat,
        "lon": message.lon,
        "location_text": message.location_text,
        "radius_m": message.radius_m,
        "buurten": [b.code for b in message.buurten.all()],
        "text": message.description,
        "signalement": {"person": message.person, "vehicle": message.vehicle},
        "headline": text.headline(message),
        "full_text": text.message_text(message),
        "sender_name": message.sender_name,
        "created_at": message.created_at,
        "closes_at": message.closes_at,
        "closed_at": message.closed_at,
        "outcome": message.outcome,
        "outcome_text": message.outcome_text,
        "reach": message.reach,
        "updates": [
            {"text": u.text, "author_name": u.author_name, "created_at": u.created_at} for u in message.updates.all()
        ],
        "receipts": selectors.message_receipts(message),
    }


def _fresh(request, kind: str, message_id: int) -> PoliceMessage:
    """The message, for this key only: another kind, another region's or none at all are the same 404."""
    message = selectors.message_for_sender(pk=message_id, kind=kind, gemeente_ids=_gemeente_ids(request))
    if message is None:
        raise Http404
    return message


def _gemeente_ids(request) -> list[int]:
    return list(request.auth.gemeenten.values_list("pk", flat=True))


def _forbidden(denied: PermissionDenied) -> Status:
    return Status(403, {"detail": str(denied) or _("Deze sleutel geeft geen toegang tot deze gemeente.")})


# --- the work, shared by both kinds ----------------------------------------------------------------------------


def _create(request, kind: str):
    if is_cap(request):
        try:
            cap = cap_read(request.body)
        except ValidationError as error:
            return refusal(error, CAP)
        if cap.msg_type != "Alert":
            return _cap_follow_up(request, kind, cap, message_id=None)
        data, channel = input_of_cap(kind, cap), CAP
    else:
        try:
            data, channel = input_of_json(kind, parse_json(request, MessageIn)), JSON
        except NotUnderstood as refused:
            return refused.answer
    try:
        message = services.message_send(sender=sender_of_token(request.auth), data=data)
    except ValidationError as error:
        return refusal(error, channel)
    except PermissionDenied as denied:
        return _forbidden(denied)
    return Status(201, _created(message))


def _cap_follow_up(request, kind: str, cap: CapMessage, *, message_id: int | None, expected: str = ""):
    """A CAP Update (an update) or Cancel (the close) of the message its <references> name."""
    if expected and cap.msg_type != expected:
        hint = _("Hier hoort msgType %(expected)s: een aanvulling is een Update, beëindigen een Cancel.")
        return refusal(ValidationError({"msgType": ValidationError(hint % {"expected": expected})}), CAP)
    named = cap.references if message_id is None else tuple(r for r in cap.references if r == message_id)
    if not named:
        if message_id is None:
            hint = _("Noem in <references> een bericht van Buurtwacht: afzender,buurtwacht-police-<nummer>,tijd.")
        else:
            hint = _("<references> noemt niet dit bericht (%(identifier)s).") % {
                "identifier": identifier_of(message_id)
            }
        return refusal(ValidationError({"references": ValidationError(hint)}), CAP)
    message = _fresh(request, kind, named[-1])
    if cap.msg_type == "Update":
        return _update(request, message, cap.text, CAP, status=201 if message_id else 200)
    return _close(request, message, cap.outcome or PoliceOutcome.ENDED, cap.note or cap.description, CAP)


def _update(request, message: PoliceMessage, update_text: str, channel: str, status: int = 201):
    try:
        services.message_update(sender=sender_of_token(request.auth), message=message, text_=update_text)
    except ValidationError as error:
        return refusal(error, channel)
    except PermissionDenied as denied:
        return _forbidden(denied)
    return Status(status, _out(_fresh(request, message.kind, message.pk)))


def _close(request, message: PoliceMessage, outcome: str, close_text: str, channel: str):
    try:
        services.message_close(sender=sender_of_token(request.auth), message=message, outcome=outcome, text_=close_text)
    except ValidationError as error:
        return refusal(error, channel)
    except PermissionDenied as denied:
        return _forbidden(denied)
    return Status(200, _out(_fresh(request, message.kind, message.pk)))


def _read(request, kind: str, message_id: int, fmt: str):
    message = _fresh(request, kind, message_id)
    if fmt not in ("json", "cap"):
        return Status(400, {"detail": _("Kies format=json of format=cap.")})
    if fmt == "cap" or CAP_CONTENT_TYPE in request.headers.get("Accept", ""):
        return HttpResponse(cap_document(message), content_type=f"{CAP_CONTENT_TYPE}; charset=utf-8")
    return _out(message)


def _post_update(request, kind: str, message_id: int):
    message = _fresh(request, kind, message_id)
    if is_cap(request):
        try:
            cap = cap_read(request.body)
        except ValidationError as error:
            return refusal(error, CAP)
        return _cap_follow_up(request, kind, cap, message_id=message_id, expected="Update")
    try:
        payload = parse_json(request, UpdateIn)
    except NotUnderstood as refused:
        return refused.answer
    return _update(request, message, payload.text, JSON)


def _post_close(request, kind: str, message_id: int):
    message = _fresh(request, kind, message_id)
    if is_cap(request):
        try:
            cap = cap_read(request.body)
        except ValidationError as error:
            return refusal(error, CAP)
        return _cap_follow_up(request, kind, cap, message_id=message_id, expected="Cancel")
    try:
        payload = parse_json(request, CloseIn)
    except NotUnderstood as refused:
        return refused.answer
    return _close(request, message, payload.outcome, payload.text, JSON)


# --- the endpoints ---------------------------------------------------------------------------------------------

DISPATCH, AREA_ALERT = MessageKind.DISPATCH.value, MessageKind.AREA_ALERT.value
FORMAT = Query("json", alias="format", description="cap: the message as CAP 1.2 XML (application/cap+xml)")


@router.post(
    "/dispatches",
    response={201: PoliceDispatchCreated, 200: PoliceMessageOut, **_REFUSED},
    url_name="police_dispatches_create",
    summary="Send a dispatch to the admins of the groups in an area",
    openapi_extra=_body(MessageIn, _CAP_ALERT),
)
@per_key_limit
def dispatches_create(request: HttpRequest):
    return _create(request, DISPATCH)


@router.post(
    "/area-alerts",
    response={201: PoliceAreaAlertCreated, 200: PoliceMessageOut, **_REFUSED},
    url_name="police_area_alerts_create",
    summary="Send an area alert to the residents who opted in for an address in an area",
    openapi_extra=_body(MessageIn, _CAP_ALERT),
)
@per_key_limit
def area_alerts_create(request: HttpRequest):
    return _create(request, AREA_ALERT)


@router.get(
    "/dispatches/{int:message_id}",
    response={200: PoliceMessageOut, **errors(400, 401, 404, 429)},
    url_name="police_dispatches_detail",
    summary="A dispatch, its updates and receipts (JSON, or CAP with ?format=cap)",
    openapi_extra=_AS_CAP,
)
@per_key_limit
def dispatches_detail(request: HttpRequest, message_id: int, fmt: str = FORMAT):
    return _read(request, DISPATCH, message_id, fmt)


@router.get(
    "/area-alerts/{int:message_id}",
    response={200: PoliceMessageOut, **errors(400, 401, 404, 429)},
    url_name="police_area_alerts_detail",
    summary="An area alert, its updates and receipts (JSON, or CAP with ?format=cap)",
    openapi_extra=_AS_CAP,
)
@per_key_limit
def area_alerts_detail(request: HttpRequest, message_id: int, fmt: str = FORMAT):
    return _read(request, AREA_ALERT, message_id, fmt)


@router.post(
    "/dispatches/{int:message_id}/updates",
    response={201: PoliceMessageOut, **_REFUSED},
    url_name="police_dispatches_update",
    summary="Add an update to a dispatch",
    openapi_extra=_body(UpdateIn, _CAP_UPDATE),
)
@per_key_limit
def dispatches_update(request: HttpRequest, message_id: int):
    return _post_update(request, DISPATCH, message_id)


@router.post(
    "/area-alerts/{int:message_id}/updates",
    response={201: PoliceMessageOut, **_REFUSED},
    url_name="police_area_alerts_update",
    summary="Add an update to an area alert",
    openapi_extra=_body(UpdateIn, _CAP_UPDATE),
)
@per_key_limit
def area_alerts_update(request: HttpRequest, message_id: int):
    return _post_update(request, AREA_ALERT, message_id)


@router.post(
    "/dispatches/{int:message_id}/close",
    response={200: PoliceMessageOut, **_REFUSED},
    url_name="police_dispatches_close",
    summary="Close a dispatch with its outcome",
    openapi_extra=_body(CloseIn, _CAP_CANCEL),
)
@per_key_limit
def dispatches_close(request: HttpRequest, message_id: int):
    return _post_close(request, DISPATCH, message_id)


@router.post(
    "/area-alerts/{int:message_id}/close",
    response={200: PoliceMessageOut, **_REFUSED},
    url_name="police_area_alerts_close",
    summary="Close an area alert with its outcome",
    openapi_extra=_body(CloseIn, _CAP_CANCEL),
)
@per_key_limit
def area_alerts_close(request: HttpRequest, message_id: int):
    return _post_close(request, AREA_ALERT, message_id)
