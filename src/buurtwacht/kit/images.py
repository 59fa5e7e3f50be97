"""Uploaded images, checked before they are decoded and re-encoded without their metadata (no domain imports).

A small file can hold a huge image: a 420 kB PNG of 12000 x 12000 pixels decodes to ~1.1 GB. So:
1. `image_header` reads at most `max_bytes` and only the header (Pillow's `Image.open` does not decode), and
   refuses an unknown format or more than `max_pixels` pixels, also when Pillow itself calls it a decompression
   bomb. Cheap enough for a request.
2. `image_decode` checks the header again and only then decodes (in a task, not in a request or a transaction).
3. `image_encode` writes a new image, so nothing of the original's metadata comes along (EXIF with the GPS position
   of someone's home, ICC, XMP, comments).
Refusals are ValidationErrors with a Dutch message and a code; the caller puts them on its field.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class ImageHeader:
    format: str  # Pillow's name: "JPEG", "PNG", ...
    width: int
    height: int
    data: bytes  # the file's bytes, as read (at most max_bytes)


def _megabytes(n: int) -> str:
    return f"{round(n / 1024 / 1024, 1):g} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} kB"


def _too_large(max_bytes: int) -> ValidationError:
    return ValidationError(
        gettext("Dit bestand is te groot: hooguit %(size)s. Kies een kleinere foto.") % {"size": _megabytes(max_bytes)},
        code="image_too_large",
    )


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        gettext(
            "Deze foto heeft te veel beeldpunten (hooguit %(megapixels)s miljoen). Kies een kleinere foto of maak "
            "een schermafbeelding."
        )
        % {"megapixels": f"{max_pixels / 1_000_000:g}"},
        code="image_too_many_pixels",
    )


def _not_an_image(formats: tuple[str, ...]) -> ValidationError:
    names = get_text_list(list(formats), gettext("of"))  # "JPEG, PNG of WebP"; in English "... or WebP"
    return ValidationError(
        gettext("Dit bestand is geen foto die we kunnen gebruiken. Kies een foto in %(formats)s.") % {"formats": names},
        code="image_not_image",
    )


def read_limited(upload, max_bytes: int) -> bytes:
    """The upload's bytes; refused when larger than `max_bytes` (without reading more than one byte past it)."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise ValidationError(gettext("Dit bestand is leeg. Kies een foto."), code="image_empty")
    return data


# `warnings.catch_warnings` swaps the process-wide filter list; two threads doing so at once could leave the error
# filter in place for good. The lock keeps our own calls from overlapping.
_WARNINGS_LOCK = threading.Lock()


def _open(data: bytes, *, max_pixels: int, formats: tuple[str, ...]) -> Image.Image:
    """Open (header only) with only the decoders of `formats`, and check the size before anything is decoded."""
    with _WARNINGS_LOCK, warnings.catch_warnings():
        # Pillow warns above Image.MAX_IMAGE_PIXELS and refuses above twice that: both are a refusal here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(formats))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(max_pixels) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise _not_an_image(formats) from None
    width, height = image.size
    # Pillow calls a JPEG with extra frames (some phones and cameras) "MPO": it is a JPEG.
    found = "JPEG" if image.format == "MPO" else image.format
    if found not in formats or width <= 0 or height <= 0:
        raise _not_an_image(formats)
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    return image


def image_header(upload, *, max_bytes: int, max_pixels: int, formats: tuple[str, ...]) -> ImageHeader:
    """Read the upload and check its format and size from the header alone; nothing is decoded."""
    data = read_limited(upload, max_bytes)
    with _open(data, max_pixels=max_pixels, formats=formats) as image:
        return ImageHeader(format=image.format, width=image.width, height=image.height, data=data)


def image_decode(data: bytes, *, max_pixels: int, formats: tuple[str, ...], side: int | None = None) -> Image.Image:
    """Check the header, then decode. For a JPEG much larger than `side`, decode at a reduced scale (less memory)."""
    image = _open(data, max_pixels=max_pixels, formats=formats)
    try:
        if side and image.format == "JPEG":
            image.draft("RGB", (side, side))
        image.load()
    except Image.DecompressionBombError:
        raise _too_many_pixels(max_pixels) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            gettext("Deze foto is beschadigd of niet helemaal verstuurd. Kies een andere foto."), code="image_damaged"
        ) from None
    return image


def image_encode(image: Image.Image, image_format: str, **params) -> bytes:
    """The pixels of `image` in a new file of `image_format`: a new image carries no info dict, so nothing of the
    original's metadata can leak. RGBA stays RGBA in PNG (a logo's transparency); everything else becomes RGB."""
    mode = "RGBA" if image_format == "PNG" and image.mode in ("RGBA", "LA", "PA") else "RGB"
    if image.mode == "P" and "transparency" in image.info and image_format == "PNG":
        mode = "RGBA"
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    out = io.BytesIO()
    clean.save(out, format=image_format, **params)
    return out.getvalue()
