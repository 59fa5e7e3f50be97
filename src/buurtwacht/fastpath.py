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
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl

from django.core.exceptions import ValidationError
from django.db import close_old_connections
from django.utils import translation

from buurtwacht.groups.lookup import AddressNotFound, lookup_payload
from buurtwacht.kit.asgi import host_allowed, request_language, send_json

LOOKUP_PATH = "/api/v1/lookup"

# Database work runs off the event loop. A small pool: the work is CPU-bound under the GIL, and each thread keeps
# its own database connection.
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="lookup")


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
