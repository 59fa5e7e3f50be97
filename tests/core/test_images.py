"""core.images: uploads are checked from their header before anything is decoded, and re-encoded without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from buurtwacht.kit.images import image_decode, image_encode, image_header
from tests.images import encoded, jpeg_with_gps, png_bomb, png_header_only

LIMITS = {"max_bytes": 5 * 1024 * 1024, "max_pixels": 40_000_000, "formats": ("JPEG", "PNG")}


def refusal(data: bytes, **limits) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        image_header(SimpleUploadedFile("foto.png", data), **{**LIMITS, **limits})
    return caught.value


def test_a_small_file_holding_a_huge_image_is_refused_by_its_pixel_count():
    data = png_bomb()
    assert len(data) < 100_000, "a small file"
    error = refusal(data)
    assert error.code == "image_too_many_pixels"
    assert "te veel beeldpunten (hooguit 40 miljoen)" in error.messages[0]


def test_the_pixel_count_is_read_from_the_header_alone():
    # Pixels missing: decoding would fail. The refusal names the size, so it came from the header.
    assert refusal(png_header_only(12_000, 12_000)).code == "image_too_many_pixels"
    header = image_header(SimpleUploadedFile("a.png", png_header_only(800, 600)), **LIMITS)
    assert (header.format, header.width, header.height) == ("PNG", 800, 600)


def test_pillows_own_bomb_check_is_a_refusal_too():
    # 100 Mpx is above Pillow's warning limit: with a generous limit of our own, Pillow's check still refuses.
    assert Image.MAX_IMAGE_PIXELS < 100_000_000
    assert refusal(png_header_only(10_000, 10_000), max_pixels=10**9).code == "image_too_many_pixels"


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read():
    error = refusal(encoded(Image.new("RGB", (10, 10))), max_bytes=50)
    assert error.code == "image_too_large" and "hooguit 1 kB" in error.messages[0]


@pytest.mark.parametrize(
    "data", [b"geen foto", encoded(Image.new("RGB", (10, 10)), "GIF"), b""], ids=["text", "gif", "empty"]
)
def test_anything_but_the_allowed_formats_is_refused_in_dutch(data):
    error = refusal(data)
    assert error.code in ("image_not_image", "image_empty")
    assert "JPEG of PNG" in error.messages[0] or "leeg" in error.messages[0]


def test_a_damaged_image_passes_the_header_and_is_refused_when_decoded():
    data = png_header_only(800, 600)
    with pytest.raises(ValidationError, match="beschadigd"):
        image_decode(data, max_pixels=40_000_000, formats=("PNG",))


def test_a_re_encoded_image_carries_no_metadata():
    image = image_decode(jpeg_with_gps(), max_pixels=40_000_000, formats=("JPEG",), side=1600)
    assert image.getexif(), "the source carries EXIF"
    result = Image.open(io.BytesIO(image_encode(image, "JPEG", quality=85)))
    assert not result.getexif() and "icc_profile" not in result.info
