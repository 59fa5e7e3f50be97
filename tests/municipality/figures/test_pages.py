"""The figures pages, the CSV and the API: who may see them, and what they show."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtwacht.municipality.figures.importer import import_crime
from tests.factories import login_with_second_factor
from tests.municipality.figures.conftest import crime_csv

pytestmark = pytest.mark.django_db

CODE = "GM9901"
BUURT = "BU99010000"


def urls() -> dict[str, str]:
    return {
        "gemeente": reverse("figures:gemeente", kwargs={"code": CODE}),
        "buurt": reverse("figures:buurt", kwargs={"code": CODE, "buurt": BUURT}),
        "csv": reverse("figures:csv", kwargs={"code": CODE}),
        "api": f"/api/v1/gemeenten/{CODE}/figures",
    }


@pytest.fixture
def crime(world, tmp_path):
    path = tmp_path / "misdrijven.csv"
    path.write_text(crime_csv(), encoding="utf-8")
    import_crime(path)


def sign_in(client, world, persona: str):
    if persona == "anonymous":
        return
    user = getattr(world, persona)
    if persona in ("staff", "police", "other_staff"):
        login_with_second_factor(client, user)
    else:
        client.force_login(user)


@pytest.mark.parametrize("name", ["gemeente", "buurt", "csv", "api"])
@pytest.mark.parametrize("persona", ["staff", "police"])
def test_staff_and_police_of_the_gemeente_see_the_figures(client, world, crime, name, persona):
    sign_in(client, world, persona)
    assert client.get(urls()[name]).status_code == 200


@pytest.mark.parametrize("name", ["gemeente", "buurt", "csv", "api"])
@pytest.mark.parametrize("persona", ["anonymous", "resident", "member", "admin", "other_staff"])
def test_everyone_else_is_refused(client, world, crime, name, persona):
    sign_in(client, world, persona)
    response = client.get(urls()[name])
    if name == "api":
        assert response.status_code == (401 if persona == "anonymous" else 403)
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["gemeente", "buurt", "csv"])
def test_staff_without_the_second_factor_give_it_first(client, world, name):
    client.force_login(world.staff)
    response = client.get(urls()[name])
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_the_page_shows_the_figures_the_source_the_caveat_and_a_table_beside_each_chart(client, world, crime):
    login_with_second_factor(client, world.staff)
    html = client.get(urls()["gemeente"]).content.decode()

    assert "Politie, via CBS (tabel 47018NED)" in html
    assert "Samenhang, geen bewijs." in html
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert html.count("<svg") == 2 and "<caption>Cijfers per jaar voor Proefdorp</caption>" in html
    # No alerts at all: a sentence instead of a chart with an empty 0-1 axis.
    assert "geen meldingen in de groepen geweest" in html
    assert "Voor deze buurten zijn geen misdrijfcijfers ingelezen" in html and "BU99010101" in html
    assert "fictief" not in html


def test_the_buurt_page_shows_counts_under_5_as_below_5(client, world, crime):
    login_with_second_factor(client, world.staff)
    html = client.get(urls()["buurt"]).content.decode()

    # 2023: 4 burglaries in the buurt; the group has 3 members (two admins and a member).
    assert "&lt;\u00a05" in html  # "< 5", kept on one line
    assert "niet betrouwbaar" in html
    assert "Buurtpreventie Molenhoek" in html


def test_active_groups_are_counted_exactly_and_the_question_mark_is_explained(client, world, crime):
    login_with_second_factor(client, world.staff)
    html = client.get(urls()["buurt"]).content.decode()
    # One active group (public on the map): "1", never "< 5"; its 3 members stay masked.
    assert "data-label=\"Actieve groepen\">1</td>" in html
    assert "data-label=\"Deelnemers\">&lt;\u00a05</td>" in html
    assert "? = onbekend of te klein om te tonen" in html  # 2023: 4 burglaries, drawn as "?"


def test_a_buurt_of_another_gemeente_is_not_found(client, world, crime):
    login_with_second_factor(client, world.staff)
    url = reverse("figures:buurt", kwargs={"code": CODE, "buurt": "BU99020000"})
    assert client.get(url).status_code == 404


def test_the_csv_has_a_row_per_area_and_year_with_the_same_masking(client, world, crime):
    login_with_second_factor(client, world.staff)
    response = client.get(urls()["csv"])
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()

    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("niveau;code;naam;jaar;inwoners")
    row_2023 = next(line.split(";") for line in lines if line.startswith(f"buurt;{BUURT};") and ";2023;" in line)
    assert row_2023[10] == "< 5" and row_2023[11] == ""  # 4 burglaries: masked, no rate
    year = str(timezone.now().year)
    current = next(line.split(";") for line in lines if line.startswith(f"buurt;{BUURT};") and f";{year};" in line)
    assert current[5] == "1"  # one active group: exact, groups are public on the map
    row_2019 = next(line.split(";") for line in lines if line.startswith(f"buurt;{BUURT};") and ";2019;" in line)
    assert row_2019[10] == "12" and row_2019[11] == "12,0"


def test_the_api_returns_the_same_per_buurt_figures(client, world, crime):
    login_with_second_factor(client, world.police)
    data = client.get(urls()["api"]).json()

    buurt = next(b for b in data["buurten"] if b["code"] == BUURT)
    years = {y["year"]: y for y in buurt["years"]}
    assert years[2019]["home_burglary"] == 12 and years[2019]["home_burglary_per_1000"] == 12.0
    assert years[2023]["home_burglary"] == "< 5" and years[2023]["home_burglary_per_1000"] is None
    assert buurt["active_groups"] == 1 and years[max(years)]["active_groups"] == 1
    assert buurt["has_crime_figures"] is True
    assert next(b for b in data["buurten"] if b["code"] == "BU99010101")["has_crime_figures"] is False
    assert data["sources"] == ["Politie, via CBS (tabel 47018NED)"]
    assert data["fictional"] is False
    assert "geen bewijs" in data["caveat"]


def test_the_api_names_an_unknown_gemeente(client, world):
    login_with_second_factor(client, world.staff)
    response = client.get("/api/v1/gemeenten/GM0001/figures")
    assert response.status_code == 404
    assert response.json()["detail"] == "Er is geen gemeente met deze code."


def test_the_dashboard_has_a_figures_section_with_a_link(client, world, crime):
    login_with_second_factor(client, world.police)
    html = client.get(reverse("municipality:overview", kwargs={"code": CODE})).content.decode()

    assert "Cijfers: groepen, meldingen en misdrijven" in html
    assert reverse("figures:gemeente", kwargs={"code": CODE}) in html


def test_the_openapi_document_lists_the_refusals_with_int_status_keys(client):
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/gemeenten/{code}/figures"]["get"]["responses"]
    assert set(responses) == {"200", "401", "403", "404"}


def test_the_latest_month_of_police_figures_is_shown_as_incomplete(client, world, tmp_path):
    from tests.municipality.figures.conftest import HEADER

    months = "".join(f'{m};"0.0.0 ";"GM9901";"2025MM{m:02d}";"{40 + m}"\n' for m in range(1, 4))
    path = tmp_path / "maanden.csv"
    path.write_text(HEADER + months, encoding="utf-8")
    import_crime(path)
    login_with_second_factor(client, world.staff)

    html = client.get(urls()["gemeente"]).content.decode()

    assert "maart 2025 <span class=\"muted\">(onvolledig: aangiften komen nog binnen)</span>" in html
    assert "februari 2025</th>" in html


def test_the_buurt_page_counts_alerts_per_month_by_kind(client, world, crime):
    import datetime as dt

    from buurtwacht.alerts.models import AlertKind
    from tests.municipality.figures.conftest import alert

    today = dt.date.today()
    for _n in range(5):
        alert(world.group, today.year, AlertKind.VANDALISM)
    world.group.alerts.update(created_at=timezone.now())  # this month, whatever today is
    login_with_second_factor(client, world.staff)

    html = client.get(urls()["buurt"]).content.decode()

    assert '<th scope="col" class="num">Vandalisme</th>' in html
    assert '<td class="num" data-label="Vandalisme">5</td>' in html
