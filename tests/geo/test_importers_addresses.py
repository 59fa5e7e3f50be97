"""The BAG address import: streaming upsert, .zst input, row validation with line numbers, all-or-nothing."""

import re

import pytest
import zstandard
from django.core.management import CommandError, call_command
from django.utils import translation

from buurtwacht.geo.importers import ImportFailed, addresses
from buurtwacht.geo.importers.addresses import import_addresses
from buurtwacht.geo.models import Address

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    """The messages are checked in Dutch, whatever language an earlier test left active."""
    with translation.override("nl"):
        yield


HEADER = "straat;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;gemeente;provincie;lat;lon"
ROWS = [
    "Hendrikstraat;1;;;4381AA;Vlissingen;Vlissingen;Zeeland;51.44194523;3.57909948",
    "Hendrikstraat;3;a;;4381AA;Vlissingen;Vlissingen;Zeeland;51.44199045;3.579083",
    "Hendrikstraat;3;;bis;4381AA;Vlissingen;Vlissingen;Zeeland;51.44199;3.57908",
    "Badhuisstraat;12;B;2;4381 lt;Vlissingen;Vlissingen;Zeeland;51.4420;3.5700",
    "Kerkhof;32;;;4301EP;Zierikzee;Schouwen-Duiveland;Zeeland;51.65066398;3.91492154",
]


def write(tmp_path, rows: list[str], name: str = "bag.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_it_imports_the_rows_with_their_house_numbers_and_points(tmp_path):
    report = import_addresses(write(tmp_path, ROWS))
    assert Address.objects.count() == 5
    assert str(report) == "5 adressen: 5 nieuw, 0 bijgewerkt"
    address = Address.objects.get(postcode="4381LT")
    assert (address.street, address.number, address.letter, address.addition) == ("Badhuisstraat", 12, "B", "2")
    assert (address.place, address.municipality_name, address.lat, address.lon) == (
        "Vlissingen",
        "Vlissingen",
        51.442,
        3.57,
    )
    assert Address.objects.filter(postcode="4381AA", number=3).count() == 2


def test_a_second_run_updates_and_never_duplicates(tmp_path):
    import_addresses(write(tmp_path, ROWS))
    moved = [ROWS[0].replace("51.44194523", "51.44200000").replace("Hendrikstraat", "Hendrikplein"), *ROWS[1:]]
    report = import_addresses(
        write(tmp_path, [*moved, "Nieuwstraat;7;;;4381AB;Vlissingen;Vlissingen;Zeeland;51.4;3.5"])
    )
    assert Address.objects.count() == 6
    assert (report.of("adressen").created, report.of("adressen").updated) == (1, 5)
    address = Address.objects.get(postcode="4381AA", number=1)
    assert (address.street, address.lat) == ("Hendrikplein", 51.442)


def test_a_repeated_address_in_the_file_is_stored_once_with_the_last_point(tmp_path, monkeypatch):
    monkeypatch.setattr(addresses, "BATCH", 2)  # the repeat falls in a later batch as well as in the same one
    repeat = ROWS[0].replace("51.44194523", "51.44190000")
    report = import_addresses(write(tmp_path, [*ROWS, repeat, ROWS[1]]))
    assert Address.objects.count() == 5
    assert report.duplicates == 2
    assert "2 regels herhaalden een adres" in str(report)
    assert Address.objects.get(postcode="4381AA", number=1).lat == 51.4419


def test_a_zstd_compressed_extract_is_streamed(tmp_path):
    plain = write(tmp_path, ROWS)
    packed = tmp_path / "bag.csv.zst"
    packed.write_bytes(zstandard.ZstdCompressor().compress(plain.read_bytes()))
    import_addresses(packed)
    assert Address.objects.count() == 5


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Straat;1;;;438AA;Vlissingen;Vlissingen;Zeeland;51.4;3.5", "Regel 4: '438AA' is geen geldige postcode"),
        ("Straat;een;;;4381AA;Vlissingen;Vlissingen;Zeeland;51.4;3.5", "Regel 4: 'een' is geen geldig huisnummer"),
        ("Straat;0;;;4381AA;Vlissingen;Vlissingen;Zeeland;51.4;3.5", "Regel 4: '0' is geen geldig huisnummer"),
        ("Straat;1;ab;;4381AA;Vlissingen;Vlissingen;Zeeland;51.4;3.5", "Regel 4: 'ab' is geen geldige huisletter"),
        ("Straat;1;;12345;4381AA;Vlissingen;Vlissingen;Zeeland;51.4;3.5", "Regel 4: '12345' is geen geldige huisnum"),
        ("Straat;1;;;4381AA;Vlissingen;Vlissingen;Zeeland;51,4;3.5", "Regel 4: de breedtegraad (lat) '51,4' is geen"),
        ("Straat;1;;;4381AA;Vlissingen;Vlissingen;Zeeland;3.5;51.4", "Regel 4: de breedtegraad (lat) 3.5 ligt buiten"),
        ("Straat;1;;;4381AA;Vlissingen;Vlissingen;Zeeland;51.4;nan", "Regel 4: de lengtegraad (lon) nan ligt buiten"),
        ("Straat;1;;;4381AA;Vlissingen;Vlissingen;Zeeland;51.4", "Regel 4: 9 velden in plaats van 10"),
        (";1;;;4381AA;Vlissingen;Vlissingen;Zeeland;51.4;3.5", "Regel 4: de kolom straat is leeg"),
    ],
)
def test_a_bad_row_aborts_the_whole_import_and_names_its_line(tmp_path, monkeypatch, row, message):
    import_addresses(write(tmp_path, ROWS[:1]))
    monkeypatch.setattr(addresses, "BATCH", 2)  # lines 2 and 3 are written before line 4 is read
    changed = ROWS[0].replace("51.44194523", "51.5")
    with pytest.raises(ImportFailed, match=re.escape(message)):
        import_addresses(write(tmp_path, [changed, ROWS[1], row, *ROWS[2:]]))
    assert Address.objects.count() == 1
    assert Address.objects.get().lat == 51.44194523


def test_a_line_that_is_not_utf8_is_named(tmp_path):
    path = write(tmp_path, ROWS)
    path.write_bytes(path.read_bytes().replace(b"Badhuisstraat", b"Badhu\xefsstraat"))
    with pytest.raises(ImportFailed, match="Regel 5: de tekst is geen UTF-8"):
        import_addresses(path)
    assert Address.objects.count() == 0


def test_missing_columns_are_named(tmp_path):
    path = tmp_path / "bag.csv"
    path.write_text("straat;huisnummer;postcode;woonplaats;lat;lon\nA;1;4381AA;V;51.4;3.5\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="huisletter, huisnummertoevoeging ontbreken"):
        import_addresses(path)


def test_the_command_prints_a_summary_and_refuses_a_bad_file_in_dutch(tmp_path, capsys):
    call_command("import_addresses", str(write(tmp_path, ROWS)), verbosity=1)
    assert "5 adressen: 5 nieuw, 0 bijgewerkt" in capsys.readouterr().out
    with pytest.raises(CommandError, match="niets gewijzigd. Regel 2: 'x' is geen geldig huisnummer"):
        call_command("import_addresses", str(write(tmp_path, [ROWS[0].replace(";1;", ";x;")])))
    assert Address.objects.count() == 5
