"""The report button says the PDF is being made while it waits, then saves it."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_button_shows_progress_then_saves_the_pdf(page, sign_up, screenshot) -> None:
    sign_up(page)
    page.goto("/dashboard/")
    held = []  # the PDF request waits here until the page has shown its progress

    def hold(route) -> None:
        held.append(route)

    page.route("**/report.pdf", hold)
    page.get_by_role("link", name="Download a report for your clinician (PDF)").click()
    making = page.get_by_role("status").filter(has_text="Making your report")
    making.wait_for()
    assert page.get_by_role("progressbar").is_visible()
    screenshot(page, "report-in-progress")
    assert len(held) == 1
    with page.expect_download(timeout=180_000) as download:
        held[0].continue_()
    assert download.value.suggested_filename == "nightcramp-report.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    page.get_by_role("status").filter(has_text="Your report is ready").wait_for()
    screenshot(page, "report-ready")
