"""Home names the start of a planned experiment instead of calling tonight "a gap"."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

from django.urls import reverse

from nightcramp.diary.models import Trial
from tests.base import BaseTestCase

NOON = datetime(2026, 5, 10, 18, 0, tzinfo=UTC)


class HomeTrialNotStartedTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        patcher = mock.patch("django.utils.timezone.now", return_value=NOON)
        patcher.start()
        self.addCleanup(patcher.stop)

    def plan(self, start: str) -> None:
        response = self.client.post(
            reverse("care:trial_new"),
            {
                "intervention": "Bedtime stretching",
                "start": start,
                "period_nights": "7",
                "pairs": "2",
                "washout_nights": "0",
                "cramps_per_week": "3",
                "reduction_percent": "50",
                "action": "create",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Trial.objects.filter(user=self.alice).exists())

    def test_a_trial_starting_tomorrow_is_named_on_home(self) -> None:
        self.plan("2026-05-11")
        page = self.client.get("/?screen=day")
        self.assertContains(page, "Your experiment starts on Monday 11 May")
        self.assertNotContains(page, "a gap between periods")

    def test_a_running_trial_says_tonights_arm(self) -> None:
        self.plan("2026-05-10")
        page = self.client.get("/?screen=day")
        self.assertContains(page, "Tonight: ")
        self.assertNotContains(page, "Your experiment starts")
