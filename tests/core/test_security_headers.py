"""Security headers and cookies: a Content-Security-Policy everywhere; HSTS and Secure cookies outside dev mode.

The tests run in dev mode, so the production values are computed by `buurtwacht.settings` in a fresh interpreter
(tests/core/production.py) and then applied to a page rendered here."""

import pytest
from django.test import Client

from tests.core.production import computed_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PRODUCTION_NAMES = (
    "CONTENT_SECURITY_POLICY",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "MIDDLEWARE",
)


@pytest.fixture
def production(settings, tmp_path):
    """This process's settings with the security settings of production applied; returns them."""
    values = computed_settings(tmp_path, *PRODUCTION_NAMES)
    for name, value in values.items():
        setattr(settings, name, value)
    return values


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_production_sends_hsts_and_a_csp_over_https(production):
    response = Client().get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "https://service.pdok.nl"], "the default map tiles' host"
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]


def test_production_cookies_are_secure(production):
    client = Client()
    user = UserFactory(email="anna@example.org", language="en")
    response = client.post("/account/inloggen/", {"email": user.email, "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    session, language = response.cookies["sessionid"], response.cookies["django_language"]
    assert session["secure"] and session["httponly"]
    assert language["secure"] and language["httponly"]
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/"}, secure=True)
    assert response.cookies["django_language"]["secure"] and response.cookies["django_language"]["httponly"]
    client.get("/account/inloggen/", secure=True)
    assert client.cookies["csrftoken"]["secure"]


def test_the_tile_host_follows_the_setting(tmp_path):
    policy = computed_settings(tmp_path, "CONTENT_SECURITY_POLICY", MAP_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert "https://*.tile.example.org" in policy["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    policy = computed_settings(tmp_path, "CONTENT_SECURITY_POLICY", MAP_TILE_URL="")
    assert policy["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:"]


def test_dev_mode_sends_the_csp_but_no_hsts(client):
    response = client.get("/", secure=True)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response
