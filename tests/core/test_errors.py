"""The error pages: Dutch (and translated), in the site's layout; the 500 page stands on its own.

This module is also the URLconf of its tests (pytest.mark.urls): the site's URLs plus views that fail.
"""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template import loader
from django.urls import include, path
from django.utils import translation

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def forbidden(request):
    raise PermissionDenied


def bad_request(request):
    raise SuspiciousOperation("test")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-fouten/403/", forbidden),
    path("test-fouten/400/", bad_request),
    path("test-fouten/500/", broken),
    path("", include("buurtwacht.urls")),
]


@pytest.fixture(autouse=True)
def production(settings):
    """Error pages are only shown with DEBUG off; with DEBUG on Django shows its technical pages."""
    settings.DEBUG = False
    yield
    translation.deactivate()


def assert_site_page(html: str) -> None:
    assert '<header class="site-header">' in html and '<a class="site-name" href="/">Buurtwacht</a>' in html
    assert '<a href="/">Naar de voorpagina</a>' in html
    assert '<a href="/#id_postcode">Zoek een buurtpreventiegroep bij uw adres</a>' in html


def test_an_unknown_group_gets_the_dutch_404_page_in_the_site_layout(client):
    response = client.get("/groepen/bestaat-niet/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Pagina niet gevonden</h1>" in html and "Deze pagina bestaat niet (meer)." in html
    assert_site_page(html)


def test_the_404_page_in_english(client):
    client.cookies["django_language"] = "en"
    html = client.get("/groepen/bestaat-niet/").content.decode()
    assert '<html lang="en">' in html and "<h1>Page not found</h1>" in html


def test_the_403_page(client):
    response = client.get("/test-fouten/403/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Geen toegang</h1>" in html
    assert_site_page(html)


def test_the_400_page(client):
    response = client.get("/test-fouten/400/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Ongeldig verzoek</h1>" in html
    assert_site_page(html)


def test_the_500_page_stands_on_its_own(client):
    client.raise_request_exception = False
    response = client.get("/test-fouten/500/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Er ging iets mis</h1>" in html and '<a href="/">Naar de voorpagina</a>' in html
    assert "/static/" not in html, "no static files: the page must work when they do not"


def test_the_500_page_renders_without_any_context():
    html = loader.get_template("500.html").render()
    assert '<html lang="nl">' in html and "Er ging iets mis" in html
