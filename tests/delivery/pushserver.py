"""A local push service for tests and the benchmark, speaking the documented protocols:

- RFC 8030 (Web Push): POST /push/<id> with a TTL header; 201 Created with a Location; 404/410 for a subscription
  that does not exist (any more); 429 and 5xx when told to.
- RFC 8292 (VAPID): `Authorization: vapid t=<JWT>, k=<public key>`; the ES256 signature is checked with k, `aud`
  must be this server's origin, `exp` in the future and at most 24 hours ahead, `sub` a mailto: or https: URL; a
  subscription made with an applicationServerKey only takes messages signed with that key (403 otherwise).
- RFC 8291 / RFC 8188 (message encryption): `Content-Encoding: aes128gcm`; the body is decrypted with the
  subscription's private key and auth secret, made here the way a browser makes them (`subscribe()`).

A message counts as acknowledged only when its 201 answer was written and the client had not gone away before
that. `hold_after(n)` holds the answers to every message after the first n acknowledged ones until `release()`
(or until the client disconnects: then that message is never acknowledged).

Run alone (`python -m tests.delivery.pushserver --port 8765 --lean`) it accepts every POST to /push/<id> without
checks (the benchmark's endpoint) and reports counts at GET /stats.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

import http_ece
from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

MAX_BODY = 4096


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    """One browser's subscription: the endpoint and keys it would give to the site (PushSubscription.toJSON())."""

    id: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    application_server_key: str | None = None

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def as_json(self) -> dict:
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass
class Received:
    subscription: str
    status: int
    headers: dict
    payload: dict | None = None
    acked: bool = False
    at: float = field(default_factory=time.monotonic)


class Refused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def verify_vapid(authorization: str, audience: str) -> str:
    """Check a `vapid t=..., k=...` header (RFC 8292); return the public key k."""
    scheme, _, params = (authorization or "").partition(" ")
    if scheme.lower() != "vapid":
        raise Refused(401, "Authorization is not a vapid header")
    parts = {}
    for item in params.split(","):
        name, _, value = item.strip().partition("=")
        parts[name.strip()] = value.strip()
    token, key = parts.get("t", ""), parts.get("k", "")
    try:
        head_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(b64url_decode(head_b64))
        claims = json.loads(b64url_decode(claims_b64))
        signature = b64url_decode(signature_b64)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(key))
    except (ValueError, TypeError) as exc:
        raise Refused(401, f"malformed VAPID token: {exc}") from exc
    if header.get("alg") != "ES256" or len(signature) != 64:
        raise Refused(401, "VAPID token is not ES256")
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public.verify(der, f"{head_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise Refused(401, "VAPID signature does not match k") from exc
    if claims.get("aud") != audience:
        raise Refused(401, f"VAPID aud {claims.get('aud')!r} is not {audience!r}")
    now = time.time()
    if not isinstance(claims.get("exp"), int) or not now < claims["exp"] <= now + 24 * 3600:
        raise Refused(401, "VAPID exp is not within the next 24 hours")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
        raise Refused(401, "VAPID sub is not a mailto: or https: URL")
    return key


class PushServer:
    def __init__(self, *, lean: bool = False):
        self.lean = lean
        self.browsers: dict[str, Browser] = {}
        self.received: list[Received] = []
        self.scripted: dict[str, deque] = defaultdict(deque)  # subscription id -> statuses to answer next
        self.retry_after: str | None = None
        self.redirect_to: str | None = None  # the Location of a scripted redirect
        self._hold_after: int | None = None
        self._release = None  # asyncio.Event on the server loop
        self.held = 0
        self.disconnected = 0
        self.in_flight = 0  # requests whose answer is not written yet (held ones included)
        self.lean_count = 0
        self._lock = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- set-up -------------------------------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY * 4)
        app.router.add_post("/push/{id}", self.handle_lean if self.lean else self.handle)
        app.router.add_get("/stats", self.stats)
        return app

    def start(self, port: int = 0) -> PushServer:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        self.port = sock.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._release = asyncio.Event()
            self._runner = web.AppRunner(self.app(), access_log=None, handler_cancellation=False)
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.SockSite(self._runner, sock, backlog=1024).start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="push-server", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        self.release()
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
        self._loop = None

    def __enter__(self) -> PushServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- what tests do ------------------------------------------------------------------------------------------

    def subscribe(self, application_server_key: str | None = None) -> Browser:
        """Make a subscription as a browser does: a P-256 key pair and a 16-byte auth secret."""
        browser_id = b64url(os.urandom(12))
        browser = Browser(
            id=browser_id,
            endpoint=f"{self.origin}/push/{browser_id}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=os.urandom(16),
            application_server_key=application_server_key,
        )
        self.browsers[browser_id] = browser
        return browser

    def unsubscribe(self, browser: Browser) -> None:
        """The browser dropped the subscription: the service answers 410 Gone from now on."""
        self.browsers.pop(browser.id, None)

    def answer(self, browser: Browser, *statuses: int) -> None:
        """Answer the next messages for `browser` with these statuses (then 201 again)."""
        self.scripted[browser.id].extend(statuses)

    def hold_after(self, count: int | None) -> None:
        """Hold the answers to messages once `count` messages have been acknowledged (None: stop holding)."""
        self._hold_after = count
        if count is not None and self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._clear_release(), self._loop).result(5)

    async def _clear_release(self) -> None:
        self._release.clear()

    def release(self) -> None:
        self._hold_after = None
        if self._loop is not None and self._release is not None:
            self._loop.call_soon_threadsafe(self._release.set)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every request that arrived has its answer written (or is held): a client may read its 201
        a moment before this server has counted the acknowledgement."""
        self.wait_for(lambda: self.in_flight <= self.held, timeout)

    def acked(self, browser: Browser | None = None) -> list[Received]:
        self.settle()
        with self._lock:
            return [r for r in self.received if r.acked and (browser is None or r.subscription == browser.id)]

    def messages(self, browser: Browser | None = None) -> list[Received]:
        self.settle()
        with self._lock:
            return [r for r in self.received if browser is None or r.subscription == browser.id]

    def wait_for(self, condition, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, 0.2))
        return True

    # --- the protocol -------------------------------------------------------------------------------------------

    def _check(self, request: web.Request, body: bytes) -> tuple[Browser, dict]:
        browser = self.browsers.get(request.match_info["id"])
        if browser is None:
            raise Refused(410, "no such subscription")
        key = verify_vapid(request.headers.get("Authorization", ""), self.origin)
        if browser.application_server_key and key != browser.application_server_key.rstrip("="):
            raise Refused(403, "VAPID key differs from the subscription's applicationServerKey")
        ttl = request.headers.get("TTL", "")
        if not ttl.isdigit():
            raise Refused(400, "TTL header missing or not a number")
        if request.headers.get("Content-Encoding") != "aes128gcm":
            raise Refused(415, "Content-Encoding must be aes128gcm")
        if len(body) > MAX_BODY:
            raise Refused(413, "payload too large")
        topic = request.headers.get("Topic")
        if topic is not None and (len(topic) > 32 or not all(c.isalnum() or c in "-_" for c in topic)):
            raise Refused(400, "Topic must be at most 32 base64url characters")
        if request.headers.get("Urgency", "normal") not in ("very-low", "low", "normal", "high"):
            raise Refused(400, "Urgency is not one of very-low, low, normal, high")
        try:
            plain = http_ece.decrypt(
                body, private_key=browser.private_key, auth_secret=browser.auth_secret, version="aes128gcm"
            )
        except Exception as exc:
            raise Refused(400, f"cannot decrypt: {exc}") from exc
        try:
            return browser, json.loads(plain)
        except ValueError:
            return browser, {"text": plain.decode(errors="replace")}

    async def handle(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            self.in_flight += 1
        try:
            return await self._handle(request)
        finally:
            with self._lock:
                self.in_flight -= 1
                self._lock.notify_all()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = {name: request.headers[name] for name in ("TTL", "Urgency", "Topic") if name in request.headers}
        try:
            browser, payload = self._check(request, body)
        except Refused as refused:
            self._record(Received(request.match_info["id"], refused.status, headers))
            return web.Response(status=refused.status, text=refused.reason)
        scripted = self.scripted[browser.id]
        status = scripted.popleft() if scripted else 201
        received = Received(browser.id, status, headers, payload)
        self._record(received)
        if status != 201:
            extra = {"Retry-After": self.retry_after} if status == 429 and self.retry_after else {}
            if status in (301, 302, 307, 308):
                extra["Location"] = self.redirect_to or ""
            return web.Response(status=status, headers=extra, text="scripted answer")
        holding = self._hold_after is not None and self._acked_count() >= self._hold_after
        if holding and not await self._held(request):
            return web.Response(status=201)
        response = web.Response(status=201, headers={"Location": f"{self.origin}/message/{id(received)}"})
        try:
            if self._gone(request):
                raise ConnectionResetError
            await response.prepare(request)
            await response.write_eof()
        except (ConnectionResetError, RuntimeError, OSError):
            with self._lock:
                self.disconnected += 1
            return response
        with self._lock:
            received.acked = True
            self._lock.notify_all()
        return response

    @staticmethod
    def _gone(request: web.Request) -> bool:
        transport = request.transport
        return transport is None or transport.is_closing()

    async def _held(self, request: web.Request) -> bool:
        """Wait for release(); False when the client went away first."""
        with self._lock:
            self.held += 1
            self._lock.notify_all()
        try:
            while not self._release.is_set():
                if self._gone(request):
                    with self._lock:
                        self.disconnected += 1
                    return False
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(self._release.wait()), 0.05)
            return not self._gone(request)
        finally:
            with self._lock:
                self.held -= 1
                self._lock.notify_all()

    def _acked_count(self) -> int:
        with self._lock:
            return sum(1 for r in self.received if r.acked)

    def _record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)
            self._lock.notify_all()

    async def handle_lean(self, request: web.Request) -> web.Response:
        await request.read()
        self.lean_count += 1
        return web.Response(status=201)

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response({"received": self.lean_count if self.lean else len(self.received)})


def main() -> None:
    parser = argparse.ArgumentParser(description="A local push service (lean: accepts everything, counts).")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--lean", action="store_true")
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    server = PushServer(lean=args.lean)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    web.run_app(server.app(), sock=sock, access_log=None, print=None, backlog=1024)


if __name__ == "__main__":
    main()
