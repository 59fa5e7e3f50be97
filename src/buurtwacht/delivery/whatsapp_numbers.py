"""A person's WhatsApp number for police dispatches: given, confirmed with a 6-digit code sent over WhatsApp with an
explicit opt-in, and switched off in one step. Only Dutch mobile numbers (06...), stored as E.164 (+316...)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwacht.delivery import whatsapp
from buurtwacht.delivery.models import WhatsAppNumber
from buurtwacht.delivery.tasks import whatsapp_code_send

CODE_VALID = timedelta(minutes=15)
CODE_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)


def phone_normalise(raw: str) -> str:
    """'06-12345678', '+31 6 1234 5678', '0031612345678' -> '+31612345678'; anything else is refused."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"06\d{8}", digits):
        raise ValidationError(_("Vul een Nederlands mobiel nummer in, zoals 06 12345678."), code="phone")
    return "+31" + digits[1:]


def _code_hash(user_id: int, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{user_id}:{code}".encode(), hashlib.sha256).hexdigest()


def whatsapp_number_start(*, user, phone: str) -> WhatsAppNumber:
    """Store the number (not yet confirmed) and send a new code to it over WhatsApp after commit."""
    if not whatsapp.enabled():
        raise ValidationError(_("WhatsApp is op deze website niet ingesteld."), code="off")
    number = phone_normalise(phone)
    now = timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        row = WhatsAppNumber.objects.select_for_update().filter(user=user).first()
        if row and row.phone == number and row.code_sent_at and now - row.code_sent_at < RESEND_AFTER:
            raise ValidationError(_("Er is net een code verstuurd. Wacht een minuut voor een nieuwe."), code="wait")
        row, _created = WhatsAppNumber.objects.update_or_create(
            user=user,
            defaults={"phone": number, "code_hash": _code_hash(user.pk, code), "code_sent_at": now,
                      "code_attempts": 0, "confirmed_at": None},
        )  # fmt: skip
        transaction.on_commit(lambda: whatsapp_code_send(user.pk, code))
    return row


def whatsapp_number_confirm(*, user, code: str, consent: bool) -> WhatsAppNumber:
    """The code from WhatsApp and an explicit yes: from now on police dispatches also come over WhatsApp."""
    if not consent:
        raise ValidationError(_("Geef toestemming om politieberichten via WhatsApp te krijgen."), code="consent")
    with transaction.atomic():
        row = WhatsAppNumber.objects.select_for_update().filter(user=user, confirmed_at=None).first()
        if row is None or not row.code_hash or row.code_sent_at is None:
            raise ValidationError(_("Vraag eerst een code aan."), code="no_code")
        if row.code_attempts >= CODE_ATTEMPTS or timezone.now() - row.code_sent_at > CODE_VALID:
            raise ValidationError(_("Deze code is verlopen. Vraag een nieuwe code aan."), code="expired")
        if not hmac.compare_digest(row.code_hash, _code_hash(user.pk, (code or "").strip())):
            row.code_attempts += 1
            row.save(update_fields=["code_attempts"])
        else:
            row.confirmed_at = timezone.now()
            row.code_hash = ""
            row.save(update_fields=["confirmed_at", "code_hash"])
            return row
    raise ValidationError(_("Deze code klopt niet."), code="wrong")


def whatsapp_number_off(*, user) -> bool:
    """No more WhatsApp: the number is forgotten. True when there was one."""
    deleted, _rows = WhatsAppNumber.objects.filter(user=user).delete()
    return bool(deleted)

