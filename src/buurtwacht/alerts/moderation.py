"""Respectful language (house rules 6 and 7): find abusive and discriminatory words in what members write.

The words are our own curated list, wordlists/offensive_nl.txt; its header says what goes in and what stays out.
How a text is matched:
1. Fold it (lower case, no accents, ligatures split), remembering where each folded character came from.
2. Cut it into words. Candidates are each word, hyphenated compounds joined ("kanker-lijer"), and letters spelled
   out with spaces or dots joined ("k u t", "k.u.t"). A candidate with digits or symbols is read with them as
   letters (0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t, @ a, $ s): "h03r" is "hoer"; a number alone stays a number.
3. A list word matches a candidate as a whole word, or with "*" as its start. A letter the list word has once
   may be stretched to three or more ("kuuut"), never to exactly two, so "sleet" (wear) is not "slet".
4. An allow entry matching the same candidate cancels the match ("kankerbestrijding", "kanker" alone).
5. Phrases ("vuile teef") match consecutive words with only white space between them.
Matches inside a longer match are dropped, so "kut-wijf" is reported once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import groupby

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext

from buurtwacht.alerts import wordlists

WORDLIST = "offensive_nl.txt"
# The house rule (see groups.rules.DEFAULT_HOUSE_RULES) that each kind of word breaks.
RULE_FOR_KIND = {"abuse": 6, "discrimination": 6, "threat": 7}
ALLOW = "allow"

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_ONE_AS_L = str.maketrans({"1": "l"})
_TOKEN = re.compile(r"(?:[^\W_]|[@$])+")
_HYPHENATED = re.compile(r"(?:[^\W_]|[@$])+(?:-(?:[^\W_]|[@$])+)+")
# Three or more single letters or digits with the same separator between them, not glued to a word or an
# apostrophe ("'k u 't" is Dutch, not a spelled-out word).
_SPELLED = re.compile(r"(?<![\w'’@$])[^\W_]([ .*_-])[^\W_](?:\1[^\W_])+(?![\w'’@$])")


@dataclass(frozen=True)
class Match:
    text: str  # as written in the text
    term: str  # the list entry that matched ("kanker*")
    kind: str  # abuse, discrimination, threat
    start: int  # offsets in the original text
    end: int

    @property
    def rule(self) -> int:
        return RULE_FOR_KIND[self.kind]


def _stretchable(word: str) -> str:
    """A regex for a folded list word where a single letter may also be written three or more times."""
    parts = []
    for letter, run in groupby(word):
        n, c = len(list(run)), re.escape(letter)
        parts.append(f"{c}(?:{c}{c}+)?" if n == 1 else f"{c}{{{n},}}")
    return "".join(parts)


@dataclass(frozen=True)
class _Rule:
    entry: wordlists.Entry
    regexes: tuple[re.Pattern, ...]  # one per word of the entry

    def matches_word(self, index: int, reading: str) -> bool:
        last = index == len(self.regexes) - 1
        regex = self.regexes[index]
        return bool(regex.match(reading) if last and self.entry.prefix else regex.fullmatch(reading))


@dataclass(frozen=True)
class _Compiled:
    words: tuple[_Rule, ...]  # single-word entries that refuse
    allows: tuple[_Rule, ...]
    phrases: tuple[_Rule, ...]
    any_whole: re.Pattern  # quick test: could any single-word entry match?
    any_prefix: re.Pattern
    any_phrase_start: re.Pattern  # quick test: could a phrase start here?


@cache
def _compiled() -> _Compiled:
    entries = wordlists.read(WORDLIST, {*RULE_FOR_KIND, ALLOW})
    for entry in entries:
        if entry.suffix:
            raise ValueError(f"{WORDLIST}:{entry.line}: word ends (*word) are not used in this list")
    rules = [_Rule(e, tuple(re.compile(_stretchable(w)) for w in e.words)) for e in entries]
    words = tuple(r for r in rules if r.entry.kind != ALLOW and len(r.entry.words) == 1)
    whole = [_stretchable(r.entry.words[0]) for r in words if not r.entry.prefix]
    prefix = [_stretchable(r.entry.words[0]) for r in words if r.entry.prefix]
    return _Compiled(
        words=words,
        allows=tuple(r for r in rules if r.entry.kind == ALLOW),
        phrases=tuple(r for r in rules if r.entry.kind != ALLOW and len(r.entry.words) > 1),
        any_whole=re.compile("|".join(f"(?:{p})" for p in whole)),
        any_prefix=re.compile("|".join(f"(?:{p})" for p in prefix)),
        any_phrase_start=re.compile(
            "|".join(f"(?:{_stretchable(r.entry.words[0])})" for r in rules if len(r.entry.words) > 1)
        ),
    )


def offensive_terms() -> list[wordlists.Entry]:
    """Every entry of the list that refuses (not the allow entries), for tests and the admin."""
    compiled = _compiled()
    return [r.entry for r in (*compiled.words, *compiled.phrases)]


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for lower in part.casefold():
                folded.append(lower)
                origin.append(index)
    return "".join(folded), origin


def _readings(candidate: str) -> set[str]:
    """The ways to read a candidate: as written, with digits and symbols as letters; nothing for a number."""
    if not any(c.isalpha() for c in candidate):
        return set()
    readings = {candidate.translate(_LEET)}
    if "1" in candidate:
        readings.add(candidate.translate(_ONE_AS_L).translate(_LEET))
    return readings


def _allowed(readings: set[str], compiled: _Compiled) -> bool:
    return any(rule.matches_word(0, reading) for rule in compiled.allows for reading in readings)


def _word_rule(readings: set[str], compiled: _Compiled) -> _Rule | None:
    if not any(compiled.any_whole.fullmatch(r) or compiled.any_prefix.match(r) for r in readings):
        return None
    if _allowed(readings, compiled):
        return None
    for rule in compiled.words:
        if any(rule.matches_word(0, reading) for reading in readings):
            return rule
    return None  # pragma: no cover - the quick test and the rules agree


def find_offensive(text: str) -> list[Match]:
    """The abusive, discriminatory or threatening words in `text`, in order of appearance."""
    if not text:
        return []
    compiled = _compiled()
    folded, origin = _fold_mapped(text)
    found: list[tuple[int, int, _Rule]] = []

    tokens = [(m.start(), m.end(), _readings(m.group())) for m in _TOKEN.finditer(folded)]
    candidates = list(tokens)
    # Hyphenated compounds, joined: "kanker-lijer" -> "kankerlijer".
    for group in _HYPHENATED.finditer(folded):
        candidates.append((group.start(), group.end(), _readings(group.group().replace("-", ""))))
    # Letters spelled out: "k u t", "k.u.t" -> "kut".
    for spelled in _SPELLED.finditer(folded):
        joined = spelled.group().replace(spelled.group(1), "")
        candidates.append((spelled.start(), spelled.end(), _readings(joined)))

    for start, end, readings in candidates:
        rule = _word_rule(readings, compiled) if readings else None
        if rule is not None:
            found.append((start, end, rule))

    phrase_start = compiled.any_phrase_start.fullmatch
    starts = [i for i, token in enumerate(tokens) if any(map(phrase_start, token[2]))]
    for i in starts:
        for rule in compiled.phrases:
            window = tokens[i : i + len(rule.entry.words)]
            if len(window) < len(rule.entry.words):
                continue
            if not all(any(rule.matches_word(k, r) for r in token[2]) for k, token in enumerate(window)):
                continue
            if not any(folded[a[1] : b[0]].strip() for a, b in zip(window, window[1:], strict=False)):
                found.append((window[0][0], window[-1][1], rule))

    matches, reach = [], -1
    for start, end, rule in sorted(found, key=lambda f: (f[0], -f[1])):
        if end <= reach:
            continue  # inside a match already reported
        reach = end
        first, last = origin[start], origin[end - 1] + 1
        matches.append(Match(text[first:last], rule.entry.pattern, rule.entry.kind, first, last))
    return matches


_RULE_TEXT = {
    6: lambda: gettext("Huisregel 6: taal blijft zakelijk en respectvol; niet schelden, beledigen of discrimineren."),
    7: lambda: gettext("Huisregel 7: geen eigenrichting; roep niet op tot geweld tegen wie dan ook."),
}


def check_text(text: str, *, field_label: str | None = None) -> None:
    """Raise ValidationError (in the current language) naming the words found and the house rule they break."""
    matches = find_offensive(text)
    if not matches:
        return
    words = list(dict.fromkeys(m.text for m in matches))
    message = ngettext(
        "Dit woord plaatsen we niet: “%(words)s”.",
        "Deze woorden plaatsen we niet: “%(words)s”.",
        len(words),
    ) % {"words": "”, “".join(words)}
    rules = " ".join(_RULE_TEXT[rule]() for rule in sorted({m.rule for m in matches}))
    advice = gettext("Pas de tekst aan en beschrijf zakelijk wat u zag.")
    full = f"{message} {rules} {advice}"
    if field_label:
        full = f"{field_label}: {full}"
    raise ValidationError(full, code="offensive")
