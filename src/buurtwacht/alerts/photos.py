"""Photos on an alert (house rule 8: only when needed for the description): checked, re-encoded, stripped.

`process_photo` turns an upload into a clean JPEG and a thumbnail, or refuses it with a Dutch message:
1. Refuse a file larger than ALERT_PHOTO_MAX_BYTES before reading it.
2. Open it with only the JPEG, PNG and WebP decoders; anything else (text, PDF, SVG, GIF, HEIC) is not a photo
   we take. iPhones send JPEG from a browser's file picker, so HEIC needs no extra decoder.
3. Refuse a decompression bomb from the header, before decoding: more pixels than ALERT_PHOTO_MAX_PIXELS, or
   Pillow's own DecompressionBombWarning, which is an error for this call only.
4. Decode it fully (a truncated or damaged file fails here), apply the EXIF orientation, convert to RGB (on
   white where it was transparent), limit the long side to MAX_SIDE.
5. Write a new image - so nothing of the original's metadata comes along: no EXIF (GPS, camera, time), no ICC
   profile, no XMP, no comments - as JPEG, and a THUMBNAIL_SIDE thumbnail, under a random name.
"""

from __future__ import annotations

import contextlib
import io
import secrets
import threading
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
DECODERS = ["JPEG", "PNG", "WEBP"]
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})  # MPO: a JPEG with extra frames (some cameras)
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"  # for <input type=file accept=...>


@dataclass(frozen=True)
class ProcessedPhoto:
    image: ContentFile  # JPEG, long side at most MAX_SIDE, no metadata; .name is "<token>.jpg"
    thumbnail: ContentFile  # JPEG, long side at most THUMBNAIL_SIDE; .name is "<token>-klein.jpg"
    width: int
    height: int


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _not_a_photo() -> ValidationError:
    return _refuse(
        gettext("Dit bestand is geen foto die we kunnen plaatsen. Kies een foto in JPEG, PNG of WebP."),
        "photo_not_image",
    )


def _read(uploaded, max_bytes: int) -> bytes:
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise _refuse(gettext("Dit bestand is leeg. Kies een foto."), "photo_empty")
    return data


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{round(n / 1024 / 1024, 1):g} MB"
    return f"{max(n // 1024, 1)} kB"


def _too_large(max_bytes: int) -> ValidationError:
    return _refuse(
        gettext("Deze foto is te groot: hooguit %(size)s. Kies een kleinere foto of maak een schermafbeelding.")
        % {"size": _size(max_bytes)},
        "photo_too_large",
    )


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return _refuse(
        gettext(
            "Deze foto heeft te veel beeldpunten (hooguit %(megapixels)s miljoen). Kies een kleinere foto of maak "
            "een schermafbeelding."
        )
        % {"megapixels": f"{max_pixels / 1_000_000:g}"},
        "photo_too_many_pixels",
    )


def _damaged() -> ValidationError:
    return _refuse(
        gettext("Deze foto is beschadigd of niet helemaal verstuurd. Probeer het nog eens of kies een andere foto."),
        "photo_damaged",
    )


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    # A new image carries no info dict: nothing of the original (EXIF, ICC, XMP, comments) can leak.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


# `warnings.catch_warnings` swaps the process-wide filter list and puts it back on exit; two threads doing so at
# once could leave the error filter in place for good. The lock keeps our own calls from overlapping; the
# filter is only needed around Image.open, which reads the header (that is where Pillow checks the size).
_WARNINGS_LOCK = threading.Lock()


def _open_header(data: bytes, max_pixels: int) -> Image.Image:
    with _WARNINGS_LOCK, warnings.catch_warnings():
        # Only inside this block: Pillow's warning about a suspiciously large image becomes an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data), formats=DECODERS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(max_pixels) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _not_a_photo() from None


def _checked_header(data: bytes, max_pixels: int) -> Image.Image:
    """Steps 2 and 3: the format and the pixel count, read from the header; nothing is decoded yet."""
    image = _open_header(data, max_pixels)
    if image.format not in ACCEPTED_FORMATS:
        raise _not_a_photo()
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _damaged()
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    return image


def photo_check(uploaded) -> None:
    """Steps 1 to 3 (size, type, pixels), without decoding: cheap, so the service runs it before any other work."""
    _checked_header(_read(uploaded, settings.ALERT_PHOTO_MAX_BYTES), settings.ALERT_PHOTO_MAX_PIXELS)


def _open_checked(data: bytes, max_pixels: int) -> Image.Image:
    """Open and fully decode; refuse bombs from the header and anything Pillow cannot read."""
    image = _checked_header(data, max_pixels)
    try:
        if image.format in ("JPEG", "MPO"):
            # Decode at a reduced scale where the photo is much larger than we keep (fast, less memory).
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
        image.load()
    except Image.DecompressionBombError:
        raise _too_many_pixels(max_pixels) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _damaged() from None
    return image


def process_photo(uploaded) -> ProcessedPhoto:
    """A clean JPEG and thumbnail of an uploaded photo; ValidationError (Dutch) for anything else."""
    data = _read(uploaded, settings.ALERT_PHOTO_MAX_BYTES)
    image = _open_checked(data, settings.ALERT_PHOTO_MAX_PIXELS)
    # An unreadable orientation tag: keep the photo as it is stored.
    with contextlib.suppress(OSError, SyntaxError, ValueError, TypeError):
        image = ImageOps.exif_transpose(image)
    image = _rgb(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)

    token = secrets.token_urlsafe(18)
    return ProcessedPhoto(
        image=ContentFile(_jpeg(image, JPEG_QUALITY), name=f"{token}.jpg"),
        thumbnail=ContentFile(_jpeg(thumbnail, THUMBNAIL_QUALITY), name=f"{token}-klein.jpg"),
        width=image.width,
        height=image.height,
    )
