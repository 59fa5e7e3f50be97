"""Real data end to end: the national CBS buurten, the Vlissingen BAG addresses and the Zeeland key figures go in
through the importers, groups are made from real buurten, and the address lookup is checked point by point
against an independent computation with plain shapely on the polygons read straight from the GeoJSON file.

The data live beside the repository in ../shared/data (see its SOURCES.md); without them these tests skip.
"""

import csv
import io
import json
import random
from pathlib import Path

import numpy as np
import pytest
import shapely
import zstandard
from shapely.geometry import shape

from buurtwacht.geo.importers.addresses import import_addresses
from buurtwacht.geo.importers.areas import import_areas
from buurtwacht.geo.importers.population import import_population
from buurtwacht.geo.models import Address, AreaVersion, Buurt, Gemeente, Wijk
from buurtwacht.groups.models import Group
from buurtwacht.groups.selectors import lookup_point
from buurtwacht.groups.services import group_approve, group_register

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
BUURTEN_FILE = DATA / "boundaries" / "buurten_2019_cbs_generalized_nl.geojson"
ADDRESSES_FILE = DATA / "addresses" / "vlissingen_bag_adressen.csv"
ZEELAND_FILE = DATA / "addresses" / "zeeland_bag_adressen.csv.zst"
POPULATION_FILE = DATA / "population" / "kwb2024_buurten_zeeland.csv"

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found: {DATA} does not exist"),
]

VLISSINGEN = "GM0718"
GROUPS = {
    "Buurtpreventie Middengebied": ["BU07180200", "BU07180201", "BU07180202", "BU07180203", "BU07180204"],
    "Buurtpreventie Paauwenburg": ["BU07180204", "BU07180205", "BU07180206", "BU07180207"],  # shares 0204
    "Buurtwacht West-Souburg": [f"BU071805{n:02d}" for n in range(8)],
    "WhatsApp Binnenstad": ["BU07180101"],
}
# Vlissingen has no address on an overlap of two buurten; a sample of the rest of Zeeland has (about 0.6%).
ZEELAND_SAMPLE = 6000
# A group's outline is the union of its buurten with slivers closed (a 1e-5 degree buffer) and coordinates
# rounded; a point closer than this to the plain union's edge may fall either way.
EDGE = 3e-5


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """The three imports once for the module (they take a few seconds); everything is removed afterwards."""
    with django_db_blocker.unblock():
        reports = {
            "areas": import_areas(BUURTEN_FILE),
            "addresses": import_addresses(ADDRESSES_FILE),
            "population": import_population(POPULATION_FILE),
        }
        yield reports
        Group.objects.all().delete()
        Address.objects.all().delete()
        Buurt.objects.all().delete()
        Wijk.objects.all().delete()
        Gemeente.objects.all().delete()
        AreaVersion.objects.all().delete()


@pytest.fixture(scope="module")
def file_buurten() -> dict[str, shapely.Geometry]:
    """The buurt polygons straight from the GeoJSON file, by code."""
    collection = json.loads(BUURTEN_FILE.read_text(encoding="utf-8"))
    return {f["properties"]["buurtcode"]: shape(f["geometry"]) for f in collection["features"]}


def address_rows() -> list[dict]:
    with ADDRESSES_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def zeeland_points(count: int) -> list[tuple[float, float]]:
    """A fixed random sample of the Zeeland addresses outside Vlissingen, read straight from the extract."""
    with ZEELAND_FILE.open("rb") as raw:
        text = io.TextIOWrapper(zstandard.ZstdDecompressor().stream_reader(raw), encoding="utf-8", newline="")
        points = [(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(text, delimiter=";")]
    return random.Random(20240718).sample(points, count)


@pytest.mark.django_db
def test_the_importers_count_what_the_files_hold(imported, file_buurten):
    codes = set(file_buurten)
    areas = imported["areas"]
    assert (areas.of("buurten").created, Buurt.objects.count()) == (13_594, 13_594)
    assert Wijk.objects.count() == len({c[2:8] for c in codes}) == areas.of("wijken").created
    assert Gemeente.objects.count() == len({c[2:6] for c in codes}) == areas.of("gemeenten").created == 355
    assert Buurt.objects.filter(gemeente__code=VLISSINGEN).count() == 42
    assert Wijk.objects.get(code="WK071802").buurten.count() == len([c for c in codes if c.startswith("BU071802")])

    rows = address_rows()
    keys = {(r["postcode"], r["huisnummer"], r["huisletter"], r["huisnummertoevoeging"]) for r in rows}
    assert len(rows) == 26_868
    assert Address.objects.count() == len(keys) == imported["addresses"].of("adressen").created
    assert imported["addresses"].duplicates == len(rows) - len(keys)
    assert set(Address.objects.values_list("municipality_name", flat=True)) == {"Vlissingen"}

    with POPULATION_FILE.open(encoding="utf-8", newline="") as fh:
        population = list(csv.DictReader(fh))
    assert imported["population"].skipped == len({r["buurtcode"] for r in population} - codes)
    assert imported["population"].of("buurten").updated == len({r["buurtcode"] for r in population} & codes)
    expected = {
        r["buurtcode"]: (r["buurtnaam"], int(r["aantal_inwoners"]) if r["aantal_inwoners"] else None)
        for r in population
        if r["gemeentecode"] == VLISSINGEN
    }
    stored = {b.code: (b.name, b.inhabitants) for b in Buurt.objects.filter(gemeente__code=VLISSINGEN)}
    assert stored == expected
    assert Gemeente.objects.get(code=VLISSINGEN).name == "Vlissingen"


@pytest.mark.django_db
def test_lookups_of_real_addresses_agree_with_plain_shapely(imported, file_buurten):
    groups = {}
    for name, codes in GROUPS.items():
        group = group_register(name=name, contact_name="Test", contact_email="test@example.org", buurt_codes=codes)
        groups[group_approve(group=group).pk] = shapely.union_all([file_buurten[c] for c in codes])

    # Every Vlissingen address (where the groups are) and a sample of the rest of Zeeland.
    points = [(float(r["lon"]), float(r["lat"])) for r in address_rows()] + zeeland_points(ZEELAND_SAMPLE)
    lons, lats = np.array(points).T

    # Independently: every buurt polygon of the file near the points, tested against every point at once.
    near = shapely.box(lons.min() - 0.01, lats.min() - 0.01, lons.max() + 0.01, lats.max() + 0.01)
    candidates = sorted(code for code, polygon in file_buurten.items() if polygon.intersects(near))
    inside = np.array([shapely.intersects_xy(file_buurten[c], lons, lats) for c in candidates])  # buurt x point
    in_group = {pk: shapely.intersects_xy(area, lons, lats) for pk, area in groups.items()}
    edge_distance = {pk: shapely.distance(area.boundary, shapely.points(lons, lats)) for pk, area in groups.items()}

    overlaps = outside = grouped = 0
    for n, (lon, lat) in enumerate(zip(lons, lats, strict=True)):
        lookup = lookup_point(lon=float(lon), lat=float(lat), nearby=False)
        hits = [candidates[i] for i in np.flatnonzero(inside[:, n])]
        overlaps += len(hits) > 1
        outside += not hits
        # Of overlapping buurten, the smallest, then the lowest code.
        expected_buurt = min(hits, key=lambda c: (file_buurten[c].area, c)) if hits else None
        assert (lookup.place.buurt.code if lookup.place.buurt else None) == expected_buurt, (lon, lat, hits)
        if expected_buurt:
            assert lookup.place.gemeente.code == "GM" + expected_buurt[2:6]
        found = {g.pk for g in lookup.groups}
        grouped += bool(found)
        for pk in groups:
            if (pk in found) != bool(in_group[pk][n]):
                assert edge_distance[pk][n] < EDGE, (lon, lat, pk)
    # The sample holds the cases the rules are about: overlapping buurten, points outside all, and grouped points.
    assert overlaps > 10 and outside > 0 and grouped > 5000
