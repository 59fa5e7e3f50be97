"""What a new user found on the sign pages (issue 11): a decided request's checks counting its own signs, dates
barely checked, spots not compared with the group's area and the signs that stand, errors out of sight, the decimal
comma, and the public layer without its licence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.urls import reverse

from buurtwacht.municipality.signs import services
from buurtwacht.municipality.signs.models import SignRules
from buurtwacht.municipality.signs.rules import sign_rule_checks
from buurtwacht.municipality.signs.services import SpotInput
from tests.municipality.signs.conftest import INSIDE, INSIDE_2, approved_days_ago, sign_in

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
FAR = SpotInput(lat=52.019, lon=5.019, note="Ver buiten het gebied")  # in the town, ~1.2 km from the group's area


def rules(world, **values):
    return services.sign_rules_save(gemeente=world.town.gemeente, user=world.staff, **values)


def approved(world, spots=(INSIDE, INSIDE_2), group=None, admin=None):
    created = services.sign_request_create(group=group or world.group, user=admin or world.admin,
                                           reason="Inbrekers via de Molenweg.", spots=list(spots))
    return created, services.sign_request_approve(request=created, user=world.staff, spots=list(spots))


# 1. a decided request is checked without its own signs ------------------------------------------------------------

def test_an_approved_request_does_not_count_its_own_signs_against_itself(client, world):
    rules(world, max_per_group=3)
    created, _signs = approved(world)
    sign_in(client, world, "staff")
    page = client.get(reverse("signs:request_detail", kwargs={"code": world.town.gemeente.code, "pk": created.pk}))
    text = page.content.decode()
    assert "Hoogstens 3 borden per groep: de groep heeft er 0 en vraagt er 2." in text
    assert "Voldoet niet" not in text
    assert "getoetst zoals bij het besluit" in text
    (listed,) = client.get(f"/api/v1/gemeenten/{world.town.gemeente.code}/sign-requests").json()
    (per_group,) = [c for c in listed["checks"] if c["key"] == "per_group"]
    assert per_group["ok"] is True and "heeft er 0 en vraagt er 2" in per_group["reason"]


def test_an_open_request_is_still_checked_as_the_rules_stand_now(world):
    rules(world, max_per_group=3)
    approved(world)
    (per_group,) = [c for c in sign_rule_checks(group=world.group, spot_count=2) if c.key == "per_group"]
    assert per_group.ok is False and "de groep heeft er 2 en vraagt er 2" in per_group.reason


# 2. the dates of placing, moving and removal ----------------------------------------------------------------------

def test_a_sign_cannot_be_placed_before_its_approval(world):
    _created, (sign, _other) = approved(world)
    with pytest.raises(ValidationError) as refused:
        services.sign_place(sign=sign, user=world.staff, on=dt.date(1990, 1, 15))
    assert "goedgekeurd en kan niet eerder geplaatst zijn" in " ".join(refused.value.messages)
    assert services.sign_place(sign=sign, user=world.staff, on=TODAY).placed_on == TODAY


def test_a_sign_cannot_be_moved_or_removed_before_its_previous_step(world):
    created, (sign, other) = approved(world)
    approved_days_ago(created, 30)
    services.sign_place(sign=sign, user=world.staff, on=TODAY - dt.timedelta(days=10))
    with pytest.raises(ValidationError) as early_move:
        services.sign_move(sign=sign, user=world.staff, on=TODAY - dt.timedelta(days=11), lat=52.0052, lon=5.0052)
    assert "De vorige stap van dit bord was op" in " ".join(early_move.value.messages)
    services.sign_move(sign=sign, user=world.staff, on=TODAY - dt.timedelta(days=5), lat=52.0052, lon=5.0052)
    with pytest.raises(ValidationError):
        services.sign_remove(sign=sign, user=world.staff, on=TODAY - dt.timedelta(days=6), reason="Weg.")
    with pytest.raises(ValidationError) as future:
        services.sign_remove(sign=sign, user=world.staff, on=TODAY + dt.timedelta(days=1), reason="Weg.")
    assert "toekomst" in " ".join(future.value.messages)
    assert services.sign_remove(sign=sign, user=world.staff, on=TODAY - dt.timedelta(days=5), reason="Weg.")
    with pytest.raises(ValidationError):  # never placed: not removed before the approval either
        services.sign_remove(sign=other, user=world.staff, on=TODAY - dt.timedelta(days=31), reason="Weg.")


def test_the_place_form_says_why_a_date_is_refused(client, world):
    _created, (sign, _other) = approved(world)
    sign_in(client, world, "staff")
    response = client.post(reverse("signs:sign_placed", kwargs={"code": world.town.gemeente.code, "pk": sign.pk}),
                           {"place-on": "1990-01-15"})
    assert response.status_code == 400
    assert "kan niet eerder geplaatst zijn" in response.content.decode()


# 3. spots against the group's area and the signs that stand -------------------------------------------------------

def test_a_spot_far_outside_the_groups_area_or_next_to_a_sign_is_pointed_out_not_refused(world):
    approved(world, spots=[INSIDE], group=world.other_group, admin=world.other_admin)
    near = SpotInput(lat=INSIDE.lat + 0.0002, lon=INSIDE.lon, note="Naast het bord van Kerkpad")  # ~22 m
    checks = {c.key: c for c in sign_rule_checks(group=world.group, spot_count=2, spots=[FAR, near])}
    assert checks["spot_area"].ok is None
    assert "Plek 1 ligt ongeveer" in checks["spot_area"].reason
    assert "buiten het gebied van de groep" in checks["spot_area"].reason
    assert checks["spot_near"].ok is None
    assert "Plek 2 ligt 22 m van een bord dat er al is (van Buurtpreventie Kerkpad)" in checks["spot_near"].reason
    created = services.sign_request_create(group=world.group, user=world.admin, reason="Graag.", spots=[FAR, near])
    assert created.spots.count() == 2  # a warning, not a refusal
    (fine,) = sign_rule_checks(group=world.group, spot_count=1, spots=[SpotInput(lat=52.008, lon=5.008)])
    assert fine.key == "spot_place" and fine.ok is True


def test_the_request_maps_draw_the_groups_area_and_the_signs_that_stand(client, world):
    approved(world, spots=[INSIDE], group=world.other_group, admin=world.other_admin)
    created = services.sign_request_create(group=world.group, user=world.admin, reason="Graag.", spots=[FAR])
    sign_in(client, world, "staff")
    page = client.get(reverse("signs:request_detail", kwargs={"code": world.town.gemeente.code, "pk": created.pk}))
    layers = page.context["layers"]
    assert layers["area"]["geometry"]["type"] == "Polygon"
    (existing,) = layers["signs"]["features"]
    assert existing["properties"]["group"] == "Buurtpreventie Kerkpad"
    text = page.content.decode()
    assert 'data-layers="sign-layers"' in text and 'id="sign-layers"' in text
    assert "buiten het gebied van de groep" in text
    client.force_login(world.admin)
    new = client.get(reverse("signs:request_new", kwargs={"slug": world.group.slug}))
    assert new.context["layers"]["signs"]["features"] and 'data-layers="sign-layers"' in new.content.decode()


# 4. errors in sight, once -----------------------------------------------------------------------------------------

def test_a_failed_form_comes_back_with_its_errors_on_top_once(client, world):
    created = services.sign_request_create(group=world.group, user=world.admin, reason="Graag.", spots=[INSIDE])
    sign_in(client, world, "staff")
    url = reverse("signs:request_approve", kwargs={"code": world.town.gemeente.code, "pk": created.pk})
    response = client.post(url, {"spot-0-lat": "52,005", "spot-0-lon": "oost"})
    assert response.status_code == 400
    text = response.content.decode()
    assert f'action="{url}#fouten"' in text
    summary = text.index('id="fouten"')
    assert summary < text.index('id="spots-map"')  # at the top of the form
    assert 'tabindex="-1"' in text[summary - 200:summary + 200]
    assert text.count("Vul de coördinaten in als getallen") == 1
    assert 'href="#spot-0-lat"' in text


def test_the_single_sign_form_does_not_number_its_one_spot(client, world):
    _created, (sign, _other) = approved(world)
    sign_in(client, world, "staff")
    response = client.post(reverse("signs:sign_placed", kwargs={"code": world.town.gemeente.code, "pk": sign.pk}),
                           {"place-on": TODAY.isoformat(), "place-lat": "52,5", "place-lon": "5,5"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "De plek ligt buiten de gemeente Proefdorp" in text and "Plek 1" not in text
    assert text.count("ligt buiten de gemeente") == 1


# 5. the decimal comma, and coordinates as the hints write them ----------------------------------------------------

def test_the_contribution_takes_a_decimal_comma(client, world):
    sign_in(client, world, "staff")
    response = client.post(reverse("signs:rules", kwargs={"code": world.town.gemeente.code}),
                           {"contribution_eur": "12,50"})
    assert response.status_code == 302
    assert SignRules.objects.get(gemeente=world.town.gemeente).contribution_eur == Decimal("12.50")


def test_coordinates_read_with_a_decimal_point_and_a_comma_between(client, world):
    created = services.sign_request_create(group=world.group, user=world.admin, reason="Graag.", spots=[INSIDE])
    sign_in(client, world, "staff")
    text = client.get(reverse("signs:request_detail", kwargs={"code": world.town.gemeente.code, "pk": created.pk}))
    assert "52.00500, 5.00500" in text.content.decode()
    assert "52,00500" not in text.content.decode()


# 6. the map leaves room for the page on a phone -------------------------------------------------------------------

def test_the_sign_maps_stay_within_half_the_screen(client, world):
    client.force_login(world.admin)
    text = client.get(reverse("signs:request_new", kwargs={"slug": world.group.slug})).content.decode()
    assert 'class="map signs-map"' in text and "map--large" not in text
    css = Path(finders.find("signs/signs.css")).read_text(encoding="utf-8")
    assert ".map.signs-map { height: min(50vh, 420px);" in css
    script = Path(finders.find("signs/signs.js")).read_text(encoding="utf-8")
    assert "dragging: !L.Browser.mobile" in script


# 7. the public layer is open data with its licence ----------------------------------------------------------------

def test_the_public_layer_states_its_licence_and_is_listed_on_the_open_data_page(client, world):
    response = client.get("/api/v1/signs.geojson")
    data = response.json()
    assert data["license"] == "CC BY 4.0" and data["license_url"].startswith("https://creativecommons.org/")
    assert data["attribution"] and data["features"] == []
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/deed.nl>; rel="license"'
    page = client.get("/open-data/").content.decode()
    assert 'href="/api/v1/signs.geojson"' in page and "Geplaatste straatborden als GeoJSON" in page


def test_the_checks_the_map_asks_for_say_where_the_spots_lie(client, world):
    client.force_login(world.admin)
    url = reverse("api-v1:sign_checks", kwargs={"group_id": world.group.pk})
    far = client.get(url, {"spots": 1, "at": f"{FAR.lat},{FAR.lon}"}).json()
    assert [c["key"] for c in far if c["key"].startswith("spot_")] == ["spot_area"]
    inside = client.get(url, {"spots": 1, "at": "52.005,5.005;niets"}).json()
    assert [c["key"] for c in inside if c["key"].startswith("spot_")] == ["spot_place"]
    assert not [c for c in client.get(url, {"spots": 1}).json() if c["key"].startswith("spot_")]
