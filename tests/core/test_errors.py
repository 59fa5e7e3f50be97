"""The error pages: Dutch (and translated), in the site's layout; the 500 page stands on its own.

This module is also the URLconf of its tests (pytest.mark.urls): the site's URLs plus views that fail.
"""

import logging

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template import loader
from django.urls import include, path
from django.utils import translation

from buurtwacht.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the site's error handlers
from tests.core.outage import database_down
from tests.factories import UserFactory

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


# --- what is logged, and the database being down (core/errors.py) -------------------------------------------------


def test_a_403_is_logged_as_one_line_without_a_traceback(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/test-fouten/403/").status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /test-fouten/403/"
    assert record.exc_info is None and "Traceback" not in caplog.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/account/", "/account/inloggen/"])
def test_a_database_outage_answers_503_and_logs_one_clear_error(client, caplog, tmp_path, path):
    client.force_login(UserFactory())  # a session to load: what used to fail first, in a misleading way
    with database_down(tmp_path), caplog.at_level(logging.INFO):
        response = client.get(path)
    assert response.status_code == 503 and response["Retry-After"]
    assert "<h1>Er ging iets mis</h1>" in response.content.decode()
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert errors[0].getMessage().startswith(f"Database unavailable: GET {path} answered 503 (OperationalError: ")
    assert errors[0].exc_info is None and "session" not in caplog.text.lower()


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_while_signing_in_logs_one_clear_error(client, caplog, tmp_path):
    with database_down(tmp_path), caplog.at_level(logging.INFO):
        response = client.post("/account/inloggen/", {"email": "anna@example.org", "password": "geheim-wachtwoord-1"})
    assert response.status_code == 503
    [error] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert error.getMessage().startswith("Database unavailable: POST /account/inloggen/ answered 503")
