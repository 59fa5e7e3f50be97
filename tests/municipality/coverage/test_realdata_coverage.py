"""Coverage on real data, checked against an independent computation with plain shapely: the national CBS buurten,
the Vlissingen BAG addresses, the Zeeland household figures and groups made of real buurten. The data live beside
the repository in ../shared/data (see tests/realdata/); without them these tests skip."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from buurtwacht.geo.importers.addresses import import_addresses
from buurtwacht.geo.importers.areas import import_areas
from buurtwacht.geo.importers.population import import_population
from buurtwacht.geo.models import Address, AreaVersion, Buurt, Gemeente, Wijk
from buurtwacht.groups.models import Group
from buurtwacht.groups.services import group_approve, group_register
from buurtwacht.municipality.coverage.models import BuurtCoverage, WijkCoverage
from buurtwacht.municipality.coverage.services import coverage_refresh
from tests.realdata.test_realdata_lookup import GROUPS, VLISSINGEN

# Beside the repository (../shared/data), or where BUURTWACHT_SHARED_DATA points (a git worktree lies elsewhere).
DATA = Path(os.environ.get("BUURTWACHT_SHARED_DATA") or Path(__file__).resolve().parents[3].parent / "shared" / "data")
BUURTEN_FILE = DATA / "boundaries" / "buurten_2019_cbs_generalized_nl.geojson"
ADDRESSES_FILE = DATA / "addresses" / "vlissingen_bag_adressen.csv"
POPULATION_FILE = DATA / "population" / "kwb2024_buurten_zeeland.csv"


def address_rows() -> list[dict]:
    with ADDRESSES_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found: {DATA} does not exist"),
]


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        import_areas(BUURTEN_FILE)
        import_addresses(ADDRESSES_FILE)
        import_population(POPULATION_FILE)
        for name, codes in GROUPS.items():
            group = group_register(name=name, contact_name="Test", contact_email="test@example.org", buurt_codes=codes)
            group_approve(group=group, notify=False)  # no mail: nothing outlives the module
        coverage_refresh(gemeente_codes=[VLISSINGEN])
        yield
        Group.objects.all().delete()
        Address.objects.all().delete()
        Buurt.objects.all().delete()
        Wijk.objects.all().delete()
        Gemeente.objects.all().delete()
        AreaVersion.objects.all().delete()


@pytest.fixture(scope="module")
def expected(imported, django_db_blocker):
    """Per Vlissingen buurt: (addresses, covered addresses, households), computed without the app's index."""
    collection = json.loads(BUURTEN_FILE.read_text(encoding="utf-8"))
    polygons = {f["properties"]["buurtcode"]: shape(f["geometry"]) for f in collection["features"]}
    unique = {}
    for r in address_rows():
        unique[(r["postcode"], r["huisnummer"], r["huisletter"], r["huisnummertoevoeging"])] = (
            float(r["lon"]),
            float(r["lat"]),
        )
    lons, lats = np.array(list(unique.values())).T
    near = shapely.box(lons.min() - 0.01, lats.min() - 0.01, lons.max() + 0.01, lats.max() + 0.01)
    candidates = sorted(code for code, polygon in polygons.items() if polygon.intersects(near))
    inside = np.array([shapely.intersects_xy(polygons[c], lons, lats) for c in candidates])
    with django_db_blocker.unblock():
        areas = [shape(area) for area in Group.objects.active().values_list("area", flat=True)]
    covered = shapely.intersects_xy(shapely.union_all(areas), lons, lats)
    with POPULATION_FILE.open(encoding="utf-8", newline="") as fh:
        households = {
            r["buurtcode"]: int(r["huishoudens_totaal"]) if r["huishoudens_totaal"] else None
            for r in csv.DictReader(fh)
            if r["gemeentecode"] == VLISSINGEN
        }
    result = {code: [0, 0, households.get(code)] for code in polygons if code.startswith("BU0718")}
    for n in range(len(lons)):
        hits = [candidates[i] for i in np.flatnonzero(inside[:, n])]
        home = min(hits, key=lambda c: (polygons[c].area, c)) if hits else None  # the smallest, then the lowest code
        if home in result:
            result[home][0] += 1
            result[home][1] += bool(covered[n])
    return {code: tuple(values) for code, values in result.items()}


@pytest.mark.django_db
def test_every_vlissingen_buurt_agrees_with_plain_shapely(expected):
    stored = {
        row.buurt.code: (row.addresses, row.covered_addresses, row.households)
        for row in BuurtCoverage.objects.filter(gemeente__code=VLISSINGEN).select_related("buurt")
    }
    assert len(stored) == 42
    assert stored == expected
    # The groups cover some buurten fully, some partly, and leave gaps.
    shares = [covered / addresses for addresses, covered, _ in expected.values() if addresses]
    assert any(s == 1 for s in shares) and any(s == 0 for s in shares)
    assert sum(a for a, _, _ in expected.values()) > 25_000


@pytest.mark.django_db
def test_the_wijken_add_up_their_buurten(expected):
    for wijk in WijkCoverage.objects.filter(gemeente__code=VLISSINGEN).select_related("wijk"):
        codes = [c for c in expected if c[2:8] == wijk.wijk.code[2:]]
        assert wijk.addresses == sum(expected[c][0] for c in codes)
        assert wijk.covered_addresses == sum(expected[c][1] for c in codes)


@pytest.mark.django_db
def test_recomputing_all_gemeenten_gives_the_same_vlissingen(expected):
    coverage_refresh()
    stored = {
        row.buurt.code: (row.addresses, row.covered_addresses, row.households)
        for row in BuurtCoverage.objects.filter(gemeente__code=VLISSINGEN).select_related("buurt")
    }
    assert stored == expected
    assert BuurtCoverage.objects.count() == 13_594
