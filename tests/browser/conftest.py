"""End-to-end tests in Debian's Chromium through Playwright (sync API), against pytest-django's live server.

Every page a Tab visits is checked with axe-core (vendored in vendor/) against WCAG 2.0/2.1 A and AA, on load and
once more as the test ends, and on a phone-sized viewport for sideways scrolling; a violation fails the test.

They skip, saying why, when Chromium or Playwright is missing; with BUURTWACHT_REQUIRE_BROWSER=1 (CI) they fail
instead. Playwright never downloads a browser here: it drives the `chromium` on the PATH.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe.min.js"
A11Y = HERE / "a11y.js"


def _unavailable(reason: str):
    if os.environ.get("BUURTWACHT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (BUURTWACHT_REQUIRE_BROWSER=1 requires the browser tests to run)")
    pytest.skip(reason)


# Module scope, not session: Playwright's sync API keeps an asyncio event loop running while it is open, and
# tests elsewhere that call asyncio.run() must not find it.
@pytest.fixture(scope="module")
def chromium():
    executable = shutil.which("chromium")
    if not executable:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install playwright; no browser download needed)")
    # Playwright's sync API keeps an event loop in this thread; Django's ORM in the test body is still
    # synchronous and safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Tab:
    """A browser page plus what went wrong in it: script errors, attempts to reach other hosts, whatever the
    Content-Security-Policy refused (Chromium reports it on the console), and accessibility violations (axe-core,
    and sideways scrolling on a phone) on any page it showed."""

    def __init__(self, page, base_url: str, *, scripts: bool = True):
        self.page = page
        self.base_url = base_url
        # Without JavaScript axe cannot run in the page (and evaluating waits forever): such a tab checks
        # the server's HTML only through the other tests, which open the same pages with scripts on.
        self.scripts = scripts
        self.errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.refused: list[str] = []
        self.violations: dict[tuple[str, str, str], str] = {}
        self.allowed: dict[tuple[str, str], str] = {}  # (path, rule) -> why it is not ours to fix
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._note_refusal)
        page.route("**/*", self._only_the_live_server)
        page.expose_function("__a11yReport", self._record_violations)
        page.add_init_script(path=AXE)
        page.add_init_script(path=A11Y)

    def _only_the_live_server(self, route):
        if urlsplit(route.request.url).netloc == urlsplit(self.base_url).netloc:
            route.continue_()
        else:
            self.foreign_requests.append(route.request.url)
            route.abort()

    def _note_refusal(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def allow(self, path: str, rule: str, why: str) -> None:
        """Accept one axe rule on one page, saying why (third-party markup we serve but do not write)."""
        self.allowed[(path, rule)] = why

    def _record_violations(self, url: str, found: list[dict]) -> None:
        path = url.removeprefix(self.base_url)
        for violation in found:
            if (path, violation["rule"]) in self.allowed:
                continue
            key = (path, violation["rule"], " | ".join(violation["targets"]))
            self.violations[key] = f"{path}: {violation['rule']}: {violation['help']}; at {key[2] or '-'}"

    def check_accessibility(self) -> None:
        """Check the page as it is now (after whatever the test did on it), waiting for a check still running."""
        from playwright.sync_api import Error as PlaywrightError

        if not self.scripts or self.page.is_closed() or not self.page.url.startswith(self.base_url):
            return
        check = "() => window.__a11yCheck && window.__a11yCheck()"
        try:
            self.page.evaluate(check)
        except PlaywrightError:  # a navigation was under way: check the page it led to
            self.page.wait_for_load_state()
            self.page.evaluate(check)

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page


@contextmanager
def _tab_maker(chromium, base_url: str, default_viewport: dict):
    """make(viewport, **context options) -> Tab in a context of its own; afterwards every tab is checked for
    script errors and requests to other hosts."""
    contexts, tabs = [], []

    def make(viewport=default_viewport, **options) -> Tab:
        context = chromium.new_context(viewport=viewport, locale="nl-NL", **options)
        contexts.append(context)
        tab = Tab(context.new_page(), base_url, scripts=options.get("java_script_enabled", True))
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.check_accessibility()
    for context in contexts:
        context.close()
    for tab in tabs:
        assert tab.errors == [], f"JavaScript errors: {tab.errors}"
        assert tab.foreign_requests == [], f"requests to other hosts: {tab.foreign_requests}"
        assert tab.refused == [], f"refused by the Content-Security-Policy: {tab.refused}"
        violations = "\n".join(sorted(tab.violations.values()))
        assert not violations, f"accessibility violations (WCAG 2.1 AA, axe-core):\n{violations}"


@pytest.fixture
def open_tab(chromium, live_server):
    """open_tab(viewport) -> Tab against Django's live server (no live stream there)."""
    with _tab_maker(chromium, live_server.url, DESKTOP) as make:
        yield make


@pytest.fixture
def asgi_tab(chromium, asgi_server):
    """asgi_tab(viewport=PHONE, **options) -> Tab against the real ASGI application, live stream included."""
    with _tab_maker(chromium, asgi_server, PHONE) as make:
        yield make


def sign_in(page, base_url: str, email: str, password: str, next_path: str = "") -> None:
    """Sign in through the login form, as a person would."""
    page.goto(f"{base_url}/account/inloggen/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
