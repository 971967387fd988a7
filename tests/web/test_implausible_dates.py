"""Mistyped years (0001, 2099, 9999) are refused with the field named, and change nothing.

Before, they were saved: a night in year 1 or a medicine started in year 1 broke the
trigger analysis and the clinician report (an overflow stepping a day back), a trial
starting in 9999 crashed the page, and a cramp could be dated in the future.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

from django.urls import reverse

from nightcramp.diary import store
from nightcramp.diary.models import Episode, Medicine, Night, Trial
from tests.base import BaseTestCase

NOW = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)


class ImplausibleDatesTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        patcher = mock.patch("django.utils.timezone.now", return_value=NOW)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_morning_checkin_for_year_one_is_refused(self) -> None:
        response = self.client.post(
            "/checkins/morning/", {"night": "0001-01-01", "had_cramps": "no"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Night of: 0001-01-01 is more than 10 years ago")
        self.assertFalse(Night.objects.filter(user=self.alice).exists())

    def test_morning_checkin_a_few_years_back_is_accepted(self) -> None:
        response = self.client.post(
            "/checkins/morning/", {"night": "2020-03-01", "had_cramps": "no"}
        )
        self.assertRedirects(response, "/")
        self.assertEqual(Night.objects.get(user=self.alice, night=date(2020, 3, 1)).cramps, 0)

    def test_evening_checkin_for_1900_is_refused(self) -> None:
        response = self.client.post("/checkins/evening/", {"night": "1900-01-01"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Evening of: 1900-01-01 is more than 10 years ago")
        self.assertFalse(Night.objects.filter(user=self.alice).exists())

    def edit(self, occurred_at: str):
        episode = store.record_episode(
            self.alice, occurred_at=datetime(2026, 5, 10, 3, 0, tzinfo=UTC)
        )
        response = self.client.post(
            f"/episodes/{episode.pk}/edit/", {"occurred_at": occurred_at, "woke": ""}
        )
        episode.refresh_from_db()
        return response, episode

    def test_cramp_in_the_future_is_refused(self) -> None:
        response, episode = self.edit("2099-01-01T03:00")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "When it started: 2099-01-01 03:00 is in the future")
        self.assertEqual(episode.occurred_at, datetime(2026, 5, 10, 3, 0, tzinfo=UTC))
        self.assertFalse(Night.objects.filter(user=self.alice, night__year=2098).exists())

    def test_cramp_decades_ago_is_refused(self) -> None:
        response, episode = self.edit("1926-05-10T03:00")
        self.assertContains(response, "When it started: 1926-05-10 is more than 10 years ago")
        self.assertEqual(episode.occurred_at.year, 2026)

    def test_cramp_earlier_tonight_is_accepted(self) -> None:
        response, episode = self.edit("2026-05-10T02:15")
        self.assertRedirects(response, "/checkins/")
        self.assertEqual(episode.occurred_at, datetime(2026, 5, 10, 2, 15, tzinfo=UTC))

    def test_medicine_dates_in_year_one_or_9999_are_refused(self) -> None:
        for field, value, words in [
            ("started", "0001-01-02", "Started on: 0001-01-02 is not a plausible date"),
            ("started", "9999-12-30", "Started on: 9999-12-30 is not a plausible date"),
            ("stopped", "0001-01-02", "Stopped on: 0001-01-02 is not a plausible date"),
        ]:
            response = self.client.post(
                reverse("care:medicine_add"), {"name": "Lasix", field: value}
            )
            self.assertEqual(response.status_code, 400, value)
            self.assertContains(response, words, status_code=400)
        self.assertFalse(Medicine.objects.exists())

    def test_medicine_started_long_ago_is_accepted(self) -> None:
        response = self.client.post(
            reverse("care:medicine_add"), {"name": "Lipitor", "started": "1995-06-01"}
        )
        self.assertRedirects(response, reverse("care:medicines"))
        self.assertEqual(Medicine.objects.get(user=self.alice).started, date(1995, 6, 1))

    def test_trial_starting_in_9999_is_refused_not_a_crash(self) -> None:
        response = self.client.post(
            reverse("care:trial_new"),
            {
                "intervention": "Bedtime stretching",
                "start": "9999-12-01",
                "period_nights": "7",
                "pairs": "6",
                "washout_nights": "0",
                "cramps_per_week": "3",
                "reduction_percent": "50",
                "action": "create",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "First night: 9999-12-01 is more than a year away", status_code=400
        )
        self.assertFalse(Trial.objects.exists())

    def test_refusals_leave_the_dashboard_analysis_working(self) -> None:
        for night in ("0001-01-01", "2026-05-08", "2026-05-09"):
            self.client.post("/checkins/morning/", {"night": night, "had_cramps": "no"})
        self.assertEqual(Night.objects.filter(user=self.alice).count(), 2)
        self.assertEqual(Episode.objects.filter(user=self.alice).count(), 0)
        page = self.client.get("/dashboard/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "could not run on your diary")
