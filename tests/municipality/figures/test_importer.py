"""`buurtwacht import-crime`: CBS tables 47018NED (years) and 47022NED (months), as CSV and as OData JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from buurtwacht.geo.importers import ImportFailed
from buurtwacht.municipality.figures.importer import import_crime
from buurtwacht.municipality.figures.models import AreaLevel, CrimeFigure, PeriodKind

pytestmark = pytest.mark.django_db

HEADER = "ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n"

# As CBS writes it: quoted, the kind with a trailing space, area codes padded with spaces.
GOOD = HEADER + (
    '"1";"0.0.0 ";"GM0599    ";"2025MM01";"812"\n'
    '"2";"0.0.0 ";"BU05990101";"2025MM01";"17"\n'
    '"3";"1.1.1 ";"BU05990101";"2025MM01";""\n'  # suppressed
    '"4";"1.1.1 ";"WK059901  ";"2025MM01";"."\n'  # suppressed, the other way CBS writes it
    '"5";"1.4.5 ";"BU05990101";"2025MM01";"3"\n'  # another kind: read, checked, skipped
    '"6";"0.0.0 ";"NL00      ";"2025MM01";"66000"\n'
)


def write(tmp_path, text: str, name: str = "misdrijven.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored() -> dict:
    return {
        (f.area_code, f.crime_kind, f.period_kind, f.period_start): (f.count, f.level, f.source)
        for f in CrimeFigure.objects.all()
    }


def test_it_reads_a_cbs_csv_with_quotes_trailing_spaces_and_padded_codes(tmp_path):
    report = import_crime(write(tmp_path, GOOD))

    rows = stored()
    assert len(rows) == 5
    jan = dt.date(2025, 1, 1)
    assert rows[("GM0599", "0.0.0", PeriodKind.MONTH, jan)][:2] == (812, AreaLevel.GEMEENTE)
    assert rows[("BU05990101", "0.0.0", PeriodKind.MONTH, jan)][:2] == (17, AreaLevel.BUURT)
    assert rows[("NL00", "0.0.0", PeriodKind.MONTH, jan)][:2] == (66000, AreaLevel.COUNTRY)
    assert rows[("BU05990101", "0.0.0", PeriodKind.MONTH, jan)][2] == "Politie, via CBS (tabel 47022NED)"
    assert report.of("misdrijfcijfers").created == 5
    assert any("1 regels over andere soorten" in note for note in report.notes)


def test_an_empty_or_dotted_value_is_stored_as_unknown_never_as_zero(tmp_path):
    report = import_crime(write(tmp_path, GOOD))

    rows = stored()
    jan = dt.date(2025, 1, 1)
    assert rows[("BU05990101", "1.1.1", PeriodKind.MONTH, jan)][0] is None
    assert rows[("WK059901", "1.1.1", PeriodKind.MONTH, jan)][0] is None
    assert not CrimeFigure.objects.filter(count=0).exists()
    assert any("2 waarden zijn geheim of onbekend" in note for note in report.notes)


def test_a_year_is_stored_as_a_year(tmp_path):
    import_crime(write(tmp_path, HEADER + '1;"1.1.1 ";"BU05990101";"2024JJ00";"9"\n'))

    figure = CrimeFigure.objects.get()
    assert (figure.period_kind, figure.period_start, figure.count) == (PeriodKind.YEAR, dt.date(2024, 1, 1), 9)
    assert figure.source == "Politie, via CBS (tabel 47018NED)"


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    path = write(tmp_path, GOOD)
    import_crime(path)
    before = stored()
    ids = sorted(CrimeFigure.objects.values_list("pk", flat=True))

    report = import_crime(path)

    assert stored() == before
    assert sorted(CrimeFigure.objects.values_list("pk", flat=True)) == ids
    counts = report.of("misdrijfcijfers")
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 5)


def test_a_newer_file_updates_a_changed_figure_and_keeps_the_others(tmp_path):
    import_crime(write(tmp_path, GOOD))
    newer = HEADER + '"2";"0.0.0 ";"BU05990101";"2025MM01";"19"\n'

    report = import_crime(write(tmp_path, newer, "nieuw.csv"))

    assert stored()[("BU05990101", "0.0.0", PeriodKind.MONTH, dt.date(2025, 1, 1))][0] == 19
    assert CrimeFigure.objects.count() == 5
    assert report.of("misdrijfcijfers").updated == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('"7";"0.0.0 ";"BU0599010";"2025MM01";"4"', "'BU0599010' in kolom WijkenEnBuurten"),
        ('"7";"0.0.0 ";"BU05990102";"2025KW01";"4"', "'2025KW01' in kolom Perioden"),
        ('"7";"0.0.0 ";"BU05990102";"2025MM13";"4"', "'2025MM13' in kolom Perioden"),
        ('"7";"0.0.0 ";"BU05990102";"2025MM01";"-4"', "'-4' in kolom GeregistreerdeMisdrijven_1"),
        ('"7";"0.0.0 ";"BU05990102";"2025MM01";"vier"', "'vier' in kolom GeregistreerdeMisdrijven_1"),
        ('"7";"";"BU05990102";"2025MM01";"4"', "kolom SoortMisdrijf"),
        ('"7";"0.0.0 ";"BU05990102";"2025MM01"', "4 velden in plaats van 5"),
        ('"7";"0.0.0 ";"BU05990101";"2025MM01";"18"', "staat ook al in regel 3"),
    ],
)
def test_one_malformed_line_imports_nothing_and_names_the_line(tmp_path, line, message):
    import_crime(write(tmp_path, HEADER + '"1";"1.1.1 ";"BU05990101";"2024JJ00";"9"\n', "eerder.csv"))
    before = stored()

    with pytest.raises(ImportFailed) as failed:
        import_crime(write(tmp_path, GOOD + line + "\n"))

    assert str(failed.value).startswith("Regel 8: ")
    assert message in str(failed.value)
    assert stored() == before  # the good lines before it were not written either


def test_a_file_without_the_columns_is_refused(tmp_path):
    with pytest.raises(ImportFailed, match="GeregistreerdeMisdrijven_1"):
        import_crime(write(tmp_path, "ID;SoortMisdrijf;WijkenEnBuurten;Perioden\n1;0.0.0 ;GM0599;2024JJ00\n"))


def typed_dataset(rows):
    return {"odata.metadata": "https://dataderden.cbs.nl/ODataApi/odata/47022NED/$metadata", "value": rows}


JSON_ROWS = [
    {"ID": 0, "SoortMisdrijf": "0.0.0 ", "WijkenEnBuurten": "BU05990101", "Perioden": "2024JJ00",
     "GeregistreerdeMisdrijven_1": 201},
    {"ID": 1, "SoortMisdrijf": "1.1.1 ", "WijkenEnBuurten": "BU05990101", "Perioden": "2024JJ00",
     "GeregistreerdeMisdrijven_1": None},
]


@pytest.mark.parametrize("wrap", [typed_dataset, list], ids=["TypedDataSet", "bare list"])
def test_it_reads_the_odata_json(tmp_path, wrap):
    path = tmp_path / "TypedDataSet.json"
    path.write_text(json.dumps(wrap(JSON_ROWS)), encoding="utf-8")

    import_crime(path)

    rows = stored()
    assert rows[("BU05990101", "0.0.0", PeriodKind.YEAR, dt.date(2024, 1, 1))][0] == 201
    assert rows[("BU05990101", "1.1.1", PeriodKind.YEAR, dt.date(2024, 1, 1))][0] is None


def test_a_malformed_json_row_imports_nothing_and_names_the_row(tmp_path):
    bad = {**JSON_ROWS[0], "Perioden": "2024", "ID": 2}
    path = tmp_path / "TypedDataSet.json"
    path.write_text(json.dumps(typed_dataset([*JSON_ROWS, bad])), encoding="utf-8")

    with pytest.raises(ImportFailed, match="Rij 3: '2024' in kolom Perioden"):
        import_crime(path)
    assert not CrimeFigure.objects.exists()


def test_the_command_prints_a_summary_with_the_source_label(tmp_path, capsys):
    call_command("import_crime", str(write(tmp_path, GOOD)), "--bron", "Politie, via CBS (proef)")

    out = capsys.readouterr().out
    assert "5 misdrijfcijfers: 5 nieuw, 0 bijgewerkt" in out
    assert "Bron: Politie, via CBS (proef)." in out
    assert set(CrimeFigure.objects.values_list("source", flat=True)) == {"Politie, via CBS (proef)"}


def test_the_command_says_in_dutch_that_nothing_changed(tmp_path):
    with pytest.raises(CommandError, match="Import afgebroken, er is niets gewijzigd. Regel 2"):
        call_command("import_crime", str(write(tmp_path, HEADER + '1;"0.0.0 ";"XX12";"2024JJ00";"1"\n')))


def test_a_quoted_header_windows_line_ends_and_a_bom_are_read_alike(tmp_path):
    text = '\ufeff"ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\r\n'
    text += '"0";"1.1.1 ";"GM0599    ";"2024JJ00";"       31"\r\n'
    import_crime(write(tmp_path, text))

    assert CrimeFigure.objects.get().count == 31
