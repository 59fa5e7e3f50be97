"""Residents switch police area alerts on and off ("Buurtalerts van de politie"): for the home address and one
more (work, say), with push and/or e-mail. Any signed-in person may, member of a group or not; police accounts
may not, since the police are never the audience of their own messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buurtwacht.accounts.permissions import second_factor_required
from buurtwacht.kit.forms import add_service_error
from buurtwacht.police import selectors, services
from buurtwacht.police.forms import OptInForm

KINDS = {"thuis": True, "ander": False}


def _not_police(user) -> None:
    if user.is_police:
        raise PermissionDenied


def _forms(user, optins, bound: str = "", data=None) -> dict[str, OptInForm]:
    home = next((o for o in optins if o.is_home), None)
    other = next((o for o in optins if not o.is_home), None)
    initial = {
        "thuis": OptInForm.initial_for(home, address=user.address),
        "ander": OptInForm.initial_for(other) if other else {"push": True, "email": True},
    }
    return {
        kind: OptInForm(data if kind == bound else None, is_home=is_home, initial=initial[kind])
        for kind, is_home in KINDS.items()
    }


@never_cache
@second_factor_required
def optins(request):
    user = request.user
    _not_police(user)
    current = selectors.optins_of(user)
    kind = request.POST.get("soort", "") if request.method == "POST" else ""
    if request.method == "POST" and kind not in KINDS:
        messages.error(request, _("Kies of het om uw woonadres of een ander adres gaat."))
        return redirect("police:optins")
    forms = _forms(user, current, kind, request.POST)
    if kind:
        form = forms[kind]
        if form.is_valid():
            try:
                saved = services.optin_save(user=user, **form.service_kwargs())
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Buurtalerts van de politie staan aan voor %(address)s.") % {"address": saved.address},
                )
                return redirect("police:optins")
    context = {
        "optins": current,
        "home_form": forms["thuis"],
        "other_form": forms["ander"],
        "has_home": any(o.is_home for o in current),
        "has_other": any(not o.is_home for o in current),
        "has_push_device": user.push_subscriptions.exists(),
    }
    return render(request, "police/optins.html", context)


@require_POST
@second_factor_required
def optin_off(request, pk: int):
    _not_police(request.user)
    if not services.optin_delete(user=request.user, pk=pk):
        raise Http404
    messages.success(request, _("Buurtalerts staan uit voor dit adres."))
    return redirect("police:optins")
