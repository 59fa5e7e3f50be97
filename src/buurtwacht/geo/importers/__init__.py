"""Importers for CBS areas, BAG addresses and CBS key figures, and what they share.

Each importer is a plain function that reads one file and writes it in one transaction. It raises `ImportFailed`
with a Dutch message naming the feature or line at fault, so that a management command, a test or a script can
call it alike and a bad file never leaves half an import behind.
"""

from __future__ import annotations

import csv
import io
import itertools
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import zstandard
from django.db.models import Model
from django.utils.translation import gettext as _
from tqdm import tqdm

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

# Stay well under SQLite's limit on query parameters (999 in Django's accounting) for `code__in` lookups.
IN_CHUNK = 500


class ImportFailed(ValueError):
    """A file cannot be imported. The message (Dutch) says where and why; the database was left unchanged."""


@dataclass
class Counts:
    """What happened to the rows of one kind (buurten, adressen, ...)."""

    label: str  # untranslated (Dutch) and stable, so that code can ask for it whatever the active language
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def line(self) -> str:
        text = _("%(total)d %(label)s: %(created)d nieuw, %(updated)d bijgewerkt") % {
            "total": self.total,
            "label": _(self.label),
            "created": self.created,
            "updated": self.updated,
        }
        if self.unchanged:
            text += _(", %(unchanged)d ongewijzigd") % {"unchanged": self.unchanged}
        return text


@dataclass
class ImportReport:
    """The outcome of one import: counts per kind of row, plus notes worth telling the operator."""

    counts: dict[str, Counts] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    skipped: int = 0
    duplicates: int = 0

    def of(self, label: str) -> Counts:
        return self.counts.setdefault(label, Counts(label))

    def lines(self) -> list[str]:
        return [c.line() for c in self.counts.values()] + self.notes

    def __str__(self) -> str:
        return "\n".join(self.lines())


def progress_bar(
    iterable: Iterable | None = None, *, enabled: bool, desc: str, total: int | None = None, unit: str = "it", **kwargs
) -> tqdm:
    """A tqdm bar on stderr; a disabled bar costs next to nothing, so callers need not branch."""
    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, disable=not enabled, **kwargs)


@contextmanager
def open_source(path: str | Path) -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """Open a file as bytes, zstandard-compressed or not (told by its first bytes, not its name).

    Yields the (decompressed) byte stream and the raw file, whose position tells a progress bar how far the
    import has come. The data is decompressed as it is read, so a large extract is never held in memory whole.
    """
    path = Path(path)
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise ImportFailed(_("Het bestand %(path)s bestaat niet.") % {"path": path}) from None
    except OSError as exc:
        raise ImportFailed(
            _("Het bestand %(path)s kan niet worden geopend: %(error)s") % {"path": path, "error": exc}
        ) from exc
    with raw:
        compressed = raw.read(4) == ZSTD_MAGIC
        raw.seek(0)
        if not compressed:
            yield raw, raw
            return
        reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=False)
        try:
            yield io.BufferedReader(reader, 1 << 16), raw
        except zstandard.ZstdError as exc:
            raise ImportFailed(_("Het zstd-bestand is beschadigd (%(error)s).") % {"error": exc}) from exc


def text_lines(binary: BinaryIO) -> Iterator[str]:
    """The lines of a UTF-8 file, decoded one by one so that a bad byte is reported with its line number."""
    for number, line in enumerate(binary, start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                _("%(where)s: de tekst is geen UTF-8 (%(error)s).") % {"where": line_prefix(number), "error": exc}
            ) from exc
        yield text.removeprefix("\ufeff") if number == 1 else text


class CsvRows:
    """A CSV file's header and rows, with the line number of each row (the header is line 1).

    The delimiter is ';' or ',', whichever the header line uses more: BAG extracts use ';', CBS tables ','.
    """

    def __init__(self, lines: Iterator[str]):
        first = next(lines, "")
        if not first.strip():
            raise ImportFailed(_("Het bestand is leeg; de eerste regel moet de kolomnamen bevatten."))
        delimiter = ";" if first.count(";") > first.count(",") else ","
        self._reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
        self.header = [name.strip() for name in next(self._reader)]

    @property
    def line(self) -> int:
        """The line number of the row read last (its last line, for a row with quoted line breaks)."""
        return self._reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        try:
            yield from self._reader
        except csv.Error as exc:
            raise ImportFailed(_("%(where)s: %(error)s") % {"where": line_prefix(self.line + 1), "error": exc}) from exc

    def require(self, *columns: str) -> dict[str, int]:
        """The positions of these columns; ImportFailed naming the ones missing."""
        missing = [c for c in columns if c not in self.header]
        if missing:
            raise ImportFailed(
                _("Kolom(men) %(missing)s ontbreken in de eerste regel; gevonden: %(found)s.")
                % {"missing": ", ".join(missing), "found": ", ".join(self.header)}
            )
        return {c: self.header.index(c) for c in columns}


def line_prefix(line: int) -> str:
    return _("Regel %(line)d") % {"line": line}


def existing_by_code(model: type[Model], codes, *fields: str) -> dict[str, dict]:
    """Rows of `model` with these codes, as {code: values}, queried in chunks to respect parameter limits."""
    codes = sorted(set(codes))
    rows: dict[str, dict] = {}
    for start in range(0, len(codes), IN_CHUNK):
        for row in model.objects.filter(code__in=codes[start : start + IN_CHUNK]).values("pk", "code", *fields):
            rows[row["code"]] = row
    return rows
