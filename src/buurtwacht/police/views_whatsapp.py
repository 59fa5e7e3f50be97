"""Admins choose WhatsApp for police dispatches: a Dutch mobile number, a 6-digit code sent over WhatsApp, an
explicit yes; off again in one step. Only admins of a group (who receive dispatches); never police accounts. With
WhatsApp not configured the page says so and offers nothing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtwacht.accounts.permissions import second_factor_required
from buurtwacht.delivery import whatsapp
from buurtwacht.delivery.models import WhatsAppNumber
from buurtwacht.delivery.whatsapp_numbers import (
    whatsapp_number_confirm,
    whatsapp_number_off,
    whatsapp_number_start,
)
from buurtwacht.groups.models import MemberRole, Membership
from buurtwacht.kit.forms import PublicForm, add_service_error
from buurtwacht.kit.ratelimits import wait_message, wait_seconds


class PhoneForm(PublicForm):
    phone = forms.CharField(
        label=gettext_lazy("Mobiel nummer"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class CodeForm(PublicForm):
    code = forms.CharField(
        label=gettext_lazy("Code uit WhatsApp (6 cijfers)"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    consent = forms.BooleanField(
        label=gettext_lazy("Ja, stuur mij politieberichten voor mijn groep ook via WhatsApp op dit nummer."),
        required=False,
    )


def _admin_only(user) -> None:
    if user.is_police or not Membership.objects.filter(user=user, role=MemberRole.ADMIN).exists():
        raise PermissionDenied


@never_cache
@second_factor_required
def settings_page(request):
    user = request.user
    _admin_only(user)
    number = WhatsAppNumber.objects.filter(user=user).first()
    step = request.POST.get("stap", "") if request.method == "POST" else ""
    phone_form = PhoneForm(request.POST if step == "nummer" else None)
    code_form = CodeForm(request.POST if step == "code" else None)
    if step == "nummer" and phone_form.is_valid():
        wait = wait_seconds(request, "whatsapp_code", key="user")
        if wait:
            phone_form.add_error(None, wait_message(wait))
    if step == "nummer" and phone_form.is_valid():
        try:
            whatsapp_number_start(user=user, phone=phone_form.cleaned_data["phone"])
        except ValidationError as exc:
            add_service_error(phone_form, exc)
        else:
            messages.success(request, _("We hebben een code via WhatsApp gestuurd."))
            return redirect("police:whatsapp_settings")
    if step == "code" and code_form.is_valid():
        try:
            whatsapp_number_confirm(
                user=user, code=code_form.cleaned_data["code"], consent=code_form.cleaned_data["consent"]
            )
        except ValidationError as exc:
            add_service_error(code_form, exc)
            number = WhatsAppNumber.objects.filter(user=user).first()
        else:
            messages.success(request, _("Politieberichten komen nu ook via WhatsApp."))
            return redirect("police:whatsapp_settings")
    context = {
        "enabled": whatsapp.enabled(),
        "number": number,
        "phone_form": phone_form,
        "code_form": code_form,
    }
    return render(request, "police/whatsapp_settings.html", context)


@require_POST
@second_factor_required
def off(request):
    _admin_only(request.user)
    if whatsapp_number_off(user=request.user):
        messages.success(request, _("Politieberichten komen niet meer via WhatsApp."))
    return redirect("police:whatsapp_settings")
