"""Evening numbers a day cannot hold are refused by name; a person's own big numbers fit."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

from nightcramp.diary import store
from nightcramp.diary.models import FactorValue, Night
from tests.base import BaseTestCase

NOW = datetime(2026, 5, 10, 20, 0, tzinfo=UTC)


class EveningLimitsTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        patcher = mock.patch("django.utils.timezone.now", return_value=NOW)
        patcher.start()
        self.addCleanup(patcher.stop)

    def post(self, **values):
        return self.client.post("/checkins/evening/", {"night": "2026-05-10", **values})

    def test_more_than_24_hours_sitting_is_refused(self) -> None:
        response = self.post(f_sitting_hours="30")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Hours sitting: must be less than or equal to 24 hours in a day"
        )
        self.assertFalse(Night.objects.filter(user=self.alice).exists())

    def test_sitting_and_standing_beyond_a_day_is_refused(self) -> None:
        response = self.post(f_sitting_hours="16", f_standing_hours="12")
        self.assertContains(
            response, "Hours sitting (16) and hours standing (12) add up to more than the 24"
        )
        self.assertFalse(Night.objects.filter(user=self.alice).exists())

    def test_a_whole_day_of_exercise_minutes_is_the_ceiling(self) -> None:
        response = self.post(f_exercise_minutes="5000")
        self.assertContains(
            response, "Exercise: must be less than or equal to 1440 minutes in a day"
        )
        self.assertRedirects(self.post(f_exercise_minutes="90"), "/")

    def test_negative_and_non_numbers_name_the_factor(self) -> None:
        response = self.post(f_fluids_glasses="-1", f_caffeine_drinks="lots")
        self.assertContains(response, "Fluids: must be greater than or equal to 0.")
        self.assertContains(response, "Caffeine: Enter a number, such as 2 or 1.5.")
        self.assertFalse(Night.objects.filter(user=self.alice).exists())

    def test_own_step_count_above_ten_thousand_is_saved(self) -> None:
        store.ensure_factor(self.alice, "steps", "number", "Steps")
        response = self.post(f_steps="15000")
        self.assertRedirects(response, "/")
        night = Night.objects.get(user=self.alice, night=date(2026, 5, 10))
        value = FactorValue.objects.get(user=self.alice, night=night, factor__name="steps")
        self.assertEqual(value.value, 15000)


class MorningCountMessageTest(BaseTestCase):
    def test_a_negative_count_gets_one_clear_message(self) -> None:
        self.login()
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            response = self.client.post(
                "/checkins/morning/", {"night": "2026-05-09", "had_cramps": "yes", "cramps": "-3"}
            )
        self.assertContains(response, "How many cramps: must be greater than or equal to 1")
        self.assertNotContains(response, "Say how many cramps you had")
        self.assertFalse(Night.objects.filter(user=self.alice).exists())
