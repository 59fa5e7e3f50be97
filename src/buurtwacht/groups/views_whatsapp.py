"""Pages of a group that lives on WhatsApp: for its admins where the group alerts, the private invite link, who
has not opened it yet and the message inviting WhatsApp members to Buurtwacht; for its members the way into the
WhatsApp group (groups.whatsapp)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from buurtwacht.groups import whatsapp
from buurtwacht.groups.forms import AlertPlaceForm, WhatsappRenewForm
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import administered_group
from buurtwacht.kit.forms import add_service_error


@never_cache
@login_required
def whatsapp_manage(request, slug: str):
    group = administered_group(request.user, slug=slug)
    place_form = AlertPlaceForm(initial={"alert_place": group.alert_place})
    renew_form = WhatsappRenewForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "renew":
            renew_form = WhatsappRenewForm(request.POST)
            if renew_form.is_valid():
                try:
                    whatsapp.whatsapp_link_renew(group=group, admin=request.user, **renew_form.cleaned_data)
                except ValidationError as exc:
                    add_service_error(renew_form, exc)
                else:
                    messages.success(
                        request, _("De nieuwe link is opgeslagen. Alle deelnemers zien vanaf nu alleen deze link.")
                    )
                    return redirect("groups:whatsapp_manage", slug=group.slug)
        else:
            place_form = AlertPlaceForm(request.POST)
            if place_form.is_valid():
                try:
                    whatsapp.group_alert_place_update(group=group, admin=request.user, **place_form.cleaned_data)
                except ValidationError as exc:
                    add_service_error(place_form, exc)
                else:
                    messages.success(request, _("Opgeslagen: waar uw groep meldt."))
                    return redirect("groups:whatsapp_manage", slug=group.slug)
    relevant = whatsapp.switch_relevant(group)
    if relevant:
        group = whatsapp.switch_message_shown(group=group, admin=request.user)
    context = {
        "group": group,
        "place_form": place_form,
        "renew_form": renew_form,
        "not_opened": whatsapp.members_not_opened(group) if group.whatsapp_link else [],
        "switch": whatsapp.switch_message(group) if relevant else None,
    }
    return render(request, "groups/whatsapp_manage.html", context)


@never_cache
@login_required
def whatsapp_open(request, slug: str):
    """The way into the WhatsApp group: admitted members only; records the first opening, then redirects."""
    group = get_object_or_404(Group.objects.active(), slug=slug)
    try:
        link = whatsapp.whatsapp_link_open(group=group, user=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError:
        raise Http404 from None
    return HttpResponseRedirect(link)
