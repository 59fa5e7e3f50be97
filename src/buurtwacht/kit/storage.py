"""Storage for files that are not public (no domain imports): outside MEDIA_ROOT, served only by views that check
who asks. Alert photos have the same in alerts.models; group photos use this one."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    """A callable, so that migrations name this function rather than a machine's folder."""
    return _private
