"""Downloading the clinician report as a PDF, with an optional date range."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from nightcramp.diary import store
from tests.base import BaseTestCase


class ReportDownloadTests(BaseTestCase):
    def test_login_required(self) -> None:
        response = self.client.get(reverse("care:report_pdf"))
        self.assertEqual(response.status_code, 302)

    def test_pdf_attachment(self) -> None:
        store.morning_checkin(self.alice, date(2026, 3, 1), 2)
        store.morning_checkin(self.alice, date(2026, 3, 2), 0)
        self.login()
        response = self.client.get(
            reverse("care:report_pdf"), {"from": "2026-03-01", "to": "2026-03-31"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn("2026-03-01-to-2026-03-31", response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_bad_dates_give_400_naming_them(self) -> None:
        self.login()
        response = self.client.get(reverse("care:report_pdf"), {"from": "01/03/2026"})
        self.assertEqual(response.status_code, 400)
        text = response.content.decode()
        self.assertIn("'from' = '01/03/2026'", text)
        self.assertIn("2026-03-31", text)
        response = self.client.get(reverse("care:report_pdf"), {"to": "2026-02-30"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("'to'", response.content.decode())

    def test_from_after_to_gives_400(self) -> None:
        self.login()
        response = self.client.get(
            reverse("care:report_pdf"), {"from": "2026-04-01", "to": "2026-03-01"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("is after", response.content.decode())


class ReportProblemPageTests(BaseTestCase):
    """A phone that opened the report link with bad dates gets a page, not plain text."""

    def test_a_browser_gets_a_page_naming_the_bad_date(self) -> None:
        self.login()
        response = self.client.get(
            reverse("care:report_pdf"), {"from": "01/03/2026"}, HTTP_ACCEPT="text/html,*/*"
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response["Content-Type"].startswith("text/html"))
        self.assertContains(response, "The report could not be made", status_code=400)
        self.assertContains(response, "&#x27;from&#x27; = &#x27;01/03/2026&#x27;", status_code=400)
        self.assertContains(response, 'href="/dashboard/"', status_code=400)

    def test_a_script_still_gets_plain_text(self) -> None:
        self.login()
        response = self.client.get(
            reverse("care:report_pdf"), {"to": "2026-02-30"}, HTTP_ACCEPT="*/*"
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response["Content-Type"].startswith("text/plain"))
