"""Helpers of the lean ASGI endpoints in front of Django (the lookup's fast path, the live stream): the host check
and the language, as Django's middleware decides them, and a JSON answer."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http.request import split_domain_port, validate_host
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header


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
