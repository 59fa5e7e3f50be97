"""POST /api/v1/groups/{id}/whatsapp-history: an admin uploads the group's WhatsApp chat export (multipart, field
`export`, .txt or .zip, at most 20 MB); only counts per month are kept (session sign-in, CSRF)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth

from buurtwacht.groups.permissions import administered_group
from buurtwacht.kit.api_errors import errors
from buurtwacht.municipality.chathistory import services
from buurtwacht.municipality.chathistory.chat_export import MAX_UPLOAD_BYTES

router = Router(auth=django_auth, tags=["groups"])


class ImportOut(Schema):
    months: int
    messages: int
    first_month: dt.date
    last_month: dt.date


@router.post("/groups/{int:group_id}/whatsapp-history", response={201: ImportOut, **errors(400, 401, 403, 404)},
             url_name="chathistory_upload",
             summary="Read a WhatsApp chat export into counts per month; no text or names are kept (its admins)")
def history_upload(request: HttpRequest, group_id: int, export: File[UploadedFile] = None):
    group = administered_group(request.user, pk=group_id)
    if export is None:
        raise ValidationError(_("Kies het bestand met de chatexport (veld 'export')."))
    if export.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Dit bestand is te groot: de grens is 20 MB."))
    result = services.chat_history_import(group=group, data=export.read())
    return Status(201, {
        "months": result.months, "messages": result.messages,
        "first_month": result.first_month, "last_month": result.last_month,
    })
