"""Changing the account's time zone never moves a past cramp to another night or clock time.

Before: after switching the account from Los Angeles to Tokyo, a cramp logged at 04:05
showed as 21:05 on another date.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from nightcramp.diary.models import Episode, Night, Profile
from tests.base import BaseTestCase

LA = ZoneInfo("America/Los_Angeles")
TAP = datetime(2026, 3, 3, 4, 5, tzinfo=LA)


class ZoneChangeKeepsTimesTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="America/Los_Angeles")
        self.login()
        self.at_time(TAP)
        self.client.post("/cramp/")
        self.episode = Episode.objects.get(user=self.alice)
        self.client.post("/accounts/", {"time_zone": "Asia/Tokyo"})
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Asia/Tokyo")

    def test_the_cramp_keeps_its_clock_time_and_night(self) -> None:
        self.assertEqual(self.episode.time_zone, "America/Los_Angeles")
        self.assertEqual(self.episode.night.night, date(2026, 3, 2))
        history = self.client.get("/checkins/")
        self.assertContains(history, "04:05 Los Angeles time")
        self.assertNotContains(history, "21:05")
        self.assertContains(self.client.get("/?screen=day"), "Tue 3 Mar, 04:05 Los Angeles time")
        page = self.client.get(f"/episodes/{self.episode.pk}/")
        self.assertContains(page, "Cramp saved at 04:05 Los Angeles time")
        self.assertContains(
            self.client.get(f"/episodes/{self.episode.pk}/edit/"), 'value="2026-03-03T04:05"'
        )

    def test_saving_its_details_in_tokyo_does_not_move_it(self) -> None:
        form = {"occurred_at": "2026-03-03T04:05", "leg": "left", "severity": "4"}
        self.assertRedirects(
            self.client.post(f"/episodes/{self.episode.pk}/edit/", form), "/checkins/"
        )
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.occurred_at, TAP)
        self.assertEqual(self.episode.night.night, date(2026, 3, 2))
        self.assertEqual(Night.objects.filter(user=self.alice).count(), 1)

    def test_a_new_cramp_is_logged_in_tokyo_time(self) -> None:
        self.at_time(datetime(2026, 3, 4, 2, 30, tzinfo=ZoneInfo("Asia/Tokyo")))
        self.client.post("/cramp/")
        latest = Episode.objects.filter(user=self.alice).latest("occurred_at")
        self.assertEqual((latest.time_zone, latest.night.night), ("Asia/Tokyo", date(2026, 3, 3)))
        self.assertContains(self.client.get("/checkins/"), "02:30 no details yet")
