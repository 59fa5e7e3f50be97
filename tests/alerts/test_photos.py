"""Photos: only real JPEG/PNG/WebP images within limits; re-encoded without metadata, oriented, made smaller."""

import io
import struct
import warnings
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from buurtwacht.alerts.models import AlertPhoto
from buurtwacht.alerts.photos import MAX_SIDE, THUMBNAIL_SIDE, process_photo

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def encoded(image: Image.Image, fmt: str = "JPEG", **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def upload(data: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height in its header, followed by a scrap of data: a crafted bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def photo_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "Canon"
    exif[0x0132] = "2026:11:20 21:04:00"  # DateTime
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (52.0, 0.0, 18.0), 3: "E", 4: (5.0, 0.0, 16.0)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encoded(Image.new("RGB", (300, 200), (10, 120, 200)), exif=exif.tobytes(), icc_profile=icc, comment=b"thuis")


def refusal(data: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        process_photo(upload(data, **kwargs))
    return refused.value


def test_gps_camera_and_colour_profile_are_stripped():
    original = photo_with_metadata()
    source = Image.open(io.BytesIO(original))
    assert source.getexif().get_ifd(GPS_IFD)[2] == (52.0, 0.0, 18.0)  # the test photo really has them
    assert "icc_profile" in source.info and source.info.get("comment") == b"thuis"

    photo = process_photo(upload(original))
    for content in (photo.image, photo.thumbnail):
        data = content.read()
        result = Image.open(io.BytesIO(data))
        assert result.format == "JPEG" and result.mode == "RGB"
        assert len(result.getexif()) == 0 and not result.getexif().get_ifd(GPS_IFD)
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(result.info)
        assert b"Exif" not in data and b"Canon" not in data and b"thuis" not in data


def test_the_exif_orientation_is_applied():
    image = Image.new("RGB", (200, 100), (255, 0, 0))
    image.paste((0, 0, 255), (100, 0, 200, 100))  # left half red, right half blue
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: rotate 90 degrees clockwise to show
    photo = process_photo(upload(encoded(image, exif=exif.tobytes())))
    result = Image.open(photo.image)
    assert (photo.width, photo.height) == (100, 200) == result.size
    top, bottom = result.getpixel((50, 20)), result.getpixel((50, 180))
    assert top[0] > 200 and top[2] < 60  # red on top
    assert bottom[2] > 200 and bottom[0] < 60  # blue below


def test_a_large_photo_is_made_smaller_with_a_thumbnail():
    photo = process_photo(upload(encoded(Image.new("RGB", (4000, 3000), (90, 90, 90)), quality=50)))
    assert (photo.width, photo.height) == (MAX_SIDE, 1200)
    assert Image.open(photo.image).size == (MAX_SIDE, 1200)
    assert Image.open(photo.thumbnail).size == (THUMBNAIL_SIDE, 240)


def test_names_are_random_jpeg_names():
    first = process_photo(upload(encoded(Image.new("RGB", (10, 10))), name="mijn huis Molenweg 12.jpg"))
    second = process_photo(upload(encoded(Image.new("RGB", (10, 10)))))
    assert first.image.name.endswith(".jpg") and first.thumbnail.name.endswith("-klein.jpg")
    assert "Molenweg" not in first.image.name
    assert len({first.image.name, first.thumbnail.name, second.image.name, second.thumbnail.name}) == 4


def test_png_with_transparency_and_webp_are_accepted():
    transparent = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    photo = process_photo(upload(encoded(transparent, "PNG"), name="x.png", content_type="image/png"))
    assert Image.open(photo.image).getpixel((20, 20))[0] > 240  # white where it was transparent
    webp = process_photo(upload(encoded(Image.new("RGB", (40, 30), (0, 200, 0)), "WEBP"), name="x.webp"))
    assert (webp.width, webp.height) == (40, 30)


def test_a_text_file_named_jpg_is_refused():
    error = refusal(b"Dit is geen foto maar een tekst.\n" * 10, name="foto.jpg")
    assert (
        error.code == "photo_not_image"
        and "geen foto" in error.messages[0]
        and "JPEG, PNG of WebP" in error.messages[0]
    )


@pytest.mark.parametrize(("fmt", "name"), [("GIF", "x.gif"), ("BMP", "x.bmp"), ("TIFF", "x.tif")])
def test_other_image_formats_are_refused(fmt, name):
    error = refusal(encoded(Image.new("RGB", (20, 20)), fmt), name=name)
    assert error.code == "photo_not_image"


def test_a_crafted_png_bomb_is_refused_from_its_header():
    warnings_before = list(warnings.filters)
    error = refusal(png_header_only(20_000, 20_000), name="bom.png")
    assert error.code == "photo_too_many_pixels" and "te veel beeldpunten" in error.messages[0]
    assert list(warnings.filters) == warnings_before  # the warning filter was for this call only


def test_a_bomb_within_pillows_hard_limit_is_refused_through_its_warning(settings):
    settings.ALERT_PHOTO_MAX_PIXELS = 10**12  # our own limit out of the way: Pillow's warning must stop it
    assert Image.MAX_IMAGE_PIXELS < 10_000 * 10_000
    error = refusal(png_header_only(10_000, 10_000), name="bom.png")
    assert error.code == "photo_too_many_pixels"


def test_more_pixels_than_the_setting_allows_is_refused_before_decoding(settings):
    settings.ALERT_PHOTO_MAX_PIXELS = 1_000_000
    # The data after the header is broken: had it been decoded, the message would be "beschadigd".
    error = refusal(png_header_only(2000, 1000), name="groot.png")
    assert error.code == "photo_too_many_pixels" and "1 miljoen" in error.messages[0]


def test_a_real_image_over_the_pixel_limit_is_refused(settings):
    settings.ALERT_PHOTO_MAX_PIXELS = 100 * 100
    error = refusal(encoded(Image.new("1", (200, 200)), "PNG"), name="x.png")
    assert error.code == "photo_too_many_pixels"


def test_an_oversize_file_is_refused(settings):
    settings.ALERT_PHOTO_MAX_BYTES = 2000
    data = encoded(Image.effect_noise((200, 200), 60).convert("RGB"), quality=95)
    assert len(data) > 2000
    error = refusal(data)
    assert error.code == "photo_too_large" and "te groot" in error.messages[0] and "1 kB" in error.messages[0]


def test_an_oversize_stream_without_a_size_is_refused_while_reading(settings):
    settings.ALERT_PHOTO_MAX_BYTES = 2000
    data = encoded(Image.effect_noise((200, 200), 60).convert("RGB"), quality=95)
    with pytest.raises(ValidationError) as refused:
        process_photo(io.BytesIO(data))
    assert refused.value.code == "photo_too_large"


def test_a_truncated_jpeg_is_refused():
    data = encoded(Image.effect_noise((400, 300), 40).convert("RGB"))
    error = refusal(data[: len(data) // 2])
    assert error.code == "photo_damaged" and "beschadigd" in error.messages[0]


def test_a_truncated_png_is_refused():
    data = encoded(Image.effect_noise((400, 300), 40).convert("RGB"), "PNG")
    error = refusal(data[: len(data) // 2], name="x.png")
    assert error.code == "photo_damaged"


def test_an_empty_file_is_refused():
    assert refusal(b"").code == "photo_empty"


@pytest.mark.django_db
def test_a_processed_photo_is_stored_privately(make_alert, settings):
    photo = process_photo(upload(photo_with_metadata()))
    stored = AlertPhoto.objects.create(alert=make_alert(), image=photo.image, thumbnail=photo.thumbnail)
    stored.refresh_from_db()
    assert (stored.width, stored.height) == (300, 200)
    assert stored.image.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.image.path.startswith(str(settings.MEDIA_ROOT))
    assert stored.image.storage.exists(stored.image.name) and stored.thumbnail.storage.exists(stored.thumbnail.name)
