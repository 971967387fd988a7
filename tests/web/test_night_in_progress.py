"""The night still in progress can never be checked in, at any hour.

A night is in progress from its evening until 05:00 the next morning on the person's own
clock. Before: at 00:54 the morning check-in offered and accepted the night still going
on, while at 23:40 it refused that same night.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from nightcramp.diary.models import Night, Profile
from tests.base import BaseTestCase

LA = ZoneInfo("America/Los_Angeles")


class NightInProgressTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="America/Los_Angeles")
        self.login()

    def answer(self, night: str):
        form = {"night": night, "had_cramps": "no", "notes": ""}
        return self.client.post("/checkins/morning/", form)

    def assert_in_progress_refused(self, offered: str, in_progress: str) -> None:
        self.assertContains(self.client.get("/checkins/morning/"), f'value="{offered}"')
        response = self.answer(in_progress)
        self.assertContains(response, "That night has not finished yet")
        self.assertFalse(Night.objects.filter(user=self.alice).exists())
        self.assertRedirects(self.answer(offered), "/")
        self.assertEqual(Night.objects.get(user=self.alice).reported_cramps, 0)

    def test_just_after_midnight(self) -> None:
        self.at_time(datetime(2026, 5, 12, 0, 54, tzinfo=LA))
        self.assert_in_progress_refused(offered="2026-05-10", in_progress="2026-05-11")

    def test_late_evening(self) -> None:
        self.at_time(datetime(2026, 5, 11, 23, 40, tzinfo=LA))
        self.assert_in_progress_refused(offered="2026-05-10", in_progress="2026-05-11")

    def test_the_night_is_over_at_five(self) -> None:
        self.at_time(datetime(2026, 5, 12, 5, 0, tzinfo=LA))
        self.assertContains(self.client.get("/checkins/morning/"), 'value="2026-05-11"')
        self.assertRedirects(self.answer("2026-05-11"), "/")

    def test_home_asks_about_the_finished_night_only(self) -> None:
        self.at_time(datetime(2026, 5, 12, 0, 54, tzinfo=LA))
        page = self.client.get("/?screen=day")
        self.assertContains(page, "Last night (Sun 10 May)")
