"""/api/v1/push: this browser's Web Push subscription for the signed-in person (session cookie; writes need the
CSRF token, as elsewhere in the API).

    GET    /key            {"public_key": "..."}: the VAPID applicationServerKey for pushManager.subscribe()
    POST   /subscriptions  PushSubscription.toJSON() ({"endpoint", "keys": {"p256dh", "auth"}}): store it for the
                           signed-in person (201 new, 200 known) -> {"endpoint", "created"}
    DELETE /subscriptions  {"endpoint": "..."}: forget one of one's own subscriptions -> 204; 404 when it is not one

Signed out: 401. Staff, police and administrators who have not given their second factor: 403. Bad input: 400
with a Dutch message.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from buurtwacht.delivery.subscriptions import push_subscription_delete, push_subscription_save
from buurtwacht.delivery.vapid import application_server_key
from buurtwacht.kit.second_factor import second_factor_passed

router = Router(tags=["push"], auth=django_auth)


class KeyOut(Schema):
    public_key: str


class KeysIn(Schema):
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)


class SubscriptionIn(Schema):
    endpoint: str = Field(max_length=1000)
    keys: KeysIn


class EndpointIn(Schema):
    endpoint: str = Field(max_length=1000)


class SubscriptionOut(Schema):
    endpoint: str
    created: bool


class DetailOut(Schema):
    detail: str


def _person(request: HttpRequest):
    user = request.user
    if not second_factor_passed(user):
        raise HttpError(403, _("Log eerst in met uw tweede stap (de code uit uw authenticator-app)."))
    return user


@router.get("/key", response=KeyOut, url_name="push_key", summary="The VAPID public key (applicationServerKey)")
def key(request: HttpRequest):
    _person(request)
    return {"public_key": application_server_key()}


@router.post(
    "/subscriptions",
    response={200: SubscriptionOut, 201: SubscriptionOut, 400: DetailOut},
    url_name="push_subscriptions",
    summary="Store this browser's push subscription",
)
def subscribe(request: HttpRequest, payload: SubscriptionIn):
    subscription, created = push_subscription_save(
        user=_person(request),
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        user_agent=request.headers.get("User-Agent", ""),
    )
    return Status(201 if created else 200, {"endpoint": subscription.endpoint, "created": created})


@router.delete(
    "/subscriptions",
    response={204: None, 404: DetailOut},
    url_name="push_subscriptions",
    summary="Forget one of one's own push subscriptions",
)
def unsubscribe(request: HttpRequest, payload: EndpointIn):
    if not push_subscription_delete(user=_person(request), endpoint=payload.endpoint):
        return Status(404, {"detail": _("U heeft geen pushabonnement met dit adres.")})
    return Status(204, None)
