"""The second factor (TOTP, django-otp) for municipal staff, police and platform administrators.

Set-up: an unconfirmed TOTP device is made; the person scans its QR code and types a code; that confirms the device
and makes ten single-use backup codes. Sign-in: a six-digit code from the app, or a backup code.

A wrong code counts towards django-otp's throttling (each failure doubles the wait). That count must survive the
error, so the checks below are not wrapped in one transaction with the ValidationError they raise.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtwacht.accounts.models import User

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
BACKUP_DEVICE_NAME = "backup"


def _throttled() -> ValidationError:
    return ValidationError(
        _("U heeft te vaak een verkeerde code ingevuld. Wacht een minuut en probeer het dan opnieuw."), code="throttled"
    )


def _wrong() -> ValidationError:
    return ValidationError(
        _(
            "Deze code klopt niet. Vul de code in die nu in de app staat (en kijk of de klok van uw telefoon goed "
            "staat), of een van uw reservecodes."
        ),
        code="wrong",
    )


def normalise_code(raw: str) -> str:
    return "".join((raw or "").split()).replace("-", "").lower()


def has_confirmed_device(user: User) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


@transaction.atomic
def otp_device_pending(*, user: User) -> TOTPDevice:
    """The TOTP device being set up: the unconfirmed one made earlier (so a reload shows the same QR code), or a
    new one. Refused once the person has a confirmed device: a new device is added only after giving a code."""
    if has_confirmed_device(user):
        raise ValidationError(_("U heeft de tweestapsverificatie al ingesteld."), code="exists")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def otp_setup_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm `device` with a code from the app; returns the new backup codes (shown once, stored as given)."""
    if device.user_id != user.pk or device.confirmed or has_confirmed_device(user):
        raise ValidationError(_("Deze instelling is niet meer geldig. Begin opnieuw."), code="stale")
    code = normalise_code(code)
    if not (code.isdigit() and len(code) == device.digits):
        raise ValidationError(_("Vul de code van %(digits)d cijfers uit de app in.") % {"digits": device.digits})
    if not device.verify_is_allowed()[0]:
        raise _throttled()
    if verify_token(user, device.persistent_id, code) is None:
        raise _wrong()
    return _confirm(user, device)


@transaction.atomic
def _confirm(user: User, device: TOTPDevice) -> list[str]:
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.confirmed = True
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return backup_codes_renew(user=user)


@transaction.atomic
def backup_codes_renew(*, user: User) -> list[str]:
    """Ten new single-use backup codes; earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def second_factor_check(*, user: User, code: str):
    """The device that accepts `code`: six digits are tried on the app (TOTP), anything else on the backup codes
    (which then stop working). ValidationError (Dutch) when none does or after too many wrong codes."""
    code = normalise_code(code)
    if not code:
        raise ValidationError(_("Vul de code in."), code="required")
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    devices = list(model.objects.devices_for_user(user, confirmed=True))
    if devices and not any(device.verify_is_allowed()[0] for device in devices):
        raise _throttled()
    for device in devices:
        accepted = verify_token(user, device.persistent_id, code)
        if accepted is not None:
            return accepted
    raise _wrong()
