"""The API's documentation page works under the Content-Security-Policy, from the site's own files (no CDN)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_show_the_endpoints_and_their_errors(open_tab):
    tab = open_tab()
    tab.allow(
        "/api/v1/docs",
        "nested-interactive",
        "Swagger UI (django-ninja's bundle) puts a copy button inside each operation's toggle button; the page is "
        "a developer tool, its other rules pass (lang and contrast are fixed in templates/ninja/swagger.html)",
    )
    page = tab.open("/api/v1/docs")
    page.get_by_text("Buurtwacht API").first.wait_for()
    page.get_by_text("/api/v1/groups/{group_id}/alerts").first.wait_for()
    assert page.locator(".opblock").count() > 10
    # tab.errors, tab.foreign_requests and tab.refused are checked when the test ends
