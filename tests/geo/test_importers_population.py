"""The CBS key-figures import: figures by code on existing areas, names only where missing, all-or-nothing."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from buurtwacht.geo.importers import ImportFailed
from buurtwacht.geo.importers.population import import_population
from buurtwacht.geo.index import BUURTEN, layers
from buurtwacht.geo.models import Buurt, Gemeente, Wijk
from buurtwacht.geo.selectors import buurt_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    """The messages are checked in Dutch, whatever language an earlier test left active."""
    with translation.override("nl"):
        yield


BUURT_HEADER = "gemeentecode,gemeentenaam,wijkcode,buurtcode,buurtnaam,aantal_inwoners,huishoudens_totaal,inwoners_0_15"


def write(tmp_path, lines: list[str], name: str = "kwb.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def figures(code: str) -> tuple:
    model = {"BU": Buurt, "WK": Wijk, "GM": Gemeente}[code[:2]]
    area = model.objects.get(code=code)
    return area.name, area.inhabitants, area.households


def buurten_file(tmp_path, **overrides):
    rows = {
        "BU99010000": "GM9901,Proefstad,WK990100,BU99010000,Oude Kern,1590,760,295",
        "BU99010001": "GM9901,Proefstad,WK990100,BU99010001,Noord,2415,,210",
        "BU99010100": "GM9901,Proefstad,WK990101,BU99010100,Haven,,,",
        "BU99019999": "GM9901,Proefstad,WK990199,BU99019999,Nieuwbouw,100,40,5",
        "BU77770000": "GM7777,Elders,WK777700,BU77770000,Elders,5,5,5",
    } | overrides
    return write(tmp_path, [BUURT_HEADER, *rows.values()])


def test_it_sets_figures_by_code_and_skips_codes_without_an_area(tmp_path, town):
    report = import_population(buurten_file(tmp_path))
    assert figures("BU99010000") == ("Proefdorp buurt 0-0", 1590, 760), "a stored name is kept"
    assert figures("BU99010001") == ("Proefdorp buurt 0-1", 2415, None), "an empty cell is unknown"
    assert figures("BU99010100") == ("Proefdorp buurt 1-0", None, None)
    assert figures("BU99010101") == ("Proefdorp buurt 1-1", 1000, 450), "a buurt not in the file is left alone"
    assert report.skipped == 2
    assert str(report).splitlines() == ["3 buurten: 0 nieuw, 3 bijgewerkt", "2 codes zonder gebied overgeslagen."]


def test_names_fill_in_areas_without_one_and_reach_the_lookup_index(tmp_path, town):
    Buurt.objects.filter(code="BU99010000").update(name="")
    Wijk.objects.filter(code="WK990100").update(name="")
    Gemeente.objects.filter(code="GM9901").update(name="")
    layers.get(BUURTEN)
    lines = [
        "gemeentecode,gemeentenaam,wijkcode,wijknaam,buurtcode,buurtnaam,aantal_inwoners,huishoudens_totaal",
        "GM9901,Proefstad,WK990100,Westkant,BU99010000,Oude Kern,1590,760",
    ]
    import_population(write(tmp_path, lines))
    assert figures("BU99010000")[0] == "Oude Kern"
    assert figures("WK990100") == ("Westkant", None, None), "a parent gets the name, not the buurt's figures"
    assert figures("GM9901") == ("Proefstad", 4000, 1800)
    assert buurt_at(5.005, 52.005).gemeente.name == "Proefstad"


def test_wijk_and_gemeente_rows_set_their_own_figures(tmp_path, town):
    import_population(
        write(
            tmp_path,
            [
                "gemeentecode;gemeentenaam;wijkcode;wijknaam;aantal_inwoners;huishoudens_totaal",
                "GM9901;Proefdorp;WK990101;Oost;2100;900",
            ],
        )
    )
    import_population(
        write(tmp_path, ["gemeentecode,gemeentenaam,aantal_inwoners,huishoudens_totaal", "GM9901,P,4100,"])
    )
    assert figures("WK990101") == ("Proefdorp wijk 1", 2100, 900)
    assert figures("GM9901") == ("Proefdorp", 4100, None)
    # The CBS cross-check layout: one `code` column for all levels and only inhabitants; households stay.
    import_population(
        write(tmp_path, ["code,soort_regio,AantalInwoners_5", "WK990101,wijk,2150", "GM9901,gemeente,4150"])
    )
    assert figures("WK990101")[1:] == (2150, 900)
    assert figures("GM9901")[1:] == (4150, None)


def test_a_second_run_changes_nothing(tmp_path, town):
    import_population(buurten_file(tmp_path))
    report = import_population(buurten_file(tmp_path))
    assert (report.of("buurten").updated, report.of("buurten").unchanged) == (0, 3)
    assert figures("BU99010000")[1:] == (1590, 760)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("GM9901,Proefstad,WK990101,BU99010101,Zuid,1.590,700,5", "Regel 4: '1.590' in kolom aantal_inwoners is geen"),
        ("GM9901,Proefstad,WK990101,BU99010101,Zuid,1590,-7,5", "Regel 4: '-7' in kolom huishoudens_totaal is geen"),
        ("GM9901,Proefstad,WK990101,BU9901010,Zuid,1590,700,5", "Regel 4: 'BU9901010' is geen CBS-code"),
        ("GM9901,Proefstad,WK990101,BU99010101,Zuid,1590,700", "Regel 4: 7 velden in plaats van 8"),
        ("GM9901,Proefstad,WK990100,BU99010000,Zuid,1590,700,5", "Regel 4: code BU99010000 staat ook al op regel 2"),
    ],
)
def test_a_malformed_row_aborts_the_whole_import_and_names_its_line(tmp_path, town, row, message):
    lines = [BUURT_HEADER, "GM9901,Proefstad,WK990100,BU99010000,Oude Kern,1,1,1", "GM9901,,,BU99010001,,2,2,2", row]
    with pytest.raises(ImportFailed, match=message):
        import_population(write(tmp_path, lines))
    assert figures("BU99010000") == ("Proefdorp buurt 0-0", 1000, 450)


def test_a_file_without_codes_or_figures_is_refused(tmp_path, town):
    with pytest.raises(ImportFailed, match="geen CBS-kerncijferbestand"):
        import_population(write(tmp_path, ["straat;huisnummer", "A;1"]))


def test_the_command_prints_a_summary_and_refuses_a_bad_file_in_dutch(tmp_path, town, capsys):
    call_command("import_population", str(buurten_file(tmp_path)))
    out = capsys.readouterr().out
    assert "3 buurten: 0 nieuw, 3 bijgewerkt" in out and "2 codes zonder gebied overgeslagen." in out
    with pytest.raises(CommandError, match="Regel 2: 'veel' in kolom aantal_inwoners"):
        call_command("import_population", str(write(tmp_path, [BUURT_HEADER, "GM9901,,,BU99010000,,veel,1,1"])))
