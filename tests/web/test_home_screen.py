"""The home screen: dark with one big button at night; the diary summary by day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

from nightcramp.diary import store
from nightcramp.diary.models import Profile, Trial
from nightcramp.web.logbook import redflag
from nightcramp.web.logbook.daytime import is_night_time, trial_arm
from tests.base import BaseTestCase


def at(moment: datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


PLAN = {
    "intervention": "bedtime stretching",
    "start": "2026-06-01",
    "end": "2026-06-28",
    "washout_nights": 0,
    "periods": [
        {"start": "2026-06-01", "end": "2026-06-07", "arm": "control"},
        {"start": "2026-06-08", "end": "2026-06-14", "arm": "intervention"},
        {"start": "2026-06-15", "end": "2026-06-21", "arm": "intervention"},
        {"start": "2026-06-22", "end": "2026-06-28", "arm": "control"},
    ],
}


class HomeScreenTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="America/New_York")
        self.login()

    def test_night_in_the_users_zone_shows_the_dark_night_screen(self) -> None:
        with at(datetime(2026, 6, 10, 7, 0, tzinfo=UTC)):  # 03:00 in New York
            response = self.client.get("/")
        self.assertContains(response, "Cramp now")
        self.assertContains(response, 'class="home night"')
        self.assertContains(response, 'class="theme-dark"')
        self.assertNotContains(response, "Your diary</h1>")
        self.assertContains(response, "03:00")

    def test_day_in_the_users_zone_shows_the_diary(self) -> None:
        store.morning_checkin(self.alice, date(2026, 6, 9), 0)
        with at(datetime(2026, 6, 10, 14, 0, tzinfo=UTC)):  # 10:00 in New York
            response = self.client.get("/")
        self.assertContains(response, "Cramp now")
        self.assertContains(response, "Your diary</h1>")
        self.assertContains(response, "no cramps")
        self.assertNotContains(response, 'class="home night"')
        self.assertEqual(response.context["streak"].current, 1)

    def test_manual_choice_of_screen(self) -> None:
        with at(datetime(2026, 6, 10, 14, 0, tzinfo=UTC)):
            self.assertContains(self.client.get("/?screen=night"), 'class="home night"')
        with at(datetime(2026, 6, 10, 7, 0, tzinfo=UTC)):
            self.assertContains(self.client.get("/?screen=day"), "Your diary</h1>")

    def test_prompts_for_the_check_ins(self) -> None:
        with at(datetime(2026, 6, 10, 23, 0, tzinfo=UTC)):  # 19:00 in New York
            response = self.client.get("/")
        self.assertContains(response, "How was last night?")
        self.assertContains(response, "Evening check-in")
        store.morning_checkin(self.alice, date(2026, 6, 9), 2)
        store.evening_checkin(self.alice, date(2026, 6, 10), {"fluids_glasses": 4.0})
        with at(datetime(2026, 6, 10, 23, 0, tzinfo=UTC)):
            response = self.client.get("/")
        self.assertNotContains(response, "How was last night?")
        self.assertNotContains(response, "Evening check-in")
        self.assertContains(response, "2 cramps")

    def test_tonights_trial_arm(self) -> None:
        Trial.objects.create(
            user=self.alice,
            intervention="bedtime stretching",
            start=date(2026, 6, 1),
            end=date(2026, 6, 28),
            period_nights=7,
            pairs=2,
            seed=3,
            plan=PLAN,
        )
        with at(datetime(2026, 6, 10, 14, 0, tzinfo=UTC)):
            response = self.client.get("/")
        self.assertContains(response, "Tonight: bedtime stretching.")
        with at(datetime(2026, 6, 3, 14, 0, tzinfo=UTC)):
            response = self.client.get("/")
        self.assertContains(response, "Tonight: no bedtime stretching")

    def test_red_flag_banner_after_a_swollen_leg(self) -> None:
        with at(datetime(2026, 6, 10, 14, 0, tzinfo=UTC)):
            self.assertNotContains(self.client.get("/"), "Swollen, red or warm leg")
        night = store.morning_checkin(self.alice, date(2026, 6, 9), 1)
        night.notes = redflag.with_marker("", True)
        night.save()
        with at(datetime(2026, 6, 10, 14, 0, tzinfo=UTC)):
            response = self.client.get("/")
        self.assertContains(response, "Swollen, red or warm leg")
        self.assertContains(response, 'href="/assessment/"')
        # two weeks later the banner is gone
        with at(datetime(2026, 6, 30, 14, 0, tzinfo=UTC)):
            self.assertNotContains(self.client.get("/"), "Swollen, red or warm leg")


def test_night_hours() -> None:
    from datetime import time

    assert is_night_time(time(21, 0)) and is_night_time(time(3, 0)) and is_night_time(time(6, 59))
    assert not is_night_time(time(7, 0)) and not is_night_time(time(20, 59))


def test_trial_arm_follows_the_plan_and_survives_a_malformed_one() -> None:
    for day, arm in [
        (date(2026, 6, 1), "control"),
        (date(2026, 6, 8), "intervention"),
        (date(2026, 6, 28), "control"),
        (date(2026, 7, 1), None),
    ]:
        assert trial_arm(PLAN, day) == arm
    assert trial_arm({"periods": [{"start": "June"}]}, date(2026, 6, 1)) is None
