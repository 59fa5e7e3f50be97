"""Open data: public, without login; active groups only; no personal field in any file; the licence stated."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from buurtwacht.municipality.coverage.open_data import LICENCE, members_rounded
from buurtwacht.municipality.coverage.services import coverage_refresh
from tests.factories import GroupFactory, UserFactory, cell, make_member

pytestmark = pytest.mark.django_db

GEOJSON = "/api/v1/open-data/groups.geojson"
CSV = "/api/v1/open-data/groups.csv"
COVERAGE = "/api/v1/open-data/coverage.csv"


@pytest.fixture
def groups(town):
    active = GroupFactory(
        name="Buurtpreventie Molenhoek",
        slug="groep-van-jan-jansen",
        gemeente=town.gemeente,
        wijk=town.wijken[0],
        contact_name="Jan Jansen",
        contact_email="jan.jansen@example.org",
        contact_phone="06-12345678",
        description="Bel Jan op zijn mobiel",
    )
    for n in range(23):
        make_member(active, UserFactory(first_name=f"Lid{n}", last_name="Verborgen", phone="06-99998888"),
                    admin=n == 0)
    GroupFactory(name="Buurtpreventie Nieuw", geometry=cell(1, 0), gemeente=town.gemeente, pending=True)
    GroupFactory(name="Buurtpreventie Gestopt", geometry=cell(1, 1), gemeente=town.gemeente, inactive=True)
    return active


PERSONAL = ("Jan", "jansen", "06-", "example.org", "Verborgen", "Lid0", "groep-van-jan", "Bel ", "Nieuw", "Gestopt")


def assert_nothing_personal(text: str) -> None:
    for word in PERSONAL:
        assert word.lower() not in text.lower(), word


def test_the_geojson_holds_the_active_groups_without_personal_data(client, groups):
    response = client.get(GEOJSON)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert "license" in response["Link"] and response["X-License"] == LICENCE
    text = b"".join(response.streaming_content).decode()
    assert_nothing_personal(text)
    data = json.loads(text)
    assert data["license"] == LICENCE and "CBS" in data["attribution"]
    [feature] = data["features"]
    assert set(feature["properties"]) == {
        "name", "gemeente_code", "gemeente", "wijk_code", "wijk", "founded_on", "members_rounded",
    }
    assert feature["properties"]["name"] == "Buurtpreventie Molenhoek"
    assert feature["properties"]["members_rounded"] == 20
    assert feature["properties"]["gemeente_code"] == "GM9901" and feature["properties"]["wijk_code"] == "WK990100"
    assert feature["geometry"]["type"] == "Polygon"


def test_the_csv_holds_the_same_groups_and_states_the_licence(client, groups):
    response = client.get(CSV)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content)
    assert not raw.startswith("\ufeff".encode())  # for programs (RFC 4180): no BOM, commas
    text = raw.decode("utf-8")
    assert_nothing_personal(text)
    [row] = list(csv.DictReader(io.StringIO(text), delimiter=","))
    assert row["naam"] == "Buurtpreventie Molenhoek" and row["deelnemers_afgerond"] == "20"
    assert row["gebied_wkt"].startswith("POLYGON ((5") and row["licentie"] == LICENCE
    assert row["id"] == str(groups.pk)


def test_the_coverage_csv_counts_per_buurt_without_people(client, groups):
    coverage_refresh()
    response = client.get(COVERAGE)
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=","))
    assert len(rows) == 4 and {r["licentie"] for r in rows} == {LICENCE}
    assert "deelnemers die er wonen" not in rows[0] and "deelnemers per 100 huishoudens" not in rows[0]
    assert rows[0]["buurtcode"] == "BU99010000" and rows[0]["gemeentecode"] == "GM9901"
    assert all("," not in r["aandeel gedekt (%)"] and float(r["aandeel gedekt (%)"]) >= 0 for r in rows)


def test_the_open_data_page_says_the_csv_files_are_for_programs(client):
    page = client.get(reverse("open_data:about")).content.decode()
    assert "RFC 4180" in page and "punt als decimaalteken" in page


def test_many_groups_stream_in_chunks(client, town):
    for n in range(1200):
        GroupFactory(name=f"Groep {n}", geometry=cell(0, 0), gemeente=town.gemeente)
    response = client.get(GEOJSON)
    chunks = list(response.streaming_content)
    assert len(chunks) >= 3  # the head, a chunk of a thousand, the rest
    assert len(json.loads(b"".join(chunks))["features"]) == 1200
    lines = b"".join(client.get(CSV).streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1201


def test_an_empty_register_is_still_valid(client, town):
    data = json.loads(b"".join(client.get(GEOJSON).streaming_content))
    assert data["features"] == []


@pytest.mark.parametrize(("count", "rounded"), [(0, 0), (4, 0), (5, 10), (14, 10), (15, 20), (23, 20), (105, 110)])
def test_members_are_rounded_to_tens(count, rounded):
    assert members_rounded(count) == rounded


def test_the_open_data_page_states_the_licence_and_is_in_the_footer(client, town):
    page = client.get(reverse("open_data:about")).content.decode()
    assert "CC BY 4.0" in page and "/api/v1/open-data/groups.geojson" in page
    home = client.get("/").content.decode()
    assert reverse("open_data:about") in home
