"""The dashboard: charts with their numbers, trigger analysis in words, medicine timeline."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from unittest import mock

from nightcramp.diary import store
from nightcramp.diary.models import Medicine
from nightcramp.web.insight import charts
from tests.base import BaseTestCase

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def fill(user, nights: int, seed: int = 4) -> None:
    rng = random.Random(seed)
    start = date(2026, 5, 31) - timedelta(days=nights - 1)
    for i in range(nights):
        night = start + timedelta(days=i)
        stretched = rng.random() < 0.5
        store.evening_checkin(
            user, night, {"bedtime_stretching": stretched, "fluids_glasses": 4.0 + i % 3}
        )
        cramps = rng.choice([0, 0, 1, 2] if stretched else [0, 1, 2, 3])
        store.morning_checkin(user, night, cramps, soreness=float(cramps))
        for k in range(min(cramps, 1)):
            store.record_episode(
                user,
                occurred_at=datetime.combine(night + timedelta(days=1), datetime.min.time(), UTC)
                + timedelta(hours=2 + k),
                leg="left",
                muscle="calf",
                severity=5,
            )


class DashboardTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        patcher = mock.patch("django.utils.timezone.now", return_value=NOW)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_empty_diary_is_honest(self) -> None:
        page = self.client.get("/dashboard/")
        self.assertContains(page, "No nights checked in during the last 12 weeks")
        self.assertContains(page, "Not enough data yet")
        self.assertContains(page, 'href="/report.pdf"')

    def test_charts_have_text_alternatives_and_tables(self) -> None:
        fill(self.alice, 20)
        page = self.client.get("/dashboard/")
        self.assertEqual(page.content.decode().count('role="img"'), 4)
        for title in (
            "Cramps per week",
            "Worst severity per night",
            "Time of night",
            "Where the cramps are",
        ):
            self.assertContains(page, title)
        self.assertContains(page, "<title id=")
        for ident in ("c-week", "c-sev", "c-hour", "c-map"):
            self.assertContains(page, f'aria-describedby="{ident}-s"')
            self.assertContains(page, f'<p id="{ident}-s">')
        self.assertContains(page, "Show the numbers", count=4)
        self.assertContains(page, "most often between 02:00 and 03:00")
        self.assertContains(page, "most often left leg, calf")

    def test_not_enough_data_says_how_many_more_nights(self) -> None:
        fill(self.alice, 8)
        page = self.client.get("/dashboard/")
        self.assertContains(page, "Not enough data yet")
        self.assertRegex(page.content.decode(), r"about \d+ more night")

    def test_trigger_analysis_in_plain_words_with_uncertainty(self) -> None:
        fill(self.alice, 90)
        page = self.client.get("/dashboard/")
        text = page.content.decode()
        self.assertContains(page, "Bedtime stretching done")
        self.assertRegex(text, r"\d+% (more|fewer) cramps on nights with “Bedtime stretching done”")
        self.assertContains(page, "95% interval")
        self.assertContains(page, "not proof of cause")

    def test_medicine_timeline(self) -> None:
        fill(self.alice, 40)
        page = self.client.get("/dashboard/")
        self.assertContains(page, "Add your medicines with their start dates")
        Medicine.objects.create(user=self.alice, name="Amlodipine", started=date(2026, 5, 10))
        page = self.client.get("/dashboard/")
        timeline = page.context["timeline"]
        self.assertTrue(timeline.available, timeline.note)
        self.assertTrue(timeline.messages)
        self.assertContains(page, "Amlodipine")

    def test_only_my_own_data(self) -> None:
        fill(self.bob, 20)
        page = self.client.get("/dashboard/")
        self.assertContains(page, "No nights checked in during the last 12 weeks")
        self.assertEqual(page.context["nights_recorded"], 0)


def test_missing_weeks_are_not_drawn_as_zero() -> None:
    chart = charts.cramps_per_week([(date(2026, 5, 25), 0)], date(2026, 5, 31), weeks=3)
    assert [row[1] for row in chart.rows] == ["no data", "no data", "0"]
    assert chart.svg.count('class="nodata"') == 2
    assert chart.svg.count('class="bar"') == 1


def test_labels_are_escaped() -> None:
    chart = charts.leg_muscle_map([("left", "calf")], [("calf", "<b>Calf</b>")])
    assert "<b>" not in chart.svg and "&lt;b&gt;" in chart.svg


def test_summary_uses_the_persons_labels() -> None:
    from nightcramp.web.insight.analysis import readable

    labels = {"bedtime_stretching": ("Bedtime stretching done", ""), "tonic": ("Tonic", "")}
    message = "1 of 4 tests stand out: bedtime_stretching (previous day)."
    assert (
        readable(message, labels)
        == "1 of 4 tests stand out: Bedtime stretching done (the day before)."
    )


class ImportedFactorsTest(BaseTestCase):
    def test_the_dashboard_says_where_imported_numbers_come_from(self) -> None:
        from nightcramp.diary.wearables import store_activity

        store_activity(self.alice, {date(2026, 2, 1): {"exercise_minutes": 42.0}}, source="fitbit")
        store_activity(self.bob, {date(2026, 2, 1): {"steps": 4000.0}}, source="google_fit")
        self.login()
        page = self.client.get("/dashboard/").content.decode()
        self.assertIn("Numbers imported from other apps", page)
        self.assertIn("From Fitbit: Fitbit active minutes", page)
        self.assertNotIn("Google Fit", page)  # bob's import, not alice's
