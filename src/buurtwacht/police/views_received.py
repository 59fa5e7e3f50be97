"""A police message as the admins and residents it reached see it: its page (the text as the police wrote it, the
map, updates and the end, a tap to call 112, and what they can do with it), the list of what they received, its
photo, and a resident's "Ik heb informatie". Passing it on is in views_forward.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from buurtwacht.accounts.permissions import second_factor_required
from buurtwacht.delivery.selectors import last_event_id
from buurtwacht.kit.forms import add_service_error
from buurtwacht.kit.storage import private_jpeg
from buurtwacht.police import access, selectors, services, text
from buurtwacht.police.forms import TipForm
from buurtwacht.police.models import Forward, MessageKind, PoliceMessage


def received_message(request, pk: int) -> PoliceMessage:
    """The message, for one of the people it reached; 404 for anyone else (it does not say that it exists)."""
    message = get_object_or_404(PoliceMessage.objects.prefetch_related("updates"), pk=pk)
    if not services.is_recipient(message=message, user=request.user):
        raise Http404
    return message


def area_features(message: PoliceMessage) -> dict:
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": message.area, "properties": {}}]}


def _share_rows(message: PoliceMessage, user) -> list[dict]:
    """Per group this person may pass the message into: the post in the group if there is one (by whom, when),
    and everything the group's admins did with it."""
    groups = services.groups_to_forward(message=message, user=user)
    forwards = Forward.objects.filter(message=message, group__in=groups).select_related("user")
    rows = []
    for group in groups:
        done = [f for f in forwards if f.group_id == group.pk]
        rows.append(
            {
                "group": group,
                "post": next((f for f in done if f.channel == "groep"), None),
                "forwards": done,
                "whatsapp": reverse("police:whatsapp", args=[message.pk, group.pk]),
            }
        )
    return rows


def _page(request, message: PoliceMessage):
    is_area_alert = message.kind == MessageKind.AREA_ALERT
    context = {
        "message": message,
        "shares": _share_rows(message, request.user),
        "share_text": text.message_text(message),
        "copy_open": "kopieer" in request.GET,
        "tip_form": TipForm() if is_area_alert else None,
        "area_features": area_features(message),
        "photo": bool(message.photo),
        "live_since": last_event_id(request.user),
    }
    return render(request, "police/received.html", context)


@never_cache
@second_factor_required
def received(request, pk: int):
    message = received_message(request, pk)
    services.message_seen(message=message, user=request.user)
    return _page(request, message)


@never_cache
@second_factor_required
def received_list(request):
    """ "Politieberichten": what this person received from the police, as admin or as resident. Police are never
    the audience of police messages: they have the console."""
    if request.user.is_police:
        raise PermissionDenied
    context = {
        "messages_received": list(selectors.received_by(request.user).prefetch_related("updates")),
        "live_since": last_event_id(request.user),
    }
    return render(request, "police/received_list.html", context)


@require_GET
@second_factor_required
def photo(request, pk: int):
    """The message's photo, for its recipients, the members of a group it was posted into, and the police of its
    gemeente. A missing person's photo is gone once the message is closed."""
    message = get_object_or_404(PoliceMessage, pk=pk)
    if not access.can_see_photo(message, request.user):
        raise Http404
    return private_jpeg(message.photo)


@never_cache
@second_factor_required
def tip(request, pk: int):
    """ "Ik heb informatie": a resident the area alert reached tells the police, and only them."""
    message = received_message(request, pk)
    if message.kind != MessageKind.AREA_ALERT:
        raise Http404
    form = TipForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tip_send(
                message=message, user=request.user, text_=form.cleaned_data["text"], photo=form.cleaned_data["photo"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Dank u. Uw informatie is naar de politie gestuurd; alleen de politie leest het.")
            )
            return redirect("police:received", pk=message.pk)
    return render(request, "police/tip.html", {"message": message, "tip_form": form})
