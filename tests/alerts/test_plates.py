"""Dutch licence plates: every side code, the letters the RDW issues, how people type them, foreign plates."""

import pytest
from django.core.exceptions import ValidationError

from buurtwacht.alerts.plates import SIDECODES, normalise_plate, normalise_unverified_plate, sidecode

# One plate per side code, typed without dashes in lower case, and as the RDW writes it.
EXAMPLES = {
    1: ("ab1234", "AB-12-34"),
    2: ("1234ab", "12-34-AB"),
    3: ("12ab34", "12-AB-34"),
    4: ("bd12fg", "BD-12-FG"),
    5: ("bdfg12", "BD-FG-12"),
    6: ("12bdfg", "12-BD-FG"),
    7: ("12bxr3", "12-BXR-3"),
    8: ("1kbf23", "1-KBF-23"),
    9: ("gf412z", "GF-412-Z"),
    10: ("n001sb", "N-001-SB"),
    11: ("gzb12t", "GZB-12-T"),
    12: ("k12bdf", "K-12-BDF"),
    13: ("1bd234", "1-BD-234"),
    14: ("123bd4", "123-BD-4"),
}


def test_every_side_code_has_an_example():
    assert set(EXAMPLES) == set(SIDECODES) == set(range(1, 15))


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_each_side_code_is_recognised_and_written_with_its_dashes(code):
    typed, written = EXAMPLES[code]
    assert normalise_plate(typed) == written
    assert sidecode(typed) == code
    assert sidecode(written) == code
    pattern = "".join("X" if c.isalpha() else "9" if c.isdigit() else "-" for c in written)
    assert pattern == SIDECODES[code]


@pytest.mark.parametrize(
    "typed",
    [
        "12bxr3",
        "12-BXR-3",
        "12 BXR 3",
        "12.bxr.3",
        " 12-bx-r3 ",
        "1-2-b-x-r-3",
        "12–BXR–3",
        "12 . BXR - 3",
        "12\tbxr\n3",
    ],
)
def test_spaces_dots_dashes_and_lower_case_are_all_the_same_plate(typed):
    assert normalise_plate(typed) == "12-BXR-3"


@pytest.mark.parametrize("typed", ["", "   ", "---"])
def test_an_empty_plate_asks_for_one(typed):
    with pytest.raises(ValidationError) as refused:
        normalise_plate(typed)
    assert refused.value.code == "plate_required"
    assert sidecode(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "12bxr",
        "1234567",
        "12bxr34",
        "bdfgkl",
        "123456",
        "1b2d3f",
        "12-BX?-3",
        "12/BXR/3",
        "ÄB-12-34",
        "12BXR３",
    ],
)
def test_what_fits_no_side_code_is_refused_with_an_example(typed):
    with pytest.raises(ValidationError) as refused:
        normalise_plate(typed)
    assert refused.value.code == "plate_format"
    message = refused.value.messages[0]
    assert "geen Nederlands kenteken" in message and "bijvoorbeeld 12-BXR-3" in message
    assert "buitenlands of onvolledig kenteken" in message
    assert sidecode(typed) is None


@pytest.mark.parametrize(
    ("typed", "letters"),
    [
        ("12-AXR-3", "A"),  # vowels are not issued since side code 4
        ("GF-412-E", "E"),
        ("N-001-SI", "I"),
        ("12-BUR-3", "U"),
        ("12abc3", "A, C"),  # C and Q look like a zero
        ("K-12-BQF", "Q"),
        ("12-BYR-3", "Y"),
        ("B-123-OD", "O"),  # O only as the first letter (semi-trailers)
    ],
)
def test_letters_the_rdw_does_not_issue_are_refused_by_name(typed, letters):
    with pytest.raises(ValidationError) as refused:
        normalise_plate(typed)
    assert refused.value.code == "plate_letters"
    message = refused.value.messages[0]
    assert f"dit kenteken heeft {letters}." in message
    assert "klinkers" in message and "0 (nul)" in message and "buitenlands of onvolledig kenteken" in message
    assert sidecode(typed) is None


@pytest.mark.parametrize(
    ("typed", "written"), [("ab-12-34", "AB-12-34"), ("12-ca-34", "12-CA-34"), ("12-34-ua", "12-34-UA")]
)
def test_plates_from_before_1978_may_have_any_letter(typed, written):
    assert normalise_plate(typed) == written


def test_a_semi_trailer_starts_with_o():
    assert normalise_plate("o-123-bd") == "O-123-BD"
    assert sidecode("OB-12-DF") == 4


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("b-mw 1234", "B-MW 1234"),
        ("  12   b ", "12 B"),
        ("ab 123 cd", "AB 123 CD"),
        ("m-öü 12", "M-ÖÜ 12"),
        ("12", "12"),
    ],
)
def test_a_foreign_or_partial_plate_is_kept_as_given_in_upper_case(typed, kept):
    assert normalise_unverified_plate(typed) == kept


@pytest.mark.parametrize("typed", ["ABCDEFGHIJKLM", "12?B", "12..B", "AB_12", "12--B", "-12"])
def test_a_foreign_plate_has_only_letters_digits_dashes_and_spaces(typed):
    with pytest.raises(ValidationError) as refused:
        normalise_unverified_plate(typed)
    assert refused.value.code == "plate_unverified_format"
    assert "hooguit 12 letters, cijfers, streepjes en spaties" in refused.value.messages[0]


def test_a_foreign_plate_may_not_be_empty():
    with pytest.raises(ValidationError) as refused:
        normalise_unverified_plate("  ")
    assert refused.value.code == "plate_required"
