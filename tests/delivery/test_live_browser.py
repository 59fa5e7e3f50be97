"""live.js in Chromium against the real ASGI application: the page follows the stream, and survives a reconnect.

The page is any page of the site with the live DOM contract added (see static/buurtwacht/live.js), so that the
script is tested on its own; the alert pages that use it have their own browser tests.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from buurtwacht.delivery.live import hub
from tests.browser.conftest import chromium as chromium  # noqa: F401, PLC0414 - the browser tests' fixture
from tests.delivery.live_support import make_event, record, session_cookie
from tests.factories import GroupFactory, UserFactory, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = """
(since) => {
  document.body.insertAdjacentHTML("beforeend", `
    <div data-live-stream data-url="/live/" data-since="${since}" data-lang="nl"><span data-live-status></span></div>
    <div data-live-list="alerts" id="list"><p class="live-empty">Geen meldingen.</p></div>
    <div data-live-list="alerts" data-live-groups="999999" id="other-group"></div>`);
  window.received = [];
  document.addEventListener("buurtwacht:live", (event) => window.received.push(event.detail.id));
  const script = document.createElement("script");
  script.src = "/static/buurtwacht/live.js";
  document.body.append(script);
}
"""


@pytest.fixture
def page(asgi_server, town, request):
    chromium = request.getfixturevalue("chromium")
    group = GroupFactory()
    alice = make_member(group, UserFactory(first_name="Alice"))
    context = chromium.new_context(locale="nl-NL")
    name, value = session_cookie(alice).split("=", 1)
    context.add_cookies([{"name": name, "value": value, "url": asgi_server}])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(asgi_server + "/")
    page.group, page.alice = group, alice
    yield page
    context.close()
    assert errors == []


def open_stream(page, since: int) -> None:
    page.evaluate(PAGE, since)
    page.wait_for_function("() => document.querySelector('[data-live-status]').textContent === 'verbonden'")


def test_a_new_event_is_put_at_the_top_of_its_list(page):
    open_stream(page, make_event(page.group).pk)
    event = record(page.group, [page.alice], target="alert-nieuw", html='<article id="alert-nieuw">Verdacht</article>')
    page.wait_for_function("() => window.received.length === 1")
    assert page.inner_text("#list > article:first-child") == "Verdacht"
    assert page.locator("#list .live-empty").count() == 0  # "no alerts" is gone
    assert page.locator("#other-group article").count() == 0  # a list for another group is left alone
    assert page.evaluate("window.received") == [event.pk]


def test_an_event_for_a_card_on_the_page_replaces_it(page):
    open_stream(page, make_event(page.group).pk)
    page.evaluate("document.getElementById('list').innerHTML = '<article id=alert-7>oud</article><p>onder</p>'")
    record(page.group, [page.alice], target="alert-7", html='<article id="alert-7">Iemand zag het ook</article>')
    page.wait_for_function("() => window.received.length === 1")
    assert page.locator("#alert-7").count() == 1
    assert page.inner_text("#list > :first-child") == "Iemand zag het ook"  # in its place


def test_events_missed_before_the_page_connected_are_shown(page):
    start = make_event(page.group)
    missed = make_event(page.group, target="alert-gemist", html='<article id="alert-gemist">Gemist</article>')
    open_stream(page, start.pk)
    page.wait_for_function("() => window.received.length === 1")
    assert page.evaluate("window.received") == [missed.pk]
    assert page.inner_text("#alert-gemist") == "Gemist"


def test_after_the_server_closes_the_stream_the_page_reconnects_and_misses_nothing(page):
    open_stream(page, make_event(page.group).pk)
    first = record(page.group, [page.alice], target="alert-een", html='<article id="alert-een">Een</article>')
    page.wait_for_function("() => window.received.length === 1")
    hub.loop.call_soon_threadsafe(hub.close_all)  # as after a lost Redis subscription: every stream ends
    second = record(page.group, [page.alice], target="alert-twee", html='<article id="alert-twee">Twee</article>')
    page.wait_for_function("() => window.received.length === 2", timeout=15_000)
    page.wait_for_function("() => document.querySelector('[data-live-status]').textContent === 'verbonden'")
    third = record(page.group, [page.alice], target="alert-drie", html='<article id="alert-drie">Drie</article>')
    page.wait_for_function("() => window.received.length === 3")
    assert page.evaluate("window.received") == [first.pk, second.pk, third.pk]
    assert [page.locator(f"#alert-{name}").count() for name in ("een", "twee", "drie")] == [1, 1, 1]


def test_the_status_is_in_english_on_an_english_page(page):
    page.evaluate(PAGE.replace('data-lang="nl"', 'data-lang="en"'), make_event(page.group).pk)
    page.wait_for_function("() => document.querySelector('[data-live-status]').textContent === 'connected'")
    assert settings.LANGUAGE_CODE == "nl"
