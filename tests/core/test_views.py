"""The home page's address search and the map page, through Django's test client."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from tests.factories import AddressFactory, GroupFactory, cell

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
MAP = reverse("core:map")


@pytest.fixture(autouse=True)
def back_to_dutch():
    """A request in English leaves English active in this thread; later tests expect the default (Dutch)."""
    yield
    translation.deactivate()


def search(client, postcode="9901 AB", huisnummer="1", **headers):
    return client.get(HOME, {"postcode": postcode, "huisnummer": huisnummer}, **headers)


def test_the_empty_home_page_shows_the_search_form(client):
    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="postcode"' in html and 'name="huisnummer"' in html
    assert "<main" in html and 'role="search"' in html


def test_it_finds_a_covered_address_and_shows_the_group_card(client, town):
    group = GroupFactory(name="Buurtpreventie Molenhoek", member_count=42, address_count=7)
    AddressFactory(number=12, street="Molenweg")

    response = search(client, "9901ab", "12")

    html = response.content.decode()
    assert "Molenweg 12, 9901 AB Proefdorp" in html
    assert "Proefdorp buurt 0-0" in html and "Proefdorp wijk 0" in html
    assert "Buurtpreventiegroep voor dit adres" in html
    assert f'href="{group.get_absolute_url()}"' in html
    assert "Buurtpreventie Molenhoek" in html and ">42<" in html
    assert "Er is nog geen buurtpreventiegroep" not in html


def test_an_uncovered_address_shows_the_nearest_groups_and_the_start_a_group_link(client, town):
    near = GroupFactory(name="Buurtpreventie Naast", geometry=cell(0, 1))
    AddressFactory(number=3, lon=5.015, lat=52.015)  # in buurt (1, 1), next to the group's cell (0, 1)

    html = search(client, "9901AB", "3").content.decode()

    assert "Er is nog geen buurtpreventiegroep voor dit adres" in html
    assert "Groepen in de buurt" in html
    assert near.name in html and f'href="{near.get_absolute_url()}"' in html
    assert re.search(r"Op ongeveer \d+ m van uw adres", html)
    assert f'href="{reverse("groups:register")}?gemeente=GM9901"' in html


def test_a_malformed_postcode_shows_the_dutch_error_next_to_the_field(client, town):
    response = search(client, "12345", "1")

    html = response.content.decode()
    assert "is geen geldige postcode" in html
    assert 'id="id_postcode_error"' in html and 'aria-invalid="true"' in html
    assert "Uw adres" not in html


def test_a_malformed_house_number_shows_the_dutch_error(client, town):
    html = search(client, "9901AB", "twaalf").content.decode()
    assert "is geen geldig huisnummer" in html


def test_an_unknown_address_says_so_in_dutch(client, town):
    AddressFactory(number=1)
    html = search(client, "9901AB", "99").content.decode()
    assert "Adres niet gevonden" in html
    assert "We kennen geen adres met postcode 9901AB en huisnummer 99" in html


def test_several_variants_of_a_number_are_offered_as_links(client, town):
    AddressFactory(number=12, letter="A")
    AddressFactory(number=12, letter="B")

    html = search(client, "9901AB", "12").content.decode()

    assert "Kies uw adres" in html
    assert "?postcode=9901AB&amp;huisnummer=12A#result" in html
    assert "?postcode=9901AB&amp;huisnummer=12B#result" in html
    assert "Uw adres" not in html


def test_a_chosen_variant_shows_its_result(client, town):
    GroupFactory()
    AddressFactory(number=12, letter="A", street="Letterlaan")
    AddressFactory(number=12, letter="B", street="Letterlaan")

    html = search(client, "9901AB", "12b").content.decode()

    assert "Letterlaan 12B" in html and "Buurtpreventiegroep voor dit adres" in html


def test_the_result_page_has_a_map_of_the_address(client, town):
    GroupFactory()
    AddressFactory(number=5)
    html = search(client, "9901AB", "5").content.decode()
    assert 'data-marker="52.005000,5.005000"' in html
    assert '<script id="result-features" type="application/json">' in html


def test_the_map_page_loads_the_vendored_leaflet_and_no_external_scripts(client, town):
    html = client.get(MAP).content.decode()
    assert '<script src="/static/vendor/leaflet/leaflet.js">' in html
    assert '<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">' in html
    assert 'data-src="/api/v1/groups"' in html
    script_sources = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert script_sources and all(src.startswith("/static/") for src in script_sources)
    assert not re.search(r'<link[^>]+href="(https?:)?//', html)


def test_the_vendored_front_end_files_are_found_by_the_static_files_finders():
    for name in (
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet/images/layers.png",
        "vendor/leaflet-geoman/leaflet-geoman.min.js",
        "buurtwacht/site.css",
        "buurtwacht/map.js",
    ):
        assert finders.find(name), f"{name} not found: STATICFILES_DIRS must include src/buurtwacht/static"


def test_the_map_page_lists_the_active_groups_for_readers_without_a_map(client, town):
    active = GroupFactory(name="Buurtpreventie Zichtbaar")
    GroupFactory(name="Buurtpreventie Wachtend", pending=True)

    html = client.get(MAP).content.decode()

    assert f'<a href="{active.get_absolute_url()}">Buurtpreventie Zichtbaar</a>' in html
    assert "Buurtpreventie Wachtend" not in html
    assert "Proefdorp" in html


def test_the_map_page_without_groups_says_there_are_none(client, db):
    assert "Er zijn nog geen actieve groepen." in client.get(MAP).content.decode()


def test_the_map_page_draws_without_tiles_when_no_tile_url_is_set(client, settings, town):
    settings.MAP_TILE_URL = ""
    html = client.get(MAP).content.decode()
    assert 'data-tiles=""' in html
    assert "Achtergrondkaart:" not in html


def test_the_map_page_uses_the_configured_tiles_and_credits_them(client, settings, town):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = 'Tegels &copy; <a href="https://tiles.example.org">Voorbeeldtegels</a>'
    html = client.get(MAP).content.decode()
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    # The credit goes to Leaflet's attribution control (escaped in the attribute) and, as HTML, to the footer.
    assert (
        'data-attribution="Tegels &amp;copy; &lt;a href=&quot;https://tiles.example.org&quot;&gt;'
        'Voorbeeldtegels&lt;/a&gt;"'
    ) in html
    assert 'Achtergrondkaart: Tegels &copy; <a href="https://tiles.example.org">Voorbeeldtegels</a></li>' in html


def test_every_page_credits_the_data_sources(client, db):
    html = client.get(HOME).content.decode()
    assert "CBS / PDOK" in html and "Kadaster BAG" in html


def test_the_home_page_is_dutch_by_default(client, db):
    html = client.get(HOME).content.decode()
    assert '<html lang="nl">' in html
    assert "Is er een buurtpreventiegroep bij u in de buurt?" in html


def test_the_english_version_is_chosen_by_cookie(client, db):
    client.cookies["django_language"] = "en"
    html = client.get(HOME).content.decode()
    assert '<html lang="en">' in html
    assert "Is there a neighbourhood watch group near you?" in html
    assert "Find address" in html


def test_the_english_version_is_chosen_by_the_browser_language(client, town):
    html = search(client, "12345", "1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "is not a valid postcode" in html


def test_the_language_switch_sets_the_language(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": HOME})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_nearby_groups_are_ordered_by_distance_in_metres(client, town):
    # Both cells lie 0.005 degrees from the address; east-west that is ~340 m here, north-south ~560 m.
    north = GroupFactory(name="Buurtpreventie Noord", geometry=cell(1, 1))
    west = GroupFactory(name="Buurtpreventie West", geometry=cell(0, 0))
    AddressFactory(number=3, lon=5.015, lat=52.005)

    html = search(client, "9901AB", "3").content.decode()

    assert html.index(west.name) < html.index(north.name)
    assert "Op ongeveer 340 m van uw adres" in html and "Op ongeveer 560 m van uw adres" in html


def test_unrelated_query_parameters_do_not_count_as_a_search(client, db):
    html = client.get(HOME, {"utm_source": "krant"}).content.decode()
    assert "Dit veld is verplicht" not in html
