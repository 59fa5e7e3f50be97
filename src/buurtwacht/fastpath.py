"""A lean ASGI route for GET /api/v1/lookup, mounted in front of Django in the same process.

Why: the lookup is the busiest public endpoint (every "is my street covered?" and every embed on a municipal
site). Through Django's full request cycle (middleware, django-ninja, pydantic) one lookup cost ~1.2 ms of CPU
before any work; this route costs a fraction of that and calls the very same `lookup_payload`. The ninja endpoint
stays: it documents the route in the OpenAPI schema and answers whenever this route is not in front (tests with
Django's client, WSGI). What Django's middleware would add, this route does itself: the Host check, the
language from the cookie or Accept-Language, and the security headers.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections
from django.http.request import split_domain_port, validate_host
from django.utils import translation
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

from buurtwacht.groups.lookup import AddressNotFound, lookup_payload

LOOKUP_PATH = "/api/v1/lookup"

# Database work runs off the event loop. A small pool: the work is CPU-bound under the GIL, and each thread keeps
# its own database connection.
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="lookup")


def request_language(headers: dict[bytes, bytes]) -> str:
    """The language Django's LocaleMiddleware would pick: the language cookie, else Accept-Language."""
    cookie = headers.get(b"cookie", b"").decode("latin-1")
    for part in cookie.split(";"):
        name, _, value = part.strip().partition("=")
        if name == settings.LANGUAGE_COOKIE_NAME:
            try:
                return get_supported_language_variant(value)
            except LookupError:
                break
    for code, _quality in parse_accept_lang_header(headers.get(b"accept-language", b"").decode("latin-1")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def host_allowed(headers: dict[bytes, bytes]) -> bool:
    """Django's ALLOWED_HOSTS check of the Host header (CommonMiddleware would refuse the request)."""
    domain, _port = split_domain_port(headers.get(b"host", b"").decode("latin-1"))
    return bool(domain) and validate_host(domain, _allowed_hosts())


def _allowed_hosts() -> list[str]:
    hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not hosts:
        return [".localhost", "127.0.0.1", "[::1]"]
    return hosts


def _answer(query: str, language: str) -> tuple[int, dict]:
    """Runs in the executor thread; mirrors Django's per-request connection housekeeping."""
    close_old_connections()
    try:
        with translation.override(language):
            params = dict(parse_qsl(query, keep_blank_values=True))
            try:
                return 200, lookup_payload(params)
            except ValidationError as exc:
                return 400, {"detail": " ".join(exc.messages)}
            except AddressNotFound as exc:
                return 404, {"detail": str(exc)}
    finally:
        close_old_connections()


async def start() -> None:
    """At ASGI start-up: build the spatial indexes in the lookup's thread (see LookupFastPath.warm_up)."""
    await asyncio.get_running_loop().run_in_executor(_executor, LookupFastPath.warm_up)


class LookupFastPath:
    """ASGI middleware: serves GET/HEAD /api/v1/lookup itself and hands everything else to Django. The spatial
    indexes are built at start-up (`warm_up`, called by buurtwacht.asgi's lifespan)."""

    def __init__(self, app):
        self.app = app

    @staticmethod
    def warm_up() -> None:
        """Build the spatial indexes as the process starts, not while the first lookup waits (~0.4 s for the
        country). A database that is not migrated yet is left for the first request to report."""
        from django.db import DatabaseError

        from buurtwacht.geo.index import BUURTEN, GROUPS, layers

        try:
            layers.fresh(BUURTEN, GROUPS)
        except DatabaseError:
            pass
        finally:
            close_old_connections()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != LOOKUP_PATH or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if not host_allowed(headers):
            await self._send(send, scope, 400, {"detail": "Bad Request (400)"}, "en")
            return
        language = request_language(headers)
        loop = asyncio.get_running_loop()
        status, body = await loop.run_in_executor(
            _executor, _answer, scope["query_string"].decode("latin-1"), language
        )
        await self._send(send, scope, status, body, language)

    @staticmethod
    async def _send(send, scope, status: int, body: dict, language: str) -> None:
        headers = [
            (b"content-language", language.encode()),
            (b"vary", b"Accept-Language, Cookie"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        await send_json(send, status, body, headers, head=scope["method"] == "HEAD")


async def send_json(send, status: int, body: dict, headers: list, *, head: bool = False) -> None:
    """Answer an ASGI request with `body` as JSON (for the lean endpoints in front of Django)."""
    content = json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    start_headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(content)).encode()),
        (b"x-content-type-options", b"nosniff"),
        *headers,
    ]
    await send({"type": "http.response.start", "status": status, "headers": start_headers})
    await send({"type": "http.response.body", "body": b"" if head else content})
