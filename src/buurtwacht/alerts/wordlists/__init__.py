"""Buurtwacht's own word lists (UTF-8 text files beside this module) and the one reader they share.

A list has one entry per line: the pattern (one word, or a few words for a phrase), then, after white space,
its kind. A `*` at the end of the (last) word makes it a word start, so compounds match too; a `*` at the start
of a single word makes it a word end (`*jas` for winterjas, regenjas). `#` starts a comment. Patterns are
folded the way the text is (lower case, accents removed) before they are compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent

_WORD = re.compile(r"\*?[a-z]+\*?")


def fold(text: str) -> str:
    """Lower case without accents or ligatures: "Cocaïne" -> "cocaine", "ﬁets" -> "fiets"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]  # folded words, without the stars
    kind: str
    prefix: bool = False  # the last word matches as a word start ("kanker*")
    suffix: bool = False  # the (single) word matches as a word end ("*jas")
    line: int = 0

    @property
    def pattern(self) -> str:
        text = " ".join(self.words)
        return f"{'*' if self.suffix else ''}{text}{'*' if self.prefix else ''}"


def read(name: str | Path, kinds: frozenset[str] | set[str]) -> list[Entry]:
    """The entries of the list `name` (a file in this directory, or a path); ValueError naming file and line for a
    bad entry."""
    path = name if isinstance(name, Path) else DIRECTORY / name
    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        *words, kind = line.split()
        if not words:
            raise ValueError(f"{path}:{number}: an entry needs a pattern and a kind: {raw!r}")
        if kind not in kinds:
            raise ValueError(f"{path}:{number}: unknown kind {kind!r} (known: {', '.join(sorted(kinds))})")
        words = [fold(word) for word in words]
        if not all(_WORD.fullmatch(word) for word in words):
            raise ValueError(f"{path}:{number}: a pattern has letters a-z only, with * at a word start or end")
        if any(word.endswith("*") for word in words[:-1]):
            raise ValueError(f"{path}:{number}: only the last word of a phrase may end in *")
        if any(word.startswith("*") for word in words) and len(words) > 1:
            raise ValueError(f"{path}:{number}: only a single word may start with *")
        prefix, suffix = words[-1].endswith("*"), words[0].startswith("*")
        entries.append(
            Entry(words=tuple(w.strip("*") for w in words), kind=kind, prefix=prefix, suffix=suffix, line=number)
        )
    return entries
