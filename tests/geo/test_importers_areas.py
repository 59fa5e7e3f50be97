"""The CBS areas import: levels from properties, derived wijken and gemeenten, idempotence, all-or-nothing."""

import json
import re

import pytest
import shapely
import zstandard
from django.core.management import CommandError, call_command
from django.utils import translation
from shapely.geometry import mapping, shape

from buurtwacht.geo.importers import ImportFailed
from buurtwacht.geo.importers.areas import import_areas
from buurtwacht.geo.index import BUURTEN, layers
from buurtwacht.geo.models import AreaVersion, Buurt, Gemeente, Wijk
from buurtwacht.geo.selectors import buurt_at
from tests.factories import cell

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    """The messages are checked in Dutch, whatever language an earlier test left active."""
    with translation.override("nl"):
        yield


def buurt_feature(i: int, j: int, *, gemeente: str = "9902", name: str | None = None, geometry=None) -> dict:
    """A buurt of the grid town as the national CBS file has it: codes only (a name when given)."""
    code = f"BU{gemeente}{i:02d}{j:02d}"
    props = {"buurtcode": code, "wijkcode": f"WK{gemeente}{i:02d}", "gemeentecode": f"GM{gemeente}"}
    if name:
        props["buurtnaam"] = name
    return {"type": "Feature", "properties": props, "geometry": geometry or mapping(cell(i, j))}


def write(tmp_path, features: list[dict], name: str = "areas.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def grid(columns: int = 2, rows: int = 2, **kwargs) -> list[dict]:
    return [buurt_feature(i, j, **kwargs) for i in range(columns) for j in range(rows)]


def counts() -> tuple[int, int, int]:
    return Buurt.objects.count(), Wijk.objects.count(), Gemeente.objects.count()


def test_a_codes_only_buurten_file_creates_wijken_and_gemeenten_from_the_codes(tmp_path):
    report = import_areas(write(tmp_path, grid()))
    assert counts() == (4, 2, 1)
    assert str(report).splitlines() == [
        "4 buurten: 4 nieuw, 0 bijgewerkt",
        "2 wijken: 2 nieuw, 0 bijgewerkt",
        "1 gemeenten: 1 nieuw, 0 bijgewerkt",
    ]
    buurt = Buurt.objects.select_related("wijk", "gemeente").get(code="BU99020101")
    assert (buurt.wijk.code, buurt.gemeente.code, buurt.wijk.gemeente.code) == ("WK990201", "GM9902", "GM9902")
    assert buurt.name == ""
    assert (buurt.min_lon, buurt.min_lat, buurt.max_lon, buurt.max_lat) == (5.01, 52.01, 5.02, 52.02)
    # Without polygons of their own, wijk and gemeente get the union of their buurten.
    wijk = Wijk.objects.get(code="WK990201")
    assert shape(wijk.geometry).equals(shapely.box(5.01, 52.0, 5.02, 52.02))
    gemeente = Gemeente.objects.get(code="GM9902")
    assert shape(gemeente.geometry).equals(shapely.box(5.0, 52.0, 5.02, 52.02))
    assert (gemeente.min_lon, gemeente.max_lat) == (5.0, 52.02)


def test_the_buurt_index_sees_the_import_at_once_and_a_rerun_without_changes_keeps_it(tmp_path):
    layers.get(BUURTEN)  # built (empty) before the import
    import_areas(write(tmp_path, grid()))
    assert buurt_at(5.015, 52.005).buurt.code == "BU99020100"
    stamp = AreaVersion.objects.get(layer=BUURTEN).version
    import_areas(write(tmp_path, grid()))
    assert AreaVersion.objects.get(layer=BUURTEN).version == stamp


def test_a_second_run_updates_and_never_duplicates(tmp_path):
    import_areas(write(tmp_path, grid()))
    again = import_areas(write(tmp_path, grid()))
    assert counts() == (4, 2, 1)
    assert again.of("buurten").unchanged == 4 and again.of("wijken").unchanged == 2

    features = grid()
    features[0] = buurt_feature(0, 0, name="Centrum", geometry=mapping(shapely.box(5.0, 51.99, 5.01, 52.01)))
    report = import_areas(write(tmp_path, features))
    assert counts() == (4, 2, 1)
    assert (report.of("buurten").updated, report.of("buurten").unchanged) == (1, 3)
    buurt = Buurt.objects.get(code="BU99020000")
    assert (buurt.name, buurt.min_lat) == ("Centrum", 51.99)
    # The derived outlines follow the reshaped buurt.
    assert Wijk.objects.get(code="WK990200").min_lat == 51.99
    assert Gemeente.objects.get(code="GM9902").min_lat == 51.99
    assert Wijk.objects.get(code="WK990201").min_lat == 52.0


def test_names_are_kept_when_a_file_has_none(tmp_path):
    named = [buurt_feature(0, 0, name="Centrum")]
    named[0]["properties"] |= {"wijknaam": "Binnenstad", "gemeentenaam": "Proefstad"}
    import_areas(write(tmp_path, named))
    import_areas(write(tmp_path, grid()))
    assert Buurt.objects.get(code="BU99020000").name == "Centrum"
    assert Wijk.objects.get(code="WK990200").name == "Binnenstad"
    assert Gemeente.objects.get(code="GM9902").name == "Proefstad"


def test_a_wijken_file_gives_its_own_outline_and_an_unchanged_buurten_file_keeps_it(tmp_path):
    import_areas(write(tmp_path, grid()))
    official = shapely.box(5.0, 52.0, 5.0105, 52.0205)
    wijk = {
        "type": "Feature",
        "properties": {
            "wijkcode": "WK990200",
            "wijknaam": "West",
            "gemeentecode": "GM9902",
            "gemeentenaam": "Proefstad",
        },
        "geometry": mapping(official),
    }
    report = import_areas(write(tmp_path, [wijk], "wijken.geojson"))
    assert [*report.counts] == ["wijken", "gemeenten"]
    assert report.of("wijken").updated == 1
    stored = Wijk.objects.get(code="WK990200")
    assert (stored.name, stored.max_lon) == ("West", 5.0105)
    assert Gemeente.objects.get(code="GM9902").name == "Proefstad"
    assert buurt_at(5.005, 52.005).wijk.name == "West"

    import_areas(write(tmp_path, grid()))
    assert shape(Wijk.objects.get(code="WK990200").geometry).equals(official)


def test_the_derived_outline_includes_buurten_already_stored(tmp_path):
    import_areas(write(tmp_path, grid()))
    import_areas(write(tmp_path, [buurt_feature(2, 0, geometry=mapping(shapely.box(5.0, 52.02, 5.01, 52.03)))]))
    # BU99020200 lies in a new wijk 02; the gemeente outline now holds all five buurten.
    assert shape(Gemeente.objects.get(code="GM9902").geometry).equals(
        shapely.box(5.0, 52.0, 5.02, 52.02).union(shapely.box(5.0, 52.02, 5.01, 52.03))
    )


def test_an_invalid_polygon_is_repaired(tmp_path):
    bowtie = {"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.01, 52.01], [5.01, 52.0], [5.0, 52.01], [5.0, 52.0]]]}
    import_areas(write(tmp_path, [buurt_feature(0, 0, geometry=bowtie)]))
    geometry = shape(Buurt.objects.get().geometry)
    assert geometry.is_valid and geometry.geom_type == "MultiPolygon"
    assert geometry.area == pytest.approx(0.01 * 0.01 / 2)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"geometry": None}, "Object nr. 3 (BU99020200) heeft geen geometrie"),
        ({"properties": {"buurtcode": "BU12"}}, "Object nr. 3: 'BU12' is geen geldige buurtcode"),
        ({"properties": {"naam": "x"}}, "Object nr. 3 heeft geen buurtcode, wijkcode of gemeentecode"),
        ({"geometry": mapping(shapely.box(155000, 463000, 156000, 464000))}, "Object nr. 3 (BU99020200) ligt buiten"),
        ({"geometry": {"type": "Point", "coordinates": [5.0, 52.0]}}, "geen vlak maar Point"),
        ({"properties": {"buurtcode": "BU99020100", "gemeentecode": "GM0718"}}, "gemeentecode GM0718 past niet"),
        ({"properties": {"buurtcode": "BU99020000"}}, "Object nr. 3 (BU99020000): de code komt al eerder voor"),
    ],
)
def test_a_bad_feature_leaves_the_database_as_it_was(tmp_path, town, bad, message):
    before, stamp = counts(), AreaVersion.objects.get(layer=BUURTEN).version
    features = grid(3, 1) + grid(1, 1, gemeente="9903")
    features[2] = {**features[2], **bad}
    with pytest.raises(ImportFailed, match=re.escape(message)):
        import_areas(write(tmp_path, features))
    assert counts() == before
    assert AreaVersion.objects.get(layer=BUURTEN).version == stamp


def test_a_file_that_is_no_geojson_is_refused(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [}', encoding="utf-8")
    with pytest.raises(ImportFailed, match="geen geldige JSON.*regel 2"):
        import_areas(path)
    with pytest.raises(ImportFailed, match="bestaat niet"):
        import_areas(tmp_path / "missing.geojson")


def test_a_zstd_compressed_file_is_read(tmp_path):
    plain = write(tmp_path, grid())
    packed = tmp_path / "areas.geojson.zst"
    packed.write_bytes(zstandard.ZstdCompressor().compress(plain.read_bytes()))
    import_areas(packed)
    assert counts() == (4, 2, 1)


def test_the_command_prints_a_summary_and_refuses_a_bad_file_in_dutch(tmp_path, capsys):
    call_command("import_areas", str(write(tmp_path, grid())), "--quiet")
    out = capsys.readouterr().out
    assert "4 buurten: 4 nieuw, 0 bijgewerkt" in out
    with pytest.raises(CommandError, match="Import afgebroken, er is niets gewijzigd. Object nr. 1"):
        call_command("import_areas", str(write(tmp_path, [{"type": "Feature", "properties": {}}])))
