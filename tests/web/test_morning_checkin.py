"""The morning check-in: a cramp-free night is a recorded zero; details and red flags."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

from django.test import Client

from nightcramp.diary import store
from nightcramp.diary.models import Night
from nightcramp.web.logbook import redflag
from tests.base import BaseTestCase

NOW = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)  # morning after the night of 9 May (UTC zone)


class MorningCheckinTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        patcher = mock.patch("django.utils.timezone.now", return_value=NOW)
        patcher.start()
        self.addCleanup(patcher.stop)

    def post(self, **data):
        form = {"night": "2026-05-09", "had_cramps": "no", "soreness": "", "notes": ""}
        form.update(data)
        return self.client.post("/checkins/morning/", form)

    def test_form_defaults_to_last_night(self) -> None:
        response = self.client.get("/checkins/morning/")
        self.assertContains(response, 'value="2026-05-09"')
        self.assertContains(response, "No cramps")

    def test_no_cramps_is_a_recorded_zero(self) -> None:
        response = self.post(soreness="1")
        self.assertRedirects(response, "/")
        night = Night.objects.get(user=self.alice, night=date(2026, 5, 9))
        self.assertEqual(night.cramps, 0)
        self.assertEqual(night.soreness, 1)
        self.assertIsNotNone(night.checked_in_at)

    def test_had_cramps_with_a_count_asks_for_details(self) -> None:
        response = self.post(had_cramps="yes", cramps="2", soreness="5")
        night = Night.objects.get(user=self.alice, night=date(2026, 5, 9))
        self.assertEqual((night.cramps, night.soreness), (2, 5))
        self.assertRedirects(response, f"/nights/{night.pk}/morning/")
        page = self.client.get(f"/nights/{night.pk}/morning/")
        self.assertContains(page, "Add a cramp I did not log")

    def test_logged_episodes_set_the_floor_of_the_count(self) -> None:
        store.record_episode(self.alice, occurred_at=datetime(2026, 5, 10, 2, 0, tzinfo=UTC))
        store.record_episode(self.alice, occurred_at=datetime(2026, 5, 10, 3, 0, tzinfo=UTC))
        self.assertContains(self.client.get("/checkins/morning/"), 'name="cramps" value="2"')
        self.post(had_cramps="yes", cramps="1")
        self.assertEqual(Night.objects.get(user=self.alice).cramps, 2)

    def test_swollen_leg_is_recorded_and_warned_about(self) -> None:
        response = self.post(swollen="on", notes="left calf")
        night = Night.objects.get(user=self.alice)
        self.assertTrue(redflag.has_marker(night.notes))
        self.assertIn("left calf", night.notes)
        home = self.client.get(response["Location"])
        self.assertContains(home, "Swollen, red or warm leg")
        self.assertContains(home, "blood clot")

    def test_edit_a_past_night(self) -> None:
        self.post(had_cramps="yes", cramps="3")
        night = Night.objects.get(user=self.alice)
        self.client.post(
            f"/nights/{night.pk}/morning/",
            {"night": "2026-05-09", "had_cramps": "no", "soreness": "0", "notes": ""},
        )
        night.refresh_from_db()
        self.assertEqual((night.cramps, night.soreness), (0, 0))

    def test_bad_input_is_named_and_changes_nothing(self) -> None:
        cases = [
            ({"had_cramps": "yes", "cramps": ""}, "Say how many cramps you had"),
            ({"had_cramps": "yes", "cramps": "-1"}, "greater than or equal to 1"),
            ({"night": "2026-05-10"}, "That night has not finished yet"),
            ({"night": "10/05/2026x"}, "Enter a valid date"),
            ({"soreness": "11"}, "Select a valid choice"),
            ({"had_cramps": "maybe"}, "Select a valid choice"),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                response = self.post(**data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertFalse(Night.objects.filter(user=self.alice).exists())

    def test_forged_post_without_csrf_is_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post("/checkins/morning/", {"night": "2026-05-09", "had_cramps": "no"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Night.objects.exists())
