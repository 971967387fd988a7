"""The dashboard's report button on a phone at night (360x640): while the PDF is being
made, when it is saved, when it fails and when the session has ended, everything it says
fits the screen and says what happened in words, never as a page's source code.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}
BUTTON = "Download a report for your clinician (PDF)"

# Elements of the report button and its status that stick out of the screen or of
# themselves (text wider than its box).
OVERFLOW = """() => {
  const out = [];
  for (const e of document.querySelectorAll('a[data-report], .report-status, .report-status *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.left < 0 || r.right > window.innerWidth) out.push([e.tagName, r.left, r.right]);
    if (e.scrollWidth > e.clientWidth + 1) out.push([e.tagName, 'text wider than its box']);
  }
  return out;
}"""


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OVERFLOW) == []


def _dashboard(new_page, sign_up):
    page = new_page(viewport=PHONE, color_scheme="dark")
    page.set_default_timeout(60_000)
    sign_up(page)
    page.goto("/dashboard/")
    return page


def test_progress_and_ready_fit_a_phone(new_page, sign_up, screenshot) -> None:
    page = _dashboard(new_page, sign_up)
    held = []  # the PDF request waits here until the progress has been measured

    def hold(route) -> None:
        held.append(route)

    page.route("**/report.pdf", hold)
    page.get_by_role("link", name=BUTTON).click()
    page.get_by_role("status").filter(has_text="Making your report").wait_for()
    page.get_by_role("status").filter(has_text="s so far").wait_for()
    page.get_by_role("link", name=BUTTON).scroll_into_view_if_needed()
    _fits(page)
    bar = page.get_by_role("progressbar").bounding_box()
    assert bar is not None and bar["width"] >= 200  # a bar one can see at a glance
    screenshot(page, "report-360-in-progress")
    with page.expect_download(timeout=180_000):
        held[0].continue_()
    page.get_by_role("status").filter(has_text="Your report is ready").wait_for()
    _fits(page)
    screenshot(page, "report-360-ready")


def test_a_failed_report_says_so_in_words(new_page, sign_up, screenshot, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the renderer is missing")

    monkeypatch.setattr("nightcramp.reports.pdf.build_report_pdf", broken)
    page = _dashboard(new_page, sign_up)
    page.get_by_role("link", name=BUTTON).click()
    status = page.get_by_role("status").filter(has_text="could not be made")
    status.wait_for()
    words = status.inner_text()
    assert "<" not in words and "doctype" not in words.lower(), words
    assert "try again" in words
    _fits(page)
    screenshot(page, "report-360-failed")


def test_a_signed_out_phone_is_told_to_sign_in(new_page, sign_up, screenshot) -> None:
    page = _dashboard(new_page, sign_up)
    page.context.clear_cookies()  # the session ended while the dashboard stayed open
    page.get_by_role("link", name=BUTTON).click()
    status = page.get_by_role("status").filter(has_text="sign in")
    status.wait_for()
    assert "ready" not in status.inner_text()
    assert (
        status.get_by_role("link", name="Sign in")
        .get_attribute("href")
        .startswith("/accounts/login/")
    )
    _fits(page)
    screenshot(page, "report-360-signed-out")
