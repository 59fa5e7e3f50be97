"""A member's own settings for receiving alerts: the browsers that get push messages, and when e-mail comes.

A subscription belongs to whoever subscribed last on that browser (the endpoint is the browser's): on a shared
device the messages follow the person who turned them on.

Endpoints are URLs our workers will POST to, so only https URLs of known push services are accepted (setting
PUSH_SERVICE_HOSTS, "*" for any https host); in dev mode also http(s)://localhost and 127.0.0.1, for a local
push service in tests.
"""

from __future__ import annotations

import binascii
import ipaddress
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from buurtwacht.delivery.models import AlertMail, PushSubscription
from buurtwacht.delivery.vapid import b64url_decode

MAX_SUBSCRIPTIONS_PER_USER = 10
# The push services of Chrome and other Chromium browsers (FCM), Firefox, Edge and Safari.
DEFAULT_PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",
    "android.googleapis.com",
    "push.services.mozilla.com",
    "notify.windows.com",
    "push.apple.com",
)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _push_service_hosts() -> tuple[str, ...]:
    return tuple(getattr(settings, "PUSH_SERVICE_HOSTS", None) or DEFAULT_PUSH_SERVICE_HOSTS)


def endpoint_validate(endpoint: str) -> str:
    endpoint = (endpoint or "").strip()
    bad = ValidationError(_("Dit is geen geldig adres van een pushdienst. Zet pushberichten uit en weer aan."))
    if not endpoint or len(endpoint) > 1000:
        raise bad
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    local = (settings.DEV_MODE or settings.DEBUG) and host in LOCAL_HOSTS
    schemes = ["https", "http"] if local else ["https"]
    if parts.scheme not in schemes:
        raise bad
    try:
        URLValidator(schemes=schemes)(endpoint)
    except ValidationError:
        raise bad from None
    allowed = _push_service_hosts()
    if not local and "*" in allowed and _internal(host):
        raise bad  # "*" means any push service on the internet, not an address inside our network
    if not local and "*" not in allowed and not any(host == h or host.endswith("." + h) for h in allowed):
        raise ValidationError(
            _(
                "Deze browser gebruikt een pushdienst die Buurtwacht niet kent. "
                "Gebruik een andere browser, of ontvang meldingen per e-mail."
            )
        )
    return endpoint


def _internal(host: str) -> bool:
    """An IP address that is not on the public internet, or a name that only means something inside a network."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return "." not in host or host.endswith((".local", ".internal", ".localhost", ".lan", ".home.arpa"))
    return not address.is_global


def _key_bytes(value: str, length: int, message: str) -> str:
    value = (value or "").strip().rstrip("=")
    try:
        raw = b64url_decode(value)
    except (binascii.Error, ValueError):
        raise ValidationError(message) from None
    if len(raw) != length:
        raise ValidationError(message)
    return value


def keys_validate(p256dh: str, auth: str) -> tuple[str, str]:
    message = _("De sleutels van dit pushabonnement kloppen niet. Zet pushberichten uit en weer aan.")
    p256dh = _key_bytes(p256dh, 65, message)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(p256dh))
    except ValueError:
        raise ValidationError(message) from None
    return p256dh, _key_bytes(auth, 16, message)


def push_subscription_save(
    *, user, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> tuple[PushSubscription, bool]:
    """Store this browser's subscription for `user` (taking it over from anyone who had it). Returns
    (subscription, created). A member keeps at most MAX_SUBSCRIPTIONS_PER_USER browsers: the oldest go."""
    endpoint = endpoint_validate(endpoint)
    p256dh, auth = keys_validate(p256dh, auth)
    with transaction.atomic():
        subscription, created = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth, "user_agent": user_agent[:200]}
        )
        keep = PushSubscription.objects.filter(user=user).order_by("-created_at", "-pk")[:MAX_SUBSCRIPTIONS_PER_USER]
        PushSubscription.objects.filter(user=user).exclude(pk__in=list(keep.values_list("pk", flat=True))).delete()
    return subscription, created


def push_subscription_delete(*, user, endpoint: str) -> bool:
    """Forget one of `user`'s own subscriptions by endpoint. False when they have none with that endpoint."""
    deleted, _details = PushSubscription.objects.filter(user=user, endpoint=(endpoint or "").strip()).delete()
    return bool(deleted)


def push_subscription_remove(*, user, subscription_id: int) -> bool:
    """Forget one of `user`'s own subscriptions by id (the list of devices on the settings page)."""
    deleted, _details = PushSubscription.objects.filter(user=user, pk=subscription_id).delete()
    return bool(deleted)


def alert_mail_set(*, user, alert_mail: str) -> None:
    if alert_mail not in AlertMail.values:
        raise ValidationError(_("Kies wanneer u meldingen per e-mail wilt krijgen."))
    user.alert_mail = alert_mail
    user.save(update_fields=["alert_mail"])
