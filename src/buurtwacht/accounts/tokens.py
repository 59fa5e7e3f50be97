"""The link in the verification mail: a signed token naming the account, its address and where to go next.

The token carries the e-mail address it was sent to, so a link stops working once the address changes; it
expires after VERIFY_MAX_AGE. It is signed with SECRET_KEY (django.core.signing); nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VERIFY_SALT = "buurtwacht.accounts.verify"
VERIFY_MAX_AGE = timedelta(days=3)


@dataclass(frozen=True)
class VerifyClaim:
    user_id: int
    email: str
    next_url: str = ""


def verify_token_make(user, next_url: str = "") -> str:
    payload = {"u": user.pk, "e": user.email}
    if next_url:
        payload["n"] = next_url
    return signing.dumps(payload, salt=VERIFY_SALT, compress=True)


def verify_token_read(token: str) -> VerifyClaim:
    """The claim in a token; ValidationError (code "expired" or "invalid", Dutch message) when it is not good."""
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("Deze bevestigingslink is verlopen. Een link werkt %(days)d dagen. Vraag hieronder een nieuwe aan.")
            % {"days": VERIFY_MAX_AGE.days},
            code="expired",
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(
            _(
                "Deze bevestigingslink klopt niet. Kopieer de hele link uit de e-mail, of vraag hieronder een nieuwe "
                "aan."
            ),
            code="invalid",
        ) from exc
    try:
        return VerifyClaim(user_id=int(payload["u"]), email=str(payload["e"]), next_url=str(payload.get("n", "")))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(_("Deze bevestigingslink klopt niet."), code="invalid") from exc
