"""Keys for control-room systems (PoliceToken): made once by `buurtwacht police-token`, which prints the key; only
its SHA-256 hash is stored, so a stolen database gives no working key. A key is bound to gemeenten and can be
revoked in the back office; it never expires by itself (a control-room system runs for years).

The key is "bwp_" and 43 URL-safe characters (32 random bytes); its first 12 characters are kept readable to tell
keys apart in the back office and in logs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwacht.geo.models import Gemeente
from buurtwacht.police.models import PoliceToken

KEY_PREFIX = "bwp_"
_KEY = re.compile(r"^bwp_[A-Za-z0-9_-]{43}$")
_SHOWN = 12  # characters of the key kept in PoliceToken.prefix
LAST_USED_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most this often per key


class TokenRefused(Exception):
    """Why a key does not open the API: `reason` is "missing", "malformed", "unknown" or "revoked"."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)

    @property
    def message(self) -> str:
        return {
            "missing": _("Geef de sleutel van uw meldkamerkoppeling mee, als: Authorization: Bearer <sleutel>."),
            "malformed": _(
                "Deze sleutel heeft niet de juiste vorm. Geef hem mee als: Authorization: Bearer bwp_... "
                "(de hele sleutel zoals die bij het aanmaken is getoond)."
            ),
            "unknown": _(
                "Deze sleutel kennen we niet. Vraag de beheerder van Buurtwacht om een nieuwe sleutel "
                "(buurtwacht police-token)."
            ),
            "revoked": _("Deze sleutel is ingetrokken. Vraag de beheerder van Buurtwacht om een nieuwe sleutel."),
        }[self.reason]


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def gemeenten_by_code(codes: Iterable[str]) -> list[Gemeente]:
    """The gemeenten named by CBS code ("GM0363", or "0363"); ValueError naming the codes we do not know."""
    wanted = []
    for code in codes:
        code = code.strip().upper()
        wanted.append(code if code.startswith("GM") else f"GM{code}")
    found = {g.code: g for g in Gemeente.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise ValueError(_("Deze gemeentecodes kennen we niet: %(codes)s.") % {"codes": ", ".join(unknown)})
    if not found:
        raise ValueError(_("Noem minstens één gemeente."))
    return [found[code] for code in dict.fromkeys(wanted)]


def token_create(*, label: str, gemeenten: Iterable[Gemeente]) -> tuple[PoliceToken, str]:
    """A new key for these gemeenten. Returns the row and the key itself, which is shown this once and never
    stored."""
    label = label.strip()
    gemeenten = list(gemeenten)
    if not label:
        raise ValueError(_("Geef de sleutel een naam, bijvoorbeeld die van de meldkamer."))
    if not gemeenten:
        raise ValueError(_("Noem minstens één gemeente."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = PoliceToken.objects.create(label=label[:100], key_hash=_digest(key), prefix=key[:_SHOWN])
        token.gemeenten.set(gemeenten)
    return token, key


def token_authenticate(key: str | None) -> PoliceToken:
    """The active PoliceToken for this key, or TokenRefused. The key is found by its hash (a lookup that tells an
    attacker nothing about how close a guess was) and compared once more in constant time."""
    key = (key or "").strip()
    if not key:
        raise TokenRefused("missing")
    if not _KEY.match(key):
        raise TokenRefused("malformed")
    digest = _digest(key)
    token = PoliceToken.objects.filter(key_hash=digest).first()
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        raise TokenRefused("unknown")
    if token.revoked_at is not None:
        raise TokenRefused("revoked")
    _touch(token)
    return token


def _touch(token: PoliceToken) -> None:
    """Record the use, at most once a minute per key: one conditional UPDATE, none on most requests."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
    if PoliceToken.objects.filter(stale, pk=token.pk).update(last_used_at=now):
        token.last_used_at = now


def token_revoke(*, token: PoliceToken) -> bool:
    """Revoke the key at once (its next request answers 401). False when it was revoked already."""
    now = timezone.now()
    revoked = PoliceToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    if revoked:
        token.revoked_at = now
    return bool(revoked)
