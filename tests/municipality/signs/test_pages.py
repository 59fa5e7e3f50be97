"""The sign pages: who may open them (per role), and the forms working without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from buurtwacht.municipality.signs import services
from buurtwacht.municipality.signs.models import RequestStatus, Sign, SignRequest, SignRules, SignStatus
from tests.factories import AddressFactory
from tests.municipality.signs.conftest import INSIDE, PERSONAS, connect, sign_in

pytestmark = pytest.mark.django_db

TODAY = dt.date.today().isoformat()


@pytest.fixture
def objects(world):
    """An open request of the group; an approved sign of the other group."""
    open_request = services.sign_request_create(
        group=world.group, user=world.admin, reason="Inbrekers via de Molenweg.", spots=[INSIDE]
    )
    other = services.sign_request_create(
        group=world.other_group, user=world.other_admin, reason="Graag.", spots=[INSIDE]
    )
    (sign,) = services.sign_request_approve(request=other, user=world.staff, spots=[INSIDE])
    return open_request, sign


def routes(world, objects):
    open_request, sign = objects
    code = world.town.gemeente.code
    slug = world.group.slug
    spot = {"spot-0-lat": "52.005", "spot-0-lon": "5.005", "spot-0-note": "Hoek"}
    return [
        ("get", reverse("signs:group", kwargs={"slug": slug}), None, {"admin"}),
        ("get", reverse("signs:request_new", kwargs={"slug": slug}), None, {"admin"}),
        ("get", reverse("signs:requests", kwargs={"code": code}), None, {"staff", "police"}),
        ("get", reverse("signs:inventory", kwargs={"code": code}), None, {"staff", "police"}),
        ("get", reverse("signs:request_detail", kwargs={"code": code, "pk": open_request.pk}), None,
         {"staff", "police"}),
        ("get", reverse("signs:sign_detail", kwargs={"code": code, "pk": sign.pk}), None, {"staff", "police"}),
        ("get", reverse("signs:rules", kwargs={"code": code}), None, {"staff"}),
        ("post", reverse("signs:request_refuse", kwargs={"code": code, "pk": open_request.pk}),
         {"note": "Nee."}, {"staff"}),
        ("post", reverse("signs:request_approve", kwargs={"code": code, "pk": open_request.pk}), spot, {"staff"}),
        ("post", reverse("signs:sign_placed", kwargs={"code": code, "pk": sign.pk}), {"place-on": TODAY},
         {"staff"}),
        ("post", reverse("signs:sign_moved", kwargs={"code": code, "pk": sign.pk}),
         {"move-on": TODAY, "move-lat": "52.006", "move-lon": "5.006"}, {"staff"}),
        ("post", reverse("signs:sign_removed", kwargs={"code": code, "pk": sign.pk}),
         {"remove-on": TODAY, "remove-reason": "Weg."}, {"staff"}),
    ]


def refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and (
        "/account/inloggen/" in response["Location"] or "/account/tweede-stap" in response["Location"]
        or "otp" in response["Location"]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_opens_only_its_own_pages(client, world, objects, persona):
    sign_in(client, world, persona)
    for method, url, data, allowed in routes(world, objects):
        response = getattr(client, method)(url, data or {})
        assert response.status_code < 500, (url, persona)
        if persona in allowed:
            assert not refused(response), f"{url} refused {persona}: {response.status_code}"
        else:
            assert refused(response), f"{url} allowed {persona}: {response.status_code}"


def test_the_admin_page_of_the_group_links_to_signs(client, world):
    sign_in(client, world, "admin")
    page = client.get(reverse("groups:manage", kwargs={"slug": world.group.slug})).content.decode()
    assert reverse("signs:group", kwargs={"slug": world.group.slug}) in page


def test_the_request_page_shows_the_rules_at_once(client, world):
    SignRules.objects.create(gemeente=world.town.gemeente, min_connected_addresses=50, contribution_eur=50,
                             contribution_text="De groep betaalt de helft.")
    connect(world.group, 3)
    sign_in(client, world, "admin")
    page = client.get(reverse("signs:request_new", kwargs={"slug": world.group.slug})).content.decode()
    assert "Voldoet niet:" in page and "De groep heeft 3 aangesloten adressen" in page
    assert "De groep betaalt de helft." in page


def test_an_admin_requests_a_sign_by_address_without_javascript(client, world):
    AddressFactory(street="Molenweg", number=12, postcode="9901AB", lat=52.0049, lon=5.0051)
    sign_in(client, world, "admin")
    response = client.post(reverse("signs:request_new", kwargs={"slug": world.group.slug}), {
        "reason": "Inbrekers komen via de Molenweg.",
        "spot-0-postcode": "9901 ab", "spot-0-number": "12", "spot-0-note": "Bij de ingang",
        "spot-1-lat": "52,006", "spot-1-lon": "5,004",
    })
    assert response.status_code == 302
    created = SignRequest.objects.get()
    assert [(s.lat, s.lon, s.note) for s in created.spots.all()] == [
        (52.0049, 5.0051, "Bij de ingang"), (52.006, 5.004, ""),
    ]


def test_a_refused_request_shows_the_reasons_on_the_form(client, world):
    SignRules.objects.create(gemeente=world.town.gemeente, min_connected_addresses=50)
    sign_in(client, world, "admin")
    response = client.post(reverse("signs:request_new", kwargs={"slug": world.group.slug}), {
        "reason": "Graag.", "spot-0-lat": "52.005", "spot-0-lon": "5.005", "spot-1-lat": "52.5", "spot-1-lon": "5.5",
    })
    page = response.content.decode()
    assert response.status_code == 200 and "Plek 2 ligt buiten de gemeente Proefdorp" in page
    assert 'value="52.5"' in page  # the spots typed stay on the form
    assert not SignRequest.objects.exists()


def test_staff_approve_with_moved_spots_place_and_see_it_in_the_inventory(client, world, objects):
    open_request, _sign = objects
    code = world.town.gemeente.code
    sign_in(client, world, "staff")
    detail = client.get(reverse("signs:request_detail", kwargs={"code": code, "pk": open_request.pk}))
    assert "Inbrekers via de Molenweg." in detail.content.decode()
    response = client.post(reverse("signs:request_approve", kwargs={"code": code, "pk": open_request.pk}), {
        "spot-0-lat": "52.0055", "spot-0-lon": "5.0055", "spot-0-note": "Afgesproken", "note": "Zo afgesproken.",
    })
    assert response.status_code == 302
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.APPROVED
    sign = Sign.objects.get(request=open_request)
    assert (sign.lat, sign.lon) == (52.0055, 5.0055)
    client.post(reverse("signs:sign_placed", kwargs={"code": code, "pk": sign.pk}), {"place-on": TODAY})
    sign.refresh_from_db()
    assert sign.status == SignStatus.PLACED
    inventory = client.get(reverse("signs:inventory", kwargs={"code": code})).content.decode()
    assert f'id="bord-{sign.pk}" data-sign-status="placed"' in inventory


def test_police_read_without_the_forms(client, world, objects):
    open_request, sign = objects
    code = world.town.gemeente.code
    sign_in(client, world, "police")
    detail = client.get(reverse("signs:request_detail", kwargs={"code": code, "pk": open_request.pk})).content
    assert b"Goedkeuren" not in detail and b"Inbrekers via de Molenweg." in detail
    assert b"Markeer als geplaatst" not in client.get(
        reverse("signs:sign_detail", kwargs={"code": code, "pk": sign.pk})
    ).content


def test_staff_set_the_rules_on_a_page(client, world):
    sign_in(client, world, "staff")
    response = client.post(reverse("signs:rules", kwargs={"code": world.town.gemeente.code}), {
        "min_connected_addresses": "50", "max_per_wijk": "1", "contribution_eur": "50",
        "contribution_text": "Half betaalt de groep.", "allowed_spots": "alleen op toegangswegen",
    })
    assert response.status_code == 302
    rules = SignRules.objects.get(gemeente=world.town.gemeente)
    assert (rules.min_connected_addresses, rules.max_per_group, rules.max_per_wijk) == (50, None, 1)
    assert rules.allowed_spots == "alleen op toegangswegen" and not rules.active_groups_only


def test_the_dashboard_shows_the_signs_section(client, world, objects):
    sign_in(client, world, "staff")
    page = client.get(reverse("municipality:overview", kwargs={"code": world.town.gemeente.code})).content.decode()
    assert 'id="signs-heading"' in page
    assert reverse("signs:inventory", kwargs={"code": world.town.gemeente.code}) in page
    assert reverse("signs:rules", kwargs={"code": world.town.gemeente.code}) in page


def test_police_see_the_dashboard_section_without_the_rules_link(client, world, objects):
    sign_in(client, world, "police")
    page = client.get(reverse("municipality:overview", kwargs={"code": world.town.gemeente.code})).content.decode()
    assert 'id="signs-heading"' in page
    assert reverse("signs:rules", kwargs={"code": world.town.gemeente.code}) not in page


def test_the_public_layer_has_placed_signs_only_and_no_names_of_people(client, world, objects):
    _open, sign = objects
    assert client.get("/api/v1/signs.geojson").json()["features"] == []
    services.sign_place(sign=sign, user=world.staff, on=dt.date.today())
    response = client.get("/api/v1/signs.geojson?bbox=4.9,51.9,5.1,52.1")
    assert response["Content-Type"] == "application/geo+json"
    (feature,) = response.json()["features"]
    assert feature["geometry"]["coordinates"] == [INSIDE.lon, INSIDE.lat]
    assert feature["properties"]["gemeente"] == "Proefdorp"
    assert feature["properties"]["group"] == "Buurtpreventie Kerkpad"
    body = response.content.decode()
    for name in ("Otto", "Gerda", "Anna", "otto@example.org"):
        assert name not in body
    assert client.get("/api/v1/signs.geojson?bbox=6,53,6.1,53.1").json()["features"] == []
    assert client.get("/api/v1/signs.geojson?bbox=noord").status_code == 400


def test_the_public_map_page_loads_the_sign_layer(client):
    page = client.get(reverse("core:map")).content.decode()
    assert 'data-signs-src="/api/v1/signs.geojson"' in page and "signs/public-layer.js" in page


def test_staff_of_another_gemeente_find_nothing_under_their_own_code(client, world, objects):
    open_request, sign = objects
    own = world.other_town.gemeente.code
    sign_in(client, world, "other_staff")
    assert client.get(reverse("signs:request_detail", kwargs={"code": own, "pk": open_request.pk})).status_code == 404
    response = client.post(reverse("signs:sign_placed", kwargs={"code": own, "pk": sign.pk}), {"place-on": TODAY})
    assert response.status_code == 404
    sign.refresh_from_db()
    assert sign.status == SignStatus.APPROVED


def test_the_admin_sees_the_groups_requests_signs_and_the_rules(client, world, objects):
    SignRules.objects.create(gemeente=world.town.gemeente, allowed_spots="alleen op toegangswegen")
    sign_in(client, world, "admin")
    page = client.get(reverse("signs:group", kwargs={"slug": world.group.slug})).content.decode()
    assert "Inbrekers via de Molenweg." in page and "Aangevraagd" in page
    assert "alleen op toegangswegen" in page
    assert "Buurtpreventie Kerkpad" not in page  # another group's sign is not this group's business
