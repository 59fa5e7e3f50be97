"""Image files for tests: a real decompression bomb (small file, huge image) and a header that claims a size."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 12_000, height: int = 12_000) -> bytes:
    """A valid black-and-white PNG of width x height: ~20 kB on disk, width*height bytes once Pillow decodes it
    (144 MB for the default; the 8-bit photo of the issue took 1.1 GB)."""
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte + the row's bits
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height and whose pixels are missing: only a check of the header can tell
    its size; decoding it fails."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 16))


def jpeg_with_gps(size: tuple[int, int] = (2400, 1200)) -> bytes:
    """A JPEG carrying EXIF with a GPS position and a camera make."""
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 26.0, 31.0)}  # GPSInfo: latitude
    exif[0x010F] = "Telefoonmerk"  # Make
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def encoded(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()
