"""The structured signalement of an alert: a person and a vehicle, stored as JSON on Alert.person / Alert.vehicle.

Keys (English) and their values: see PERSON_FIELDS and VEHICLE_FIELDS; choices store their Dutch value, like
the other choices in this app. The forms are in alerts.forms_signalement; this module holds the choices, the
rule against profiling (house rule 8) and the rows a page shows.

House rule 8 in practice: a description that names only skin colour or origin leads to ethnic profiling and
does not help anyone recognise the person. `check_profiling` refuses it unless the signalement also says what
the person wore or did. Its words are in wordlists/profiling_nl.txt; how they are used:
1. Fold the texts (description and the person's free-text fields) and cut them into words; a hyphenated word
   also counts as its parts and as one word ("Oost-Europese" -> oosteuropese).
2. Skin colour or origin is named when the skin field is filled in, or a text has an origin noun ("Marokkanen"),
   a word for skin colour ("huidskleur", "getint" - not about windows), or a colour or origin adjective that
   describes a person ("donkere man", "Turkse jongens", "van Poolse afkomst"); a colour before anything else is
   clothing or a car ("zwarte jas"), and "in zuidelijke richting" is a direction.
3. Clothing is named when the clothing field is filled in or a text names a piece of clothing; behaviour when
   the behaviour field is filled in or a text names something suspicious the person did ("probeerde",
   "gluurde"). Walking, cycling or standing is not behaviour worth an alert.
4. Skin colour or origin without clothing and without behaviour: ValidationError naming house rule 8.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtwacht.alerts import wordlists


class Sex(models.TextChoices):
    MALE = "man", _("man")
    FEMALE = "vrouw", _("vrouw")
    UNKNOWN = "onbekend", _("onbekend")


class AgeRange(models.TextChoices):
    UNDER_18 = "onder_18", _("onder 18")
    FROM_18 = "18_30", _("18–30")
    FROM_30 = "30_50", _("30–50")
    OVER_50 = "boven_50", _("boven 50")
    UNKNOWN = "onbekend", _("onbekend")


class Height(models.TextChoices):
    SHORT = "klein", _("klein (korter dan 1,70 m)")
    AVERAGE = "gemiddeld", _("gemiddeld")
    TALL = "lang", _("lang (langer dan 1,85 m)")
    UNKNOWN = "onbekend", _("onbekend")


class Build(models.TextChoices):
    SLIGHT = "tenger", _("tenger")
    AVERAGE = "gemiddeld", _("gemiddeld")
    HEAVY = "fors", _("fors")
    UNKNOWN = "onbekend", _("onbekend")


class VehicleType(models.TextChoices):
    CAR = "auto", _("auto")
    VAN = "bestelbus", _("bestelbus")
    LORRY = "vrachtwagen", _("vrachtwagen")
    MOTORCYCLE = "motor", _("motor")
    SCOOTER = "scooter", _("scooter")
    BICYCLE = "fiets", _("fiets")
    OTHER = "anders", _("anders")


# A chosen "onbekend" says nothing to the neighbours: the signalement leaves it out.
UNKNOWN = "onbekend"


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # lazy
    choices: type[models.TextChoices] | None = None
    max_length: int = 0  # free text: at most this many characters


# In the order a page shows them: what you see first, clothing before skin colour (house rule 8).
PERSON_FIELDS = (
    Field("sex", _("Geslacht"), Sex),
    Field("age", _("Leeftijd"), AgeRange),
    Field("height", _("Lengte"), Height),
    Field("build", _("Postuur"), Build),
    Field("clothing", _("Kleding"), max_length=200),
    Field("hair", _("Haar"), max_length=100),
    Field("marks", _("Opvallende kenmerken"), max_length=200),
    Field("skin", _("Huidskleur"), max_length=40),
    Field("behaviour", _("Wat doet de persoon?"), max_length=300),
    Field("direction", _("Richting"), max_length=100),
)
VEHICLE_FIELDS = (
    Field("type", _("Soort voertuig"), VehicleType),
    Field("make", _("Merk en model"), max_length=60),
    Field("colour", _("Kleur"), max_length=40),
    Field("plate", _("Kenteken"), max_length=20),
    Field("direction", _("Richting"), max_length=100),
)


def _rows(fields: tuple[Field, ...], data: dict) -> list[tuple[str, str, str]]:
    rows = []
    for field in fields:
        value = data.get(field.key)
        if not isinstance(value, str) or not value.strip() or value == UNKNOWN:
            continue
        if field.choices is not None and value in field.choices.values:
            value = str(field.choices(value).label)
        rows.append((field.key, str(field.label), value))
    return rows


def describe_person(person: dict) -> list[tuple[str, str]]:
    """(label, value) rows of a person's signalement, in the current language and a fixed order."""
    return [(label, value) for _key, label, value in _rows(PERSON_FIELDS, person or {})]


def describe_vehicle(vehicle: dict) -> list[tuple[str, str]]:
    """(label, value) rows of a vehicle's signalement; an unverified plate says so."""
    vehicle = vehicle or {}
    rows = []
    for key, label, value in _rows(VEHICLE_FIELDS, vehicle):
        if key == "plate" and vehicle.get("plate_unverified"):
            value = gettext("%(plate)s (buitenlands of onvolledig)") % {"plate": value}
        rows.append((label, value))
    return rows


# --- house rule 8 -------------------------------------------------------------------------------------------

PROFILING_WORDLIST = "profiling_nl.txt"
PROFILING_KINDS = frozenset(
    {
        "origin",
        "origin-adjective",
        "skin",
        "skin-adjective",
        "person",
        "modifier",
        "thing",
        "clothing",
        "behaviour",
    }
)
# Words that may stand between a colour or origin adjective and the person word it describes.
_BETWEEN = frozenset({"modifier", "origin-adjective", "skin-adjective", "skin"})
_MAX_BETWEEN = 2
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
_SENTENCE_END = re.compile(r"[.!?;:\n]")


@dataclass(frozen=True)
class _Lexicon:
    exact: dict[str, frozenset[str]]
    prefixes: tuple[tuple[str, str], ...]
    suffixes: tuple[tuple[str, str], ...]

    def kinds(self, form: str) -> set[str]:
        kinds = set(self.exact.get(form, ()))
        kinds.update(kind for start, kind in self.prefixes if form.startswith(start))
        kinds.update(kind for end, kind in self.suffixes if form.endswith(end))
        return kinds


@cache
def _lexicon() -> _Lexicon:
    exact: dict[str, set[str]] = {}
    prefixes, suffixes = [], []
    for entry in wordlists.read(PROFILING_WORDLIST, PROFILING_KINDS):
        if len(entry.words) != 1:
            raise ValueError(f"{PROFILING_WORDLIST}:{entry.line}: one word per entry")
        word = entry.words[0]
        if entry.prefix:
            prefixes.append((word, entry.kind))
        elif entry.suffix:
            suffixes.append((word, entry.kind))
        else:
            exact.setdefault(word, set()).add(entry.kind)
    return _Lexicon({w: frozenset(k) for w, k in exact.items()}, tuple(prefixes), tuple(suffixes))


@dataclass(frozen=True)
class _Word:
    text: str  # as written
    kinds: frozenset[str]
    gap: str  # the text between the previous word and this one


def _words(text: str) -> list[_Word]:
    lexicon = _lexicon()
    text = unicodedata.normalize("NFC", text or "")
    words, previous_end = [], 0
    for match in _WORD.finditer(text):
        parts = [wordlists.fold(part) for part in _HYPHEN.split(match.group())]
        forms = {"".join(parts), *parts}
        kinds = frozenset().union(*(lexicon.kinds(form) for form in forms))
        words.append(_Word(match.group(), kinds, text[previous_end : match.start()]))
        previous_end = match.end()
    return words


def _describes_person(words: list[_Word], index: int) -> bool:
    """Whether the adjective at `index` stands before a person word, with at most two adjectives between."""
    for step, word in enumerate(words[index + 1 : index + 2 + _MAX_BETWEEN]):
        gap = word.gap.strip()
        if "person" in word.kinds:
            return gap == ""  # "het was donker, mannen liepen weg" is not about skin
        if gap not in ("", ",") or not word.kinds & _BETWEEN or step == _MAX_BETWEEN:
            return False
    return False


def _about_a_thing(words: list[_Word], index: int) -> bool:
    """Whether "getint" at `index` is about glass: "getinte ramen", "de ruiten waren getint"."""
    if index + 1 < len(words) and "thing" in words[index + 1].kinds and not words[index + 1].gap.strip():
        return True
    for back in range(index - 1, max(index - 4, -1), -1):
        if _SENTENCE_END.search(words[back + 1].gap):
            return False
        if "thing" in words[back].kinds:
            return True
    return False


def skin_or_origin_words(text: str) -> list[str]:
    """The words in `text` that name someone's skin colour or origin, as written, in order."""
    words = _words(text)
    found = []
    for i, word in enumerate(words):
        by_itself = "origin" in word.kinds or ("skin" in word.kinds and not _about_a_thing(words, i))
        describing = bool(word.kinds & {"origin-adjective", "skin-adjective"}) and _describes_person(words, i)
        if by_itself or describing:
            found.append(word.text)
    return found


def _names(kind: str, texts: list[str]) -> bool:
    return any(kind in word.kinds for text in texts for word in _words(text))


def check_profiling(*, person: dict, description: str) -> None:
    """Refuse (house rule 8) a signalement that names skin colour or origin but neither clothing nor behaviour."""
    person = person or {}
    free_text = [
        value
        for field in PERSON_FIELDS
        if field.choices is None and isinstance(value := person.get(field.key), str) and value.strip()
    ]
    texts = [description or "", *free_text]
    named = [word for text in texts for word in skin_or_origin_words(text)]
    skin_field = str(person.get("skin") or "").strip()
    if not named and not skin_field:
        return
    if str(person.get("clothing") or "").strip() or str(person.get("behaviour") or "").strip():
        return
    if _names("clothing", texts) or _names("behaviour", texts):
        return
    shown = list(dict.fromkeys([skin_field, *named] if skin_field else named))
    raise ValidationError(
        gettext(
            "Huisregel 8: een signalement dat alleen huidskleur of afkomst noemt, plaatsen we niet. Dit signalement "
            "noemt “%(words)s”, maar niet wat de persoon droeg of deed. Zo’n beschrijving past op veel mensen, "
            "helpt niemand de persoon te herkennen en leidt tot etnisch profileren. Beschrijf ook de kleding en het "
            "gedrag (wat deed de persoon?), of laat huidskleur en afkomst weg."
        )
        % {"words": "”, “".join(shown)},
        code="profiling",
    )
