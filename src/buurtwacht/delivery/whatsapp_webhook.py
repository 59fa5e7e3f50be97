"""The WhatsApp webhook (`/webhooks/whatsapp`): Meta's subscription challenge, and signed status callbacks.

No login and no CSRF token: Meta calls it. GET answers `hub.challenge` when `hub.mode` is "subscribe" and
`hub.verify_token` is WHATSAPP_VERIFY_TOKEN; POST is taken only with a valid `X-Hub-Signature-256` (HMAC-SHA256 of
the raw body with WHATSAPP_APP_SECRET, compared in constant time), else 403. Unknown message ids are answered 200,
so Meta does not retry them.
"""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from buurtwacht.delivery.whatsapp import signature_valid
from buurtwacht.delivery.whatsapp_status import whatsapp_statuses_record


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        expected = settings.WHATSAPP_VERIFY_TOKEN
        given = request.GET.get("hub.verify_token", "")
        if request.GET.get("hub.mode") == "subscribe" and expected and hmac.compare_digest(given, expected):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verify token mismatch", content_type="text/plain")
    if not signature_valid(request.body, request.headers.get("X-Hub-Signature-256")):
        return HttpResponseForbidden("bad signature", content_type="text/plain")
    try:
        body = json.loads(request.body)
        statuses = [
            status
            for entry in body.get("entry") or []
            for change in entry.get("changes") or []
            for status in (change.get("value") or {}).get("statuses") or []
            if isinstance(status, dict)
        ]
    except (ValueError, AttributeError, TypeError):
        return HttpResponseBadRequest("not a WhatsApp webhook body", content_type="text/plain")
    whatsapp_statuses_record(statuses=statuses)
    return HttpResponse("ok", content_type="text/plain")
