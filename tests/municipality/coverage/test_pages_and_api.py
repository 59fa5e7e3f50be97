"""The coverage page, its CSV and map data, the API and the dashboard section: per role, and the same numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from buurtwacht.accounts.models import RoleKind
from buurtwacht.municipality.coverage.services import coverage_refresh
from tests.factories import UserFactory, login_with_second_factor, make_role, make_town

pytestmark = pytest.mark.django_db

CODE = "GM9901"
PAGE = reverse("coverage:map", kwargs={"code": CODE})
CSV = reverse("coverage:csv", kwargs={"code": CODE})
GEOJSON = reverse("coverage:geojson", kwargs={"code": CODE})
API = f"/api/v1/gemeenten/{CODE}/coverage"


def persona(tiny, name: str):
    if name == "anonymous":
        return None
    if name == "resident":
        return UserFactory()
    if name == "other_staff":
        other = make_town(code="9902", name="Anderdorp")
        user = UserFactory()
        make_role(user, RoleKind.MUNICIPAL, other.gemeente)
        return user
    return getattr(tiny, name)


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("anonymous", False),
        ("resident", False),
        ("member", False),
        ("admin", False),
        ("other_staff", False),
        ("police", True),
        ("staff", True),
    ],
)
def test_only_staff_and_police_of_the_gemeente_see_the_coverage(client, tiny, name, allowed):
    coverage_refresh()
    user = persona(tiny, name)
    if user is not None:
        login_with_second_factor(client, user)
    for url in (PAGE, CSV, GEOJSON):
        response = client.get(url)
        assert (response.status_code == 200) is allowed, (url, response.status_code)
        if not allowed:
            assert response.status_code in (302, 403, 404)
    api = client.get(API)
    assert (api.status_code == 200) is allowed
    if not allowed:
        assert api.status_code == (401 if user is None else 403)
        assert "detail" in api.json()


def test_staff_without_the_second_factor_are_sent_to_it(client, tiny):
    client.force_login(tiny.staff)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert client.get(API).status_code == 403


def test_an_unknown_gemeente_is_not_found(client, tiny):
    login_with_second_factor(client, tiny.staff)
    assert client.get(reverse("coverage:map", kwargs={"code": "GM0000"})).status_code == 404
    assert client.get("/api/v1/gemeenten/GM0000/coverage").status_code == 404


def test_the_api_the_page_and_the_csv_give_the_same_numbers(client, tiny):
    coverage_refresh()
    login_with_second_factor(client, tiny.staff)
    data = client.get(API).json()
    buurten = {b["code"]: b for b in data["buurten"]}
    assert buurten["BU99010001"] == {
        "code": "BU99010001",
        "name": "Proefdorp buurt 0-1",
        "wijk_code": "WK990100",
        "addresses": 2,
        "covered_addresses": 1,
        "households": 450,
        "share": 0.5,
        "members": 0,
        "members_per_100_households": 0.0,
        "groups": 1,
    }
    assert [w["code"] for w in data["wijken"]] == ["WK990100", "WK990101"]
    assert data["wijken"][0]["covered_addresses"] == 5 and data["wijken"][0]["addresses"] == 6

    page = client.get(PAGE).content.decode()
    assert "55,6%" in page  # 5 of 9 addresses in the gemeente
    assert "Proefdorp buurt 1-0" in page and "geen groep" in page

    text = client.get(CSV).content.decode("utf-8-sig")
    rows = {r["buurtcode"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert set(rows) == set(buurten)
    for code, row in rows.items():
        assert int(row["adressen"]) == buurten[code]["addresses"]
        assert int(row["adressen in het gebied van een groep"]) == buurten[code]["covered_addresses"]
        share = float(row["aandeel gedekt (%)"].replace(",", "."))
        assert share == pytest.approx(100 * buurten[code]["share"], abs=0.05)
    assert any("," in row["aandeel gedekt (%)"] for row in rows.values())  # a decimal comma, for Excel-NL
    wijk_text = client.get(CSV + "?per=wijk").content.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(wijk_text), delimiter=";"))) == 2

    features = client.get(GEOJSON).json()["features"]
    by_code = {f["properties"]["code"]: f["properties"] for f in features}
    assert by_code["BU99010100"]["class"] == "none" and by_code["BU99010101"]["class"] == "empty"
    assert by_code["BU99010000"]["class"] == "high" and by_code["BU99010001"]["class"] == "most"


def test_nothing_about_people_is_on_the_page_or_in_the_api(client, tiny):
    coverage_refresh()
    login_with_second_factor(client, tiny.police)
    for response in (client.get(PAGE), client.get(API), client.get(CSV)):
        text = response.content.decode("utf-8-sig")
        assert "Quaxworth" not in text and "Zebulon" not in text and tiny.member.email not in text


def test_the_dashboard_shows_the_share_the_biggest_gaps_and_links_the_page(client, tiny):
    coverage_refresh()
    login_with_second_factor(client, tiny.staff)
    page = client.get(reverse("municipality:overview", kwargs={"code": CODE})).content.decode()
    assert "Dekking per buurt" in page and f'href="{PAGE}"' in page
    assert "55,6%" in page
    assert "Proefdorp buurt 1-0: 3 adressen buiten een groep" in page


def test_the_dashboard_shows_the_coverage_map_from_the_pages_geojson(client, tiny):
    coverage_refresh()
    login_with_second_factor(client, tiny.staff)
    page = client.get(reverse("municipality:overview", kwargs={"code": CODE})).content.decode()
    geojson = reverse("coverage:geojson", kwargs={"code": CODE})
    assert "data-coverage-map" in page and f'data-src="{geojson}"' in page
    assert "coverage/coverage-map.js" in page and "vendor/leaflet/leaflet.js" in page
    assert "coverage/coverage.css" in page and 'id="coverage-dashboard-legend"' in page
    assert "Proefdorp buurt 1-0: 3 adressen buiten een groep" in page  # the text alternative stays


def test_the_dashboard_says_when_nothing_is_computed_yet(client, tiny):
    login_with_second_factor(client, tiny.police)
    page = client.get(reverse("municipality:overview", kwargs={"code": CODE})).content.decode()
    assert "nog niet berekend" in page


def test_the_page_says_when_nothing_is_computed_yet(client, tiny):
    login_with_second_factor(client, tiny.staff)
    page = client.get(PAGE).content.decode()
    assert "nog niet berekend" in page
    assert client.get(API).json()["buurten"] == []
