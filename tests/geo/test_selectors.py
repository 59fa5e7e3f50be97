import pytest
import shapely
from django.core.exceptions import ValidationError

from buurtwacht.geo.index import BUURTEN, bump_version
from buurtwacht.geo.models import Buurt
from buurtwacht.geo.selectors import address_find, buurt_at, buurt_id_at, normalise_postcode, parse_house_number
from tests.factories import AddressFactory, area_fields, cell


@pytest.mark.parametrize("raw", ["4381AA", "4381 aa", " 4381aa ", "4381  AA"])
def test_postcodes_are_normalised(raw):
    assert normalise_postcode(raw) == "4381AA"


@pytest.mark.parametrize("raw", ["", "0381AA", "438AA", "4381A", "4381 A1", "AA4381"])
def test_a_bad_postcode_is_refused_with_an_example(raw):
    with pytest.raises(ValidationError, match="4381 AA"):
        normalise_postcode(raw)


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("12", (12, "", "")),
        ("12a", (12, "A", "")),
        ("12 A", (12, "A", "")),
        ("12-2", (12, "", "2")),
        ("12a-bis", (12, "A", "BIS")),
        ("12 hs", (12, "", "HS")),
    ],
)
def test_house_numbers_are_split_into_number_letter_and_addition(raw, parsed):
    assert parse_house_number(raw) == parsed


@pytest.mark.parametrize("raw", ["", "0", "a12", "123456", "12 toevoeging"])
def test_a_bad_house_number_is_refused(raw):
    with pytest.raises(ValidationError, match="huisnummer"):
        parse_house_number(raw)


@pytest.mark.django_db
def test_a_plain_number_finds_the_building_when_only_variants_exist():
    AddressFactory(postcode="9901AB", number=7, letter="B")
    AddressFactory(postcode="9901AB", number=7, letter="A")
    assert address_find(postcode="9901AB", number=7).letter == "A"
    assert address_find(postcode="9901AB", number=7, letter="B").letter == "B"
    assert address_find(postcode="9901AB", number=7, letter="C") is None


def test_a_point_in_two_equal_overlapping_buurten_gets_the_lowest_code(town):
    wijk = town.wijken[0]
    Buurt.objects.create(code="BU99010099", wijk=wijk, gemeente=town.gemeente, **area_fields(cell(0, 0)))
    bump_version(BUURTEN)
    assert buurt_at(5.005, 52.005).buurt.code == "BU99010000"
    assert buurt_at(6.0, 52.5) is None


def test_a_point_in_a_village_enclosed_by_a_scattered_houses_buurt_gets_the_village(town):
    """Generalised 2019 polygons: "Verspreide huizen Sluis" (BU17140009) encloses Aardenburg (BU17140200)."""
    wijk = town.wijken[0]
    village = shapely.box(5.004, 52.004, 5.006, 52.006)  # inside cell (0, 0), BU99010000
    Buurt.objects.create(code="BU99010050", wijk=wijk, gemeente=town.gemeente, **area_fields(village))
    bump_version(BUURTEN)
    assert buurt_at(5.005, 52.005).buurt.code == "BU99010050"
    assert buurt_id_at(5.005, 52.005) == Buurt.objects.get(code="BU99010050").pk
    assert buurt_at(5.002, 52.002).buurt.code == "BU99010000"  # the rest stays in the enclosing buurt
