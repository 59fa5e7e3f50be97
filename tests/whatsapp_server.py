"""A local WhatsApp Cloud API for tests (and the demo): speaks the documented protocol, never the real service.

- `POST /{version}/{phone_number_id}/messages` with `Authorization: Bearer <token>`: checks the token (401 with an
  OAuthException otherwise), the phone number id (404) and the body (`messaging_product` "whatsapp", `to`, a
  template with a name and a language code, or a text), and answers `{"messages": [{"id": "wamid..."}]}`.
- `fail_next`: HTTP statuses to answer the next sends with (a 500, a 429), one each, for retry tests.
- `post_status(webhook_url, wamid, status)`: a status callback as Meta sends it, signed with the app secret in
  `X-Hub-Signature-256`; `status_body()` and `sign()` build the same for Django's test client.

Use the `whatsapp_server` fixture (tests/conftest.py plugin list) to start one and point the settings at it.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

TOKEN = "test-token"
PHONE_NUMBER_ID = "1234567890"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
TEMPLATE = "politiebericht"
VERSION = "v21.0"


@dataclass
class WhatsAppServer:
    token: str = TOKEN
    phone_number_id: str = PHONE_NUMBER_ID
    received: list[dict] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    url: str = ""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str, authorization: str, raw: bytes) -> tuple[int, dict]:
        with self._lock:
            if self.fail_next:
                status = self.fail_next.pop(0)
                return status, {"error": {"message": "Temporary failure", "code": 2, "type": "OAuthException"}}
        if authorization != f"Bearer {self.token}":
            return 401, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}}
        parts = path.strip("/").split("/")
        if len(parts) != 3 or parts[2] != "messages" or not parts[0].startswith("v"):
            return 404, {"error": {"message": "Unknown path", "code": 100}}
        if parts[1] != self.phone_number_id:
            return 404, {"error": {"message": "Unsupported post request", "code": 100}}
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, {"error": {"message": "Invalid JSON", "code": 100}}
        problem = _body_problem(body)
        if problem:
            return 400, {"error": {"message": problem, "code": 100, "type": "OAuthException"}}
        wamid = f"wamid.TEST{next(self._ids):06d}"
        with self._lock:
            self.received.append({"id": wamid, **body})
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": body["to"]}],
            "messages": [{"id": wamid}],
        }


def _body_problem(body: dict) -> str:
    if body.get("messaging_product") != "whatsapp":
        return "(#100) messaging_product must be whatsapp"
    if not str(body.get("to", "")).lstrip("+").isdigit():
        return "(#100) Invalid parameter: to"
    if body.get("type") == "template":
        template = body.get("template") or {}
        if not template.get("name") or not (template.get("language") or {}).get("code"):
            return "(#132000) template name and language are required"
        return ""
    if body.get("type") == "text":
        return "" if (body.get("text") or {}).get("body") else "(#100) text.body is required"
    return "(#100) Invalid parameter: type"


def sign(raw: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def status_body(wamid: str, status: str, *, recipient: str = "31612345678", timestamp: int | None = None) -> bytes:
    entry = {"id": wamid, "status": status, "timestamp": str(timestamp or int(time.time())), "recipient_id": recipient}
    if status == "failed":
        entry["errors"] = [{"code": 131026, "title": "Message undeliverable"}]
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "3197000000000", "phone_number_id": PHONE_NUMBER_ID},
        "statuses": [entry],
    }
    body = {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA_ID", "changes": [{"field": "messages", "value": value}]}]}  # fmt: skip
    return json.dumps(body).encode()


def post_status(webhook_url: str, wamid: str, status: str, *, secret: str = APP_SECRET) -> int:
    """Post a signed status callback to our webhook, as Meta does; returns the HTTP status."""
    raw = status_body(wamid, status)
    request = urllib.request.Request(  # noqa: S310 (a test's own http URL)
        webhook_url, data=raw, method="POST",
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(raw, secret)},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def start(server: WhatsAppServer) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, answer = server.answer(self.path, self.headers.get("Authorization", ""), raw)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}/{VERSION}"
    threading.Thread(target=httpd.serve_forever, daemon=True, name="whatsapp-test-server").start()
    return httpd


@pytest.fixture
def whatsapp_server(settings):
    """A running test Cloud API, with the settings pointing at it (channel on)."""
    server = WhatsAppServer()
    httpd = start(server)
    settings.WHATSAPP_API_URL = server.url
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    settings.WHATSAPP_TOKEN = TOKEN
    settings.WHATSAPP_TEMPLATE = TEMPLATE
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    yield server
    httpd.shutdown()
    httpd.server_close()
