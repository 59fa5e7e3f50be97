"""A group's photo or logo: checked in the request from its header only, re-encoded later by a task.

1. `photo_accept` (in the registration request): read at most MAX_BYTES, check format and pixel count from the
   header (core.images; nothing is decoded), and keep the file as received in private storage under a random
   name (`Group.photo_upload`). The group shows no photo yet.
2. After the registration commits, the task `groups.tasks.group_photo_task` runs `group_photo_process`: decode,
   apply the EXIF orientation, scale to at most MAX_SIDE, write a new file without any metadata (the EXIF of a
   phone photo can hold the GPS position of someone's home), under a new random name. Decoding runs outside any
   transaction; one conditional UPDATE then swaps the photo in, so a group changed meanwhile is not overwritten.
3. The photo is private (core.storage): `groups:photo` serves it only while the group is active.
"""

from __future__ import annotations

import contextlib
import logging
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from buurtwacht.groups.models import Group
from buurtwacht.kit.images import image_decode, image_encode, image_header
from buurtwacht.kit.storage import private_storage

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; a 12000 x 12000 image (144 Mpx) is refused
MAX_SIDE = 1600
FORMATS = ("JPEG", "PNG")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png"  # for <input type=file accept=...>
UPLOAD_FOLDER = "groups/incoming/"


def photo_accept(upload) -> str:
    """Check an uploaded photo from its header and keep it privately as received; returns its storage name.
    Refused with a Dutch message on the field "photo"."""
    try:
        image_header(upload, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS, formats=FORMATS)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}, code=exc.code) from None
    upload.seek(0)
    return private_storage().save(f"{UPLOAD_FOLDER}{secrets.token_urlsafe(18)}", upload)


def photo_discard(name: str) -> None:
    """Delete a stored file (a registration that failed after `photo_accept`, a replaced photo)."""
    if name:
        private_storage().delete(name)


def photo_reencode(data: bytes) -> ContentFile:
    """A new JPEG or PNG of at most MAX_SIDE, without metadata, under a random name."""
    image = image_decode(data, max_pixels=MAX_PIXELS, formats=FORMATS, side=MAX_SIDE)
    image_format = image.format
    # An unreadable orientation tag: keep the photo as it is stored.
    with contextlib.suppress(OSError, SyntaxError, ValueError, TypeError):
        image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if image_format == "JPEG":
        encoded, extension = image_encode(image, "JPEG", quality=85, optimize=True), "jpg"
    else:
        encoded, extension = image_encode(image, "PNG", optimize=True), "png"
    return ContentFile(encoded, name=f"{secrets.token_urlsafe(18)}.{extension}")


def group_photo_process(*, group_id: int) -> bool:
    """Re-encode the group's waiting upload and make it the group's photo. Returns whether a photo was set."""
    row = Group.objects.filter(pk=group_id).exclude(photo_upload="").values_list("photo_upload", "photo").first()
    if row is None:  # nothing waiting: done before, or the group is gone
        return False
    upload_name, old_photo = row
    storage = private_storage()
    try:
        with storage.open(upload_name, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        clean = photo_reencode(data)
    except (OSError, ValidationError) as exc:
        # Checked at upload, so only a file damaged beyond its header ends here: the group stays without photo.
        logger.warning("group %s: photo upload %s not usable: %s", group_id, upload_name, exc)
        Group.objects.filter(pk=group_id, photo_upload=upload_name).update(photo_upload="")
        photo_discard(upload_name)
        return False
    photo_name = storage.save(f"groups/{clean.name}", clean)
    swapped = Group.objects.filter(pk=group_id, photo_upload=upload_name).update(photo=photo_name, photo_upload="")
    photo_discard(upload_name)
    photo_discard(old_photo if swapped else photo_name)
    return bool(swapped)
