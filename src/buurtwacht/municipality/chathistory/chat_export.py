"""A small parser for WhatsApp "Export chat" files (Android and iOS, Dutch and English, 12 and 24 hours).

Our own, after looking on PyPI (December 2026): whatstk 0.9.1 is GPL-3.0-only; chat-miner 0.6.0 is MIT but pulls in
matplotlib, numpy, polars and pandas and reads files by path; whatsapp-parser (2017) is unmaintained. This module
reads the text in memory and returns (timestamp, author, text) per message; callers keep only counts.

A message starts on a line with a timestamp header; lines without one continue the previous message. System lines
(no "Name: " part, or an iOS system line whose body starts with U+200E and a known phrase) are left out. The date
order (dd/mm or mm/dd) is decided per file and separator from the values: a first field above 12 means day first,
a second field above 12 means month first; undecided means day first (Dutch phones).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

MAX_TEXT_BYTES = 20 * 1024 * 1024  # the chat text, unpacked
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the uploaded file (.txt or .zip)
MAX_ZIP_MEMBERS = 2000

MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"

HEADER = re.compile(
    r"^\[?(?P<date>\d{1,4}(?P<sep>[./-])\d{1,2}[./-]\d{1,4}),?\s+"
    r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
    r"(?:[\s\u202f\u00a0_]*(?P<ampm>[aApP])\.?\s?[mM]\.?)?"
    r"(?:\]\s?|\s[-\u2013]\s|:\s)(?P<rest>.*)$"
)

# WhatsApp's own notice about encryption, whoever it is put under (Android writes the group's name as the author).
ENCRYPTION_PHRASES = (
    "messages and calls are end-to-end encrypted",
    "messages to this group are now secured",
    "messages you send to this group are now secured",
    "berichten en oproepen worden end-to-end versleuteld",
    "berichten en gesprekken worden end-to-end versleuteld",
    "berichten die naar deze groep worden verzonden",
)
# Other system lines: only when the body starts with U+200E, as iOS writes them.
SYSTEM_PHRASES = ENCRYPTION_PHRASES + (
    "created group", "heeft deze groep aangemaakt", "hebt deze groep aangemaakt", "added you", "heeft u toegevoegd",
    "heeft de groep verlaten", "your security code with", "je beveiligingscode voor",
)


class ExportError(ValueError):
    """The file is not a WhatsApp chat export we can read; the message is Dutch and fit for the admin."""


@dataclass(frozen=True)
class Message:
    at: dt.datetime
    author: str
    text: str


def _clean(line: str) -> str:
    return line.strip(MARKS + " \t").replace("\u202f", " ")


def _date_orders(headers: list[re.Match]) -> dict[str, str]:
    """Per separator: "ymd", "dmy" or "mdy", decided from the values."""
    orders: dict[str, str] = {"": "dmy"}
    for sep in {m["sep"] for m in headers}:
        parts = [m["date"].split(sep) for m in headers if m["sep"] == sep]
        parts = [p for p in parts if len(p[0]) < 4]  # year first (2019/01/30) is never ambiguous
        if any(int(p[0]) > 12 for p in parts):
            orders[sep] = "dmy"
        elif any(int(p[1]) > 12 for p in parts):
            orders[sep] = "mdy"
        else:
            orders[sep] = "dmy"
    return orders


def _timestamp(match: re.Match, order: str) -> dt.datetime | None:
    a, b, c = (int(x) for x in match["date"].split(match["sep"]))
    if len(match["date"].split(match["sep"])[0]) == 4:
        order = "ymd"
    year, month, day = {"ymd": (a, b, c), "dmy": (c, b, a), "mdy": (c, a, b)}[order]
    if year < 100:
        year += 2000
    pieces = [int(x) for x in re.split(r"[:.]", match["time"])]
    hour, minute, second = pieces[0], pieces[1], pieces[2] if len(pieces) > 2 else 0
    if match["ampm"]:
        pm = match["ampm"].lower() == "p"
        hour = hour % 12 + (12 if pm else 0)
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _is_system(author: str | None, body: str, raw_body: str) -> bool:
    if author is None:
        return True
    lower = body.lower()
    if lower.startswith(ENCRYPTION_PHRASES):
        return True
    return raw_body.startswith("\u200e") and any(phrase in lower for phrase in SYSTEM_PHRASES)


def parse_text(text: str) -> list[Message]:
    """The messages of an export's text, oldest first as in the file. Raises ExportError when none is found."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    matched: list[tuple[re.Match | None, str]] = []
    for line in lines:
        clean = line.lstrip(MARKS)
        matched.append((HEADER.match(clean), clean))
    headers = [m for m, _ in matched if m]
    if not headers:
        raise ExportError("Dit bestand is geen WhatsApp-chatexport: er staat geen enkel bericht met datum en tijd in.")
    orders = _date_orders(headers)
    messages: list[Message] = []
    current: dict | None = None

    def close():
        if current and not current["system"]:
            messages.append(Message(current["at"], current["author"], " ".join(current["text"]).strip()))

    for match, line in matched:
        at = _timestamp(match, orders[match["sep"]]) if match else None
        if at is None:
            if current is not None and line.strip():
                current["text"].append(_clean(line))
            continue
        close()
        rest = match["rest"]
        author, raw_body = (rest.split(": ", 1) + [""])[:2] if ": " in rest else (None, rest)
        if author is not None:
            author = _clean(author).lstrip("~").strip()
        body = _clean(raw_body)
        current = {"at": at, "author": author, "text": [body], "system": _is_system(author, body, raw_body)}
    close()
    return messages


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ExportError("Dit bestand is geen tekstbestand. Upload de .txt of .zip die WhatsApp maakt bij "
                          "'Chat exporteren'.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError("Dit bestand is geen leesbare tekst (geen UTF-8). Upload de export zoals WhatsApp hem "
                          "maakt.") from exc


def _chat_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ExportError("Dit zip-bestand bevat te veel bestanden voor een WhatsApp-export.")
    for info in infos:
        name = info.filename.rsplit("/", 1)[-1]
        if not info.is_dir() and (name == "_chat.txt" or (name.startswith("WhatsApp") and name.endswith(".txt"))):
            return info
    raise ExportError("In dit zip-bestand staat geen WhatsApp-chat (_chat.txt of 'WhatsApp Chat ... .txt').")


def _read_zip(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = _chat_member(archive)
        if info.file_size > MAX_TEXT_BYTES:
            raise ExportError("De chat in dit zip-bestand is te groot (meer dan 20 MB tekst).")
        with archive.open(info) as handle:
            # Read no more than the limit, whatever the header claims (a zip bomb lies about its size).
            raw = handle.read(MAX_TEXT_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
        raise ExportError("Dit zip-bestand is beschadigd of versleuteld en kan niet gelezen worden.") from exc
    if len(raw) > MAX_TEXT_BYTES:
        raise ExportError("De chat in dit zip-bestand is te groot (meer dan 20 MB tekst).")
    return _decode(raw)


def read_export(data: bytes) -> list[Message]:
    """The messages of an uploaded export (.txt, or a phone's .zip with the chat text inside), read in memory."""
    if not data or not data.strip():
        raise ExportError("Dit bestand is leeg.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ExportError("Dit bestand is te groot: de grens is 20 MB.")
    text = _read_zip(data) if data[:4] == b"PK\x03\x04" else _decode(data)
    messages = parse_text(text)
    if not messages:
        raise ExportError("In deze export staan geen berichten van deelnemers, alleen meldingen van WhatsApp zelf.")
    return messages


def iter_months(messages: list[Message]) -> Iterator[dt.date]:
    return iter(sorted({m.at.date().replace(day=1) for m in messages}))
