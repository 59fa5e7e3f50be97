"""Storage for files that are not public (no domain imports): outside MEDIA_ROOT, served only by views that check
who asks. Alert photos have the same in alerts.models; group photos use this one."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    """A callable, so that migrations name this function rather than a machine's folder."""
    return _private


def private_jpeg(field) -> FileResponse:
    """A private JPEG (an alert's or a police message's photo) for a viewer the view already checked: 404 when
    the field is empty or its file is gone; never stored by a browser or proxy."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
