"""WhatsApp Business Platform (Cloud API): the client, and the channel that sends police dispatches to admins.

Protocol: `POST {WHATSAPP_API_URL}/{phone-number-id}/messages` with `Authorization: Bearer <token>` and a JSON body
`{"messaging_product": "whatsapp", "to": ..., "type": "template", "template": {...}}`; the answer holds
`{"messages": [{"id": "wamid..."}]}`. Status callbacks come to our webhook (delivery/whatsapp_webhook.py) and find
the `Delivery` by that id.

The client uses the standard library (urllib): httpx is only a development dependency here (the live-stream tests),
and one request per message from a worker thread needs nothing more.

Sending twice after a crash. The Cloud API has no idempotency key, so a message whose request went out but whose
answer was not recorded cannot be told apart from one that never went. We choose at most once for that case: just
before the request the row is marked `external_id = "pending"` (a committed UPDATE that also renews the claim);
the answer replaces the mark with the wamid. A row found still pending when claimed again (the worker died between
send and save), or whose request timed out after it was sent, is failed ("outcome unknown"), never sent again. The
admin still has the dispatch by push, e-mail and on the site; a police message twice on a phone is worse than once
on another channel. Errors where nothing was sent (the connection refused, 429, 5xx) clear the mark and retry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import socket
import urllib.error
import urllib.request

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwacht.delivery import outbound
from buurtwacht.delivery.models import Delivery, DeliveryStatus, WhatsAppNumber
from buurtwacht.delivery.outbound import Claim

logger = logging.getLogger(__name__)

TIMEOUT = 15  # seconds
PENDING = "pending"
LANGUAGE = "nl"


def enabled() -> bool:
    """The channel is on when a phone number id, a token and a template are configured."""
    return bool(settings.WHATSAPP_PHONE_NUMBER_ID and settings.WHATSAPP_TOKEN and settings.WHATSAPP_TEMPLATE)


class WhatsAppError(Exception):
    """A send that did not succeed. `transient`: nothing was sent and trying later may help; `unknown`: the request
    may have been sent (a timeout after it went out)."""

    def __init__(self, message: str, *, status: int | None = None, transient: bool = False, unknown: bool = False):
        super().__init__(message)
        self.status = status
        self.transient = transient
        self.unknown = unknown


def _post(body: dict) -> dict:
    url = f"{settings.WHATSAPP_API_URL}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    if not url.startswith(("https://", "http://")):
        raise WhatsAppError("WHATSAPP_API_URL must be an http(s) address")
    request = urllib.request.Request(  # noqa: S310 (checked just above)
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        status = exc.code
        try:
            detail = (json.loads(exc.read() or b"{}").get("error") or {}).get("message", "")
        except ValueError:
            detail = ""
        transient = status in (408, 425, 429) or status >= 500
        raise WhatsAppError(f"HTTP {status} {detail}".strip(), status=status, transient=transient) from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise WhatsAppError("timeout", unknown=True) from exc
        raise WhatsAppError(f"no connection: {reason}", transient=True) from exc
    except TimeoutError as exc:  # the answer did not come in time: it may have been sent
        raise WhatsAppError("timeout", unknown=True) from exc
    except (OSError, ValueError) as exc:
        raise WhatsAppError(f"{type(exc).__name__}: {exc}", unknown=True) from exc


def _message_id(answer: dict) -> str:
    try:
        return str(answer["messages"][0]["id"])
    except (KeyError, IndexError, TypeError) as exc:
        raise WhatsAppError("no message id in the answer", unknown=True) from exc


def send_template(*, to: str, parameters: list[str], template: str | None = None) -> str:
    """Send the approved template to `to` (E.164) with body parameters; returns the wamid."""
    body = {
        "messaging_product": "whatsapp",
        "to": to.lstrip("+"),
        "type": "template",
        "template": {
            "name": template or settings.WHATSAPP_TEMPLATE,
            "language": {"code": LANGUAGE},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": p} for p in parameters]}],
        },
    }
    return _message_id(_post(body))


def signature_valid(raw_body: bytes, header: str | None) -> bool:
    """X-Hub-Signature-256 is "sha256=" + hex HMAC-SHA256 of the raw body with the app secret."""
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


# --- The channel ------------------------------------------------------------------------------------------------


def _parameters(claim: Claim) -> list[str]:
    payload = claim.event.payload or {}
    messages = payload.get("message") or {}
    text = messages.get(claim.user.language) or messages.get(settings.LANGUAGE_CODE) or {}
    short = " ".join(f"{text.get('title', '')}: {text.get('body', '')}".split())[:900]
    return [short, settings.SITE_URL + (payload.get("url") or "/")]


def _mark_pending(claim: Claim) -> bool:
    now = timezone.now()
    marked = Delivery.objects.filter(
        pk=claim.pk, status=DeliveryStatus.SENDING, claimed_at=claim.claimed_at, external_id=""
    ).update(external_id=PENDING, claimed_at=now)
    if marked:
        claim.claimed_at = now
    return bool(marked)


def deliveries_whatsapp(claims: list[Claim]) -> None:
    """Send claimed WhatsApp deliveries one by one, each outcome recorded before the next."""
    numbers = dict(
        WhatsAppNumber.objects.filter(user_id__in=[c.user_id for c in claims], confirmed_at__isnull=False).values_list(
            "user_id", "phone"
        )
    )
    for claim in claims:
        if not enabled():
            outbound.deliveries_fail(deliveries=[claim], error="WhatsApp is not configured")
            continue
        phone = numbers.get(claim.user_id)
        if not phone:
            outbound.deliveries_fail(deliveries=[claim], error="no confirmed WhatsApp number")
            continue
        if not _mark_pending(claim):
            row = Delivery.objects.filter(pk=claim.pk).values_list("external_id", "claimed_at").first()
            if row and row[0] == PENDING and row[1] == claim.claimed_at:
                outbound.deliveries_fail(deliveries=[claim], error="outcome unknown after a stop; not sent again")
            continue  # another worker has it, or it went out already
        try:
            wamid = send_template(to=phone, parameters=_parameters(claim))
        except WhatsAppError as exc:
            logger.warning("WhatsApp for delivery %s failed: %s", claim.pk, exc)
            if exc.unknown:
                outbound.deliveries_fail(deliveries=[claim], error=f"outcome unknown ({exc}); not sent again")
                continue
            Delivery.objects.filter(pk=claim.pk, external_id=PENDING).update(external_id="")
            if exc.transient:
                outbound.deliveries_retry(deliveries=[claim], error=str(exc))
            else:
                outbound.deliveries_fail(deliveries=[claim], error=str(exc))
        else:
            whatsapp_accepted(pk=claim.pk, wamid=wamid)


def whatsapp_accepted(*, pk: int, wamid: str) -> None:
    """The Cloud API took the message: sent, with its id. It has not reached the phone yet (that is the
    'delivered' callback), so the receipt waits."""
    Delivery.objects.filter(
        pk=pk, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING, DeliveryStatus.FAILED]
    ).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), external_id=wamid, error="")
    Delivery.objects.filter(pk=pk, external_id=PENDING).update(external_id=wamid)


def code_message(code: str) -> list[str]:
    """The parameters of the approved template for a code (the same template as police dispatches: short text and
    a link)."""
    return [
        _("Uw Buurtwacht-code voor politieberichten via WhatsApp is %(code)s. Deel deze code met niemand.")
        % {"code": code},
        settings.SITE_URL + reverse("police:whatsapp_settings"),
    ]
