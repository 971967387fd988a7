"""Every page passes the Content-Security-Policy in Chromium: no violation is reported.

The test walks every page a link leads to, signed out and then signed in with a demo
diary (dashboard charts, an assessment, a running trial), and does what only a button
does (a cramp logged with its one-tap details, a cramp tapped with no network, an
assessment, a routine with its timer running, a check-in, the theme switch). Chromium
reports each violation twice: as a ``securitypolicyviolation`` event (caught by a script
Playwright adds to every page, which the policy does not govern) and as a console
message; either fails the test.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary.demo import make_demo_diary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    [e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber, e.sample].join(" | "));
});
"""
# Never followed: sign-out and revocation change state; downloads are not pages.
SKIP = re.compile(r"/accounts/logout/|/calendar/revoke/|\.(json|pdf|ics)$|/export")
MAX_PAGES = 150
PER_SHAPE = 2  # /nights/1/morning/ and /nights/2/morning/ are one template: two of each


class Watcher:
    """Collects CSP violations, per page, from events and from the console."""

    def __init__(self, page) -> None:
        self.page = page
        self.violations: list[str] = []
        self.visited: list[str] = []
        page.set_default_timeout(60_000)  # a hundred pages on a shared machine; not a timing
        page.context.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.violations.append(f"console on {self.page.url}: {message.text}")

    def collect(self) -> None:
        """Violations reported on the current page so far."""
        found = self.page.evaluate("() => window.__cspViolations || []")
        self.violations += [f"{self.page.url}: {v}" for v in found]
        self.page.evaluate("() => { window.__cspViolations = []; }")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status < 500, url
        self.page.wait_for_load_state("load")
        self.visited.append(url)
        self.collect()

    def crawl(self, start: list[str]) -> None:
        """Breadth-first over every same-site link (not downloads, not sign-out), at most
        PER_SHAPE pages of one shape (the same path but for its numbers)."""
        origin = urlsplit(self.page.url).netloc
        queue, seen, shapes = list(start), set(), Counter()
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            shape = re.sub(r"\d+", "N", url)
            if url in seen or shapes[shape] >= PER_SHAPE:
                continue
            seen.add(url)
            shapes[shape] += 1
            self.visit(url)
            hrefs = self.page.eval_on_selector_all(
                "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
            )
            for href in hrefs:
                absolute = urldefrag(urljoin(self.page.url, href)).url
                parts = urlsplit(absolute)
                if parts.netloc != origin or SKIP.search(parts.path):
                    continue
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if path not in seen:
                    queue.append(path)


def test_no_page_violates_the_policy(page, sign_up) -> None:
    watcher = Watcher(page)
    watcher.visit("/accounts/login/")
    assert "script-src 'self'" in page.evaluate(
        "async () => (await fetch(location.href)).headers.get('content-security-policy')"
    )

    # Signed out.
    watcher.crawl(
        ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
         "/accounts/password/reset/MQ/no-such-token/", "/no-such-page/"]
    )  # fmt: skip
    watcher.visit("/accounts/password/reset/")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_role("button", name="Send me a link").click()
    page.wait_for_url("**/password/reset/done/")
    watcher.collect()

    # Signed in, with half a year of diary so every chart and analysis has something to draw.
    username = sign_up(page)
    make_demo_diary(get_user_model().objects.get(username=username), months=6, seed=3)
    watcher.collect()

    watcher.visit("/?screen=night")
    page.get_by_role("button", name="Cramp now").click()
    page.wait_for_url("**/episodes/*/")
    page.locator("form.quick button").first.click()
    page.locator("#saved-status").filter(has_text=re.compile(r"\w")).wait_for()
    watcher.collect()

    # No network: the service worker's own page, and a tap kept on the phone; back online.
    # (Whether the tap is then sent is test_offline_cramp.py's business.)
    page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    page.reload()  # now controlled by the worker
    page.context.set_offline(True)
    page.goto("/?screen=night")
    page.get_by_role("heading", name="No connection").wait_for()
    page.get_by_role("button", name="Cramp now").click()
    page.locator("#tap-status").filter(has_text="saved on this phone").wait_for()
    watcher.collect()
    with page.expect_navigation():  # back online, the worker's page goes home
        page.context.set_offline(False)
    page.wait_for_load_state("load")
    watcher.collect()

    watcher.visit("/checkins/morning/")
    page.locator("input[name=had_cramps][value=yes]").check()
    watcher.collect()

    watcher.visit("/assessment/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    watcher.collect()

    watcher.visit("/routine/")
    page.locator("form[action='/routine/start/'] button").click()
    page.wait_for_url(re.compile(r"/routine/\d+/"))
    page.locator("#hold-button").click()
    page.wait_for_function("() => document.getElementById('countdown').textContent !== ''")
    watcher.collect()

    watcher.visit("/accounts/")
    page.locator(".theme-toggle").click()
    page.wait_for_load_state("load")
    watcher.collect()

    watcher.crawl(["/", "/dashboard/", "/checkins/", "/assessment/", "/routine/", "/trials/",
                   "/trials/new/", "/calendar/", "/profile/", "/medicines/", "/accounts/",
                   "/accounts/password/", "/accounts/delete/"])  # fmt: skip

    visited = set(watcher.visited)
    for needed in ("/dashboard/", "/routine/", "/trials/", "/accounts/password/reset/"):
        assert needed in visited
    assert any(re.fullmatch(r"/trials/\d+/", url) for url in visited), visited
    assert any(re.fullmatch(r"/episodes/\d+/edit/", url) for url in visited), visited
    assert not watcher.violations, "\n".join(watcher.violations)
