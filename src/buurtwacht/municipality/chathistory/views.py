"""The admin's page to read in the group's WhatsApp history (counts only). The file is read in memory and never
kept: Django's upload handlers drop any temporary file at the end of the request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from buurtwacht.groups.permissions import administered_group
from buurtwacht.kit.forms import add_service_error
from buurtwacht.municipality.chathistory import selectors, services
from buurtwacht.municipality.chathistory.forms import UploadForm


@never_cache
@login_required
def upload(request, slug: str):
    group = administered_group(request.user, slug=slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["export"]
        try:
            result = services.chat_history_import(group=group, data=upload_file.read())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, ngettext(
                "De export is ingelezen: %(messages)s berichten in %(months)s maand (%(first)s tot en met "
                "%(last)s). Het bestand is niet bewaard.",
                "De export is ingelezen: %(messages)s berichten in %(months)s maanden (%(first)s tot en met "
                "%(last)s). Het bestand is niet bewaard.",
                result.months,
            ) % {
                "messages": result.messages, "months": result.months,
                "first": date_format(result.first_month, "F Y"), "last": date_format(result.last_month, "F Y"),
            })
            return redirect("chathistory:upload", slug=group.slug)
    context = {"group": group, "form": form, "months": selectors.months_of_group(group)}
    return render(request, "chathistory/upload.html", context)
