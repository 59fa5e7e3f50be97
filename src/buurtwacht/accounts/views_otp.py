"""The second factor's pages: setting up the authenticator app, and giving a code when signing in."""

from __future__ import annotations

import time
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtwacht.accounts.forms import CodeForm
from buurtwacht.accounts.permissions import second_factor_passed
from buurtwacht.accounts.services_otp import (
    has_confirmed_device,
    otp_device_pending,
    otp_setup_confirm,
    second_factor_check,
)
from buurtwacht.accounts.views_auth import landing_url, requested_next, with_next
from buurtwacht.kit.ratelimits import rate_limit

DEMO_DEVICE_NAME = "demo"


def grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@login_required
@rate_limit("login")
def otp_setup(request):
    user = request.user
    next_url = requested_next(request)
    if not user.needs_second_factor:
        return redirect(next_url or landing_url(user))
    if has_confirmed_device(user):
        # A second device only after giving a code from the first: otherwise a stolen password would be enough.
        if second_factor_passed(user):
            return redirect(next_url or landing_url(user))
        return redirect(with_next("accounts:otp_verify", next_url))
    device = otp_device_pending(user=user)
    form = CodeForm(request.POST or None, initial={"next": next_url})
    if request.method == "POST" and form.is_valid():
        try:
            codes = otp_setup_confirm(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            device.refresh_from_db()
            django_otp.login(request, device)
            context = {"codes": codes, "next_url": next_url or landing_url(user)}
            return render(request, "accounts/otp_backup_codes.html", context)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=5, border=2, title=_("QR-code voor de authenticator-app")),
        "secret": grouped(b32encode(device.bin_key).decode().rstrip("=")),
        "next_url": next_url,
    }
    return render(request, "accounts/otp_setup.html", context)


def demo_code(user) -> str | None:
    """Only in the demo (DEV_MODE), for a persona whose device is named "demo": the code the app would show now
    (or the next one, when the current one has just been used)."""
    if not settings.DEV_MODE:
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True, name=DEMO_DEVICE_NAME).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = time.time() + device.step
    return f"{totp.token():0{device.digits}d}"


@login_required
@rate_limit("login")
def otp_verify(request):
    user = request.user
    next_url = requested_next(request)
    if second_factor_passed(user):
        return redirect(next_url or landing_url(user))
    if not has_confirmed_device(user):
        return redirect(with_next("accounts:otp_setup", next_url))
    form = CodeForm(request.POST or None, initial={"next": next_url})
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_check(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device=device).count()
                messages.warning(
                    request,
                    ngettext(
                        "U heeft een reservecode gebruikt. U heeft nog %(count)d reservecode over.",
                        "U heeft een reservecode gebruikt. U heeft nog %(count)d reservecodes over.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url or landing_url(user))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "demo_code": demo_code(user), "next_url": next_url}
    )
