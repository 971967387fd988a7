"""Browser tests in real Chromium (Playwright, sync API) against pytest-django's live server.

Fixtures for every browser test module (the care pages reuse them):

- ``page``: a fresh phone-sized (360x780) Playwright page, ``base_url`` = the live server.
- ``base_url``: the live server's URL.
- ``new_page(**context_options)``: more pages, each its own browser context (a second
  person, a time zone, JavaScript off); closed after the test.
- ``sign_up(page, username=None, password=...)``: signs a new person up through the UI and
  returns their username (they are signed in afterwards).
- ``screenshot(page, name)``: saves ``<artifacts>/screenshots/<name>.png`` (full page) and
  returns the path. ``NIGHTCRAMP_ARTIFACTS`` overrides ``<repo>/artifacts``.
- ``axe(page, name="")``: runs axe-core on the page and fails on serious/critical violations.

Chromium is Debian's ``/usr/bin/chromium``; axe-core is the copy bundled in the pinned
``axe-playwright-python`` wheel.
Under ``CI=true`` a missing browser or axe-core fails the tests instead of skipping them.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM (used by the
# live server's test database setup) refuses that unless told it is intended.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("NIGHTCRAMP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 780}
TEST_PASSWORD = "night cramp tester 2468"
_user_numbers = itertools.count(1)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(reason: str) -> None:
    """Fail in CI (a green run must have tested the browser), skip on a developer's machine."""
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


def artifacts_dir() -> Path:
    return Path(os.environ.get("NIGHTCRAMP_ARTIFACTS") or REPO / "artifacts")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def page(browser, base_url) -> Iterator:
    context = browser.new_context(viewport=PHONE, base_url=base_url, device_scale_factor=1)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def new_page(browser, base_url) -> Iterator[Callable]:
    """Open more independent pages (another person, another session) in the same test.

    Keyword arguments go to ``browser.new_context`` (e.g. ``timezone_id="Europe/Paris"``,
    ``java_script_enabled=False``).
    """
    contexts = []

    def make(**options):
        context = browser.new_context(
            **{"viewport": PHONE, "base_url": base_url, "device_scale_factor": 1, **options}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _sign_up(page, username: str | None = None, password: str = TEST_PASSWORD) -> str:
    username = username or f"tester{os.getpid()}x{next(_user_numbers)}"
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(lambda url: "/accounts/signup/" not in url)
    return username


@pytest.fixture
def sign_up() -> Callable[..., str]:
    return _sign_up


@pytest.fixture
def screenshot() -> Callable:
    folder = artifacts_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core as shipped inside the pinned axe-playwright-python wheel (no npm needed)."""
    try:
        bundled = resources.files("axe_playwright_python") / "axe.min.js"
    except ModuleNotFoundError:
        missing("axe-core not found: install the test extras (pip install -e '.[test]')")
    return bundled.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source) -> Callable:
    def check(page, name: str = "") -> list[dict]:
        """Run axe-core (WCAG 2 A/AA rules); fail listing any serious or critical violation."""
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through DevTools, which the page's Content-Security-Policy does not
            # govern (a <script> tag, as add_script_tag makes, would be refused by it).
            page.evaluate(axe_source + "\n;undefined")
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                 'best-practice']}})"""
        )
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        summary = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in bad
        ]
        assert not bad, f"axe on {name or page.url}: " + json.dumps(summary, indent=1)
        return result["violations"]

    return check
