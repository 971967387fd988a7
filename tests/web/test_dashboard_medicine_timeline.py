"""The dashboard shows the before/after medicine timeline it tells people to show (issue 11).

Before: the page said "show them this timeline" with no timeline on it, and asked for
"21 more nights before the start" of a medicine begun before the diary.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from nightcramp.diary.models import Medicine
from tests.base import BaseTestCase
from tests.web.test_dashboard import fill

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


class MedicineTimelineTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        self.at_time(NOW)

    def test_the_timeline_is_drawn_with_each_start_and_its_numbers(self) -> None:
        fill(self.alice, 90)  # nights from 3 March to 31 May 2026
        Medicine.objects.create(user=self.alice, name="Amlodipine", started=date(2026, 4, 20))
        page = self.client.get("/dashboard/")
        html = page.content.decode()
        self.assertIn('aria-labelledby="c-med-t"', html)
        self.assertIn('class="start"', html)  # the start date's line
        self.assertIn("1. Amlodipine", html)
        self.assertContains(page, 'Show the numbers<span class="visually-hidden"> for medicines')
        chart = page.context["timeline"].chart
        (row,) = chart.rows
        self.assertEqual(row[1], "20 Apr 2026")
        self.assertRegex(row[2], r"^\d\.\d\d a night \(\d+ recorded nights\)$")
        self.assertRegex(row[3], r"^\d\.\d\d a night \(\d+ recorded nights\)$")

    def test_a_medicine_started_before_the_diary_says_no_comparison_is_possible(self) -> None:
        fill(self.alice, 60)
        Medicine.objects.create(user=self.alice, name="Lisinopril", started=date(2025, 1, 10))
        page = self.client.get("/dashboard/")
        self.assertContains(page, "No before/after comparison is possible for Lisinopril")
        self.assertContains(page, "started before the diary began")
        self.assertNotContains(page, "more nights before")

    def test_bob_does_not_see_alices_medicines(self) -> None:
        fill(self.bob, 60)
        Medicine.objects.create(user=self.bob, name="Bobsartan", started=date(2026, 5, 1))
        page = self.client.get("/dashboard/")
        self.assertNotContains(page, "Bobsartan")
        self.assertNotIn('aria-labelledby="c-med-t"', page.content.decode())
