"""The browser tests' own accessibility check (conftest.Tab) finds what it should: an axe-core violation and a
page wider than a phone. Without this, a check that silently stopped running would look like a clean site."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The width is set through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' styles still allows.
ADD = """(html) => {
  document.querySelector("main").insertAdjacentHTML("beforeend", html);
  const wide = document.getElementById("wide");
  if (wide) wide.style.width = "600px";
}"""


def reported_after_adding(tab, html: str, element_id: str) -> list[str]:
    """What the check reports once `html` is on the page; the element is then taken away again, so that the
    check at the end of the test finds the page as the site made it."""
    tab.page.evaluate(ADD, html)
    tab.check_accessibility()
    reported = list(tab.violations.values())
    tab.page.evaluate("(id) => document.getElementById(id).remove()", element_id)
    tab.violations.clear()
    return reported


def test_an_image_without_text_is_reported_with_its_rule_target_and_help(open_tab):
    tab = open_tab(DESKTOP)
    tab.open("/")
    reported = reported_after_adding(tab, '<img id="bare" src="/static/buurtwacht/favicon.svg">', "bare")
    assert any("image-alt" in line and "#bare" in line and "alternative text" in line for line in reported), reported


def test_a_page_wider_than_a_phone_is_reported(open_tab):
    tab = open_tab(PHONE)
    tab.open("/")
    reported = reported_after_adding(tab, '<div id="wide">breed</div>', "wide")
    assert any("horizontal-scroll" in line and "div#wide" in line for line in reported), reported


def test_the_home_page_passes_on_a_phone(open_tab):
    tab = open_tab(PHONE)
    tab.open("/")
    tab.check_accessibility()
    assert tab.violations == {}
