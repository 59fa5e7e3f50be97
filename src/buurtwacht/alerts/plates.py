"""Dutch licence plates (kentekens): recognise the side code, check the letters, write it the way the RDW does.

A Dutch plate has six letters and digits in three groups; the pattern of letters (X) and digits (9) is the
side code (sidecode) of the series, 1 to 14 in the order they were (or will be) issued:

    1 XX-99-99   2 99-99-XX   3 99-XX-99   4 XX-99-XX   5 XX-XX-99   6 99-XX-XX   7 99-XXX-9
    8 9-XXX-99   9 XX-999-X  10 X-999-XX  11 XXX-99-X  12 X-99-XXX  13 9-XX-999  14 999-XX-9

Without dashes every pattern of six is unique, so the side code and the dashes follow from the letters and
digits alone: "12bxr3" is sidecode 7, "12-BXR-3". Since side code 4 (1978) the RDW issues no vowels (so that
plates spell no words; only semi-trailers start with O), no C and Q (too much like a zero) and no Y; plates of
side codes 1 to 3 (1951-1978) may still carry any letter. Sources: RDW's explanation of the plate, quoted at
kentekenkennis.nl/sidecode and nummerborden.info (read 2026).

Foreign or partly seen plates are not checked: `normalise_unverified_plate` keeps them as given, upper-cased.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# side code -> lengths of its three groups, letters (X) or digits (9)
SIDECODES: dict[int, str] = {
    1: "XX-99-99",
    2: "99-99-XX",
    3: "99-XX-99",
    4: "XX-99-XX",
    5: "XX-XX-99",
    6: "99-XX-XX",
    7: "99-XXX-9",
    8: "9-XXX-99",
    9: "XX-999-X",
    10: "X-999-XX",
    11: "XXX-99-X",
    12: "X-99-XXX",
    13: "9-XX-999",
    14: "999-XX-9",
}

# Letters the RDW issues from side code 4 on: no vowels (A E I O U), no C, Q or Y.
ISSUED_LETTERS = frozenset("BDFGHJKLMNPRSTVWXZ")
# The one vowel still issued: semi-trailers (opleggers) start with O.
TRAILER_FIRST_LETTER = "O"
OLD_SIDECODES = frozenset({1, 2, 3})  # 1951-1978: every letter occurs

UNVERIFIED_MAX_LENGTH = 12

# What people type between the groups: spaces, dots, dashes of every kind.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]+")
_UNVERIFIED = re.compile(r"[^\W_]+(?:[ -][^\W_]+)*")


def _shape(compact: str) -> str:
    return "".join("X" if c.isalpha() else "9" for c in compact)


_BY_SHAPE: dict[str, int] = {pattern.replace("-", ""): code for code, pattern in SIDECODES.items()}


def _compact(raw: str) -> str:
    return _SEPARATORS.sub("", str(raw or "")).upper()


def _not_dutch() -> ValidationError:
    return ValidationError(
        _(
            "Dit is geen Nederlands kenteken. Een Nederlands kenteken heeft zes letters en cijfers in drie groepjes, "
            "bijvoorbeeld 12-BXR-3, GF-412-Z of 99-XX-99. Is het een buitenlands kenteken of hebt u het niet "
            "helemaal kunnen lezen? Vink dan ‘buitenlands of onvolledig kenteken’ aan."
        ),
        code="plate_format",
    )


def _parse(raw: str) -> tuple[str, int]:
    """The compact plate (six upper-case letters and digits) and its side code; ValidationError otherwise."""
    compact = _compact(raw)
    if not compact:
        raise ValidationError(_("Vul een kenteken in, bijvoorbeeld 12-BXR-3."), code="plate_required")
    if len(compact) != 6 or not compact.isascii() or not compact.isalnum():
        raise _not_dutch()
    code = _BY_SHAPE.get(_shape(compact))
    if code is None:
        raise _not_dutch()
    if code not in OLD_SIDECODES:
        first_is_trailer = compact[0] == TRAILER_FIRST_LETTER
        wrong = [
            c
            for i, c in enumerate(compact)
            if c.isalpha() and c not in ISSUED_LETTERS and not (i == 0 and first_is_trailer)
        ]
        if wrong:
            raise ValidationError(
                _(
                    "Op Nederlandse kentekens van na 1978 staan geen klinkers (A, E, I, O, U) en geen C, Q of Y; "
                    "dit kenteken heeft %(letters)s. Kijk het nog eens na: is een O misschien een 0 (nul), of een "
                    "I een 1? Is het een buitenlands kenteken of hebt u het niet helemaal kunnen lezen? Vink dan "
                    "‘buitenlands of onvolledig kenteken’ aan."
                ),
                code="plate_letters",
                params={"letters": ", ".join(dict.fromkeys(wrong))},
            )
    return compact, code


def _with_dashes(compact: str, code: int) -> str:
    groups = [len(group) for group in SIDECODES[code].split("-")]
    a, b = groups[0], groups[0] + groups[1]
    return f"{compact[:a]}-{compact[a:b]}-{compact[b:]}"


def normalise_plate(raw: str) -> str:
    """A Dutch plate as the RDW writes it ("12bxr3", "12 BXR 3", "12.bxr.3" -> "12-BXR-3").

    Raises ValidationError (in Dutch, with an example) when it fits no side code or has letters that the RDW
    does not issue in that series.
    """
    compact, code = _parse(raw)
    return _with_dashes(compact, code)


def sidecode(plate: str) -> int | None:
    """The side code (1-14) of a valid Dutch plate, in any spelling `normalise_plate` accepts; None otherwise."""
    try:
        return _parse(plate)[1]
    except ValidationError:
        return None


def normalise_unverified_plate(raw: str) -> str:
    """A foreign or partly seen plate, kept as given: upper case, single spaces, letters, digits and dashes only."""
    text = " ".join(str(raw or "").split()).upper()
    if not text:
        raise ValidationError(_("Vul in wat u van het kenteken hebt gezien."), code="plate_required")
    if len(text) > UNVERIFIED_MAX_LENGTH or not _UNVERIFIED.fullmatch(text):
        raise ValidationError(
            _(
                "Een kenteken bestaat uit hooguit %(max)d letters, cijfers, streepjes en spaties, bijvoorbeeld "
                "B-MW 1234 of 12-B. Laat andere tekens weg."
            ),
            code="plate_unverified_format",
            params={"max": UNVERIFIED_MAX_LENGTH},
        )
    return text
