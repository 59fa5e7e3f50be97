"""VAPID (RFC 8292): the key pair that identifies this site to the browsers' push services.

VAPID_PRIVATE_KEY / VAPID_PUBLIC_KEY from the settings, else a pair made once and kept in DATA_DIR/vapid.json
(mode 0600). Browsers subscribe with the public key; changing it makes every existing subscription useless.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from py_vapid import Vapid02

logger = logging.getLogger(__name__)

VAPID_FILE = "vapid.json"
VAPID_LIFETIME = 12 * 60 * 60  # seconds a signed header is valid; RFC 8292 allows at most 24 hours


@dataclass(frozen=True)
class VapidKeys:
    vapid: Vapid02
    public_key: str  # applicationServerKey: base64url (no padding) of the uncompressed P-256 point


_keys_cache: dict[tuple, VapidKeys] = {}
_keys_lock = threading.Lock()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key_of(vapid: Vapid02) -> str:
    point = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64url(point)


def raw_private_key(vapid: Vapid02) -> str:
    return b64url(vapid.private_key.private_numbers().private_value.to_bytes(32, "big"))


def vapid_from_text(text: str) -> Vapid02:
    """A private key as base64url raw (32 bytes), base64url DER, or PEM."""
    text = text.strip()
    try:
        if "-----BEGIN" in text:
            return Vapid02(serialization.load_pem_private_key(text.encode(), password=None))
        return Vapid02.from_string(text)
    except Exception as exc:
        raise ImproperlyConfigured(
            "VAPID_PRIVATE_KEY is not a P-256 private key (base64url raw or DER, or PEM)"
        ) from exc


def _keys_from_file(path: Path) -> VapidKeys:
    """Read DATA_DIR/vapid.json, or make it. Two processes starting at once agree on one pair: the file appears
    under its name only complete (written aside, then hard-linked; the link fails if another process won)."""
    if not path.exists():
        vapid = Vapid02()
        vapid.generate_keys()
        body = json.dumps({"private_key": raw_private_key(vapid), "public_key": public_key_of(vapid)})
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".vapid-", dir=path.parent)
        try:
            os.fchmod(handle, 0o600)
            os.write(handle, body.encode())
            os.fsync(handle)
            os.close(handle)
            try:
                os.link(temporary, path)
                logger.info("Made a new VAPID key pair in %s", path)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
    stored = json.loads(path.read_text())
    vapid = vapid_from_text(stored["private_key"])
    return VapidKeys(vapid=vapid, public_key=public_key_of(vapid))


def vapid_keys() -> VapidKeys:
    private, public, data_dir = settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY, str(settings.DATA_DIR)
    cache_key = (private, public, data_dir)
    keys = _keys_cache.get(cache_key)
    if keys is not None:
        return keys
    with _keys_lock:
        if private:
            vapid = vapid_from_text(private)
            keys = VapidKeys(vapid=vapid, public_key=public_key_of(vapid))
            if public and public.strip().rstrip("=") != keys.public_key:
                raise ImproperlyConfigured("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY")
        elif public:
            raise ImproperlyConfigured("VAPID_PUBLIC_KEY is set without VAPID_PRIVATE_KEY")
        else:
            keys = _keys_from_file(Path(data_dir) / VAPID_FILE)
        _keys_cache[cache_key] = keys
    return keys


def application_server_key() -> str:
    """The public key browsers pass to pushManager.subscribe()."""
    return vapid_keys().public_key


_vapid_header_cache: dict[tuple[str, str], tuple[dict, float]] = {}


def vapid_headers(endpoint: str) -> dict[str, str]:
    """The Authorization header for a push service origin (`vapid t=<JWT>,k=<key>`), signed once per origin and
    reused until an hour before it expires."""
    keys = vapid_keys()
    parts = urlsplit(endpoint)
    audience = f"{parts.scheme}://{parts.netloc}"
    now = time.time()
    cached = _vapid_header_cache.get((keys.public_key, audience))
    if cached and cached[1] - 3600 > now:
        return cached[0]
    expires = int(now) + VAPID_LIFETIME
    headers = keys.vapid.sign({"aud": audience, "exp": expires, "sub": settings.VAPID_SUBJECT})
    _vapid_header_cache[(keys.public_key, audience)] = (headers, expires)
    return headers
