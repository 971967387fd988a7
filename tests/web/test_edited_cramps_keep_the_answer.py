"""Moving, adding and deleting logged cramps never changes what the person answered.

Before: moving a cramp onto a night checked in as "no cramps" and back left that night
"not checked in"; adding a missed cramp to a night answered "2 cramps" and deleting it
left the night at 1.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from nightcramp.diary import store
from nightcramp.diary.models import Episode, Night
from tests.base import BaseTestCase

NOW = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)


def episode_form(when: str) -> dict:
    return {"occurred_at": when, "leg": "left", "muscle": "calf", "severity": "5"}


class EditedCrampsKeepTheAnswerTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        self.at_time(NOW)

    def answer(self, night: str, cramps: int) -> Night:
        form = {"night": night, "had_cramps": "yes" if cramps else "no", "notes": ""}
        if cramps:
            form["cramps"] = str(cramps)
        self.client.post("/checkins/morning/", form)
        return Night.objects.get(user=self.alice, night=date.fromisoformat(night))

    def test_moving_a_cramp_onto_a_no_cramps_night_and_back(self) -> None:
        quiet = self.answer("2026-05-10", 0)
        cramp = store.record_episode(
            self.alice, occurred_at=datetime(2026, 5, 10, 3, 0, tzinfo=UTC)
        )
        self.assertEqual(cramp.night.night, date(2026, 5, 9))
        url = f"/episodes/{cramp.pk}/edit/"
        self.client.post(url, episode_form("2026-05-11T03:00"))
        quiet.refresh_from_db()
        self.assertEqual((quiet.reported_cramps, quiet.cramps), (0, 1))
        self.client.post(url, episode_form("2026-05-10T03:00"))
        quiet.refresh_from_db()
        self.assertEqual((quiet.reported_cramps, quiet.cramps), (0, 0))
        self.assertIsNotNone(quiet.checked_in_at)
        self.assertNotContains(self.client.get("/checkins/"), "2026-05-10 not checked in")
        # the night it came from was never answered: back to its one logged cramp
        self.assertEqual(Night.objects.get(user=self.alice, night=date(2026, 5, 9)).cramps, 1)

    def test_adding_a_missed_cramp_then_deleting_it_keeps_two(self) -> None:
        night = self.answer("2026-05-10", 2)
        self.client.post(f"/nights/{night.pk}/add-cramp/", episode_form("2026-05-11T02:30"))
        added = Episode.objects.get(user=self.alice)
        night.refresh_from_db()
        self.assertEqual((night.reported_cramps, night.cramps), (2, 2))
        self.client.post(f"/episodes/{added.pk}/delete/")
        night.refresh_from_db()
        self.assertFalse(Episode.objects.exists())
        self.assertEqual((night.reported_cramps, night.cramps), (2, 2))

    def test_deleting_the_only_tap_of_an_unanswered_night_leaves_it_missing(self) -> None:
        tap = store.record_episode(self.alice, occurred_at=datetime(2026, 5, 11, 2, 0, tzinfo=UTC))
        self.client.post(f"/episodes/{tap.pk}/delete/")
        night = Night.objects.get(user=self.alice, night=date(2026, 5, 10))
        self.assertIsNone(night.cramps)
        self.assertIsNone(night.reported_cramps)

    def test_bob_cannot_move_or_delete_alices_cramp(self) -> None:
        night = self.answer("2026-05-10", 2)
        tap = store.record_episode(self.alice, occurred_at=datetime(2026, 5, 11, 2, 0, tzinfo=UTC))
        self.login(self.bob)
        self.assertEqual(self.client.post(f"/episodes/{tap.pk}/delete/").status_code, 404)
        edit = self.client.post(f"/episodes/{tap.pk}/edit/", episode_form("2026-05-10T02:00"))
        self.assertEqual(edit.status_code, 404)
        self.assertEqual(self.client.get(f"/nights/{night.pk}/add-cramp/").status_code, 404)
        night.refresh_from_db()
        self.assertEqual((night.reported_cramps, night.cramps, Episode.objects.count()), (2, 2, 1))
