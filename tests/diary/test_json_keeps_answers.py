"""The JSON export keeps the morning answer apart from the logged cramps, and each cramp's
zone; an export made before they were kept still imports, its counts as the answers."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from nightcramp.diary.jsonio import export_everything, import_everything
from nightcramp.diary.models import Episode, Night, Profile
from nightcramp.diary.store import morning_checkin, record_episode
from tests.base import BaseTestCase


class JsonKeepsAnswersTest(BaseTestCase):
    def test_answer_and_zone_round_trip(self) -> None:
        morning_checkin(self.alice, date(2026, 3, 1), 0)
        record_episode(
            self.alice,
            datetime(2026, 3, 2, 4, 5, tzinfo=ZoneInfo("America/Los_Angeles")),
            zone=ZoneInfo("America/Los_Angeles"),
        )
        exported = json.loads(json.dumps(export_everything(self.alice), default=str))
        [night] = exported["nights"]
        self.assertEqual((night["reported_cramps"], night["cramps"]), (0, 1))
        self.assertEqual(exported["episodes"][0]["time_zone"], "America/Los_Angeles")
        import_everything(self.bob, exported)
        copy = Night.objects.get(user=self.bob)
        self.assertEqual((copy.reported_cramps, copy.cramps), (0, 1))
        episode = Episode.objects.get(user=self.bob)
        self.assertEqual(episode.clock, datetime(2026, 3, 2, 4, 5))
        # deleting the copied cramp leaves bob's answer: a recorded zero, not missing
        episode.delete()
        copy.recount()
        self.assertEqual(copy.cramps, 0)

    def test_an_older_export_without_answers_still_imports(self) -> None:
        old = {
            "format": "nightcramp-export",
            "version": 1,
            "profile": {"time_zone": "Asia/Tokyo"},
            "nights": [
                {"night": "2026-03-01", "cramps": 2, "checked_in_at": "2026-03-02T08:00:00Z"},
                {"night": "2026-03-02", "cramps": None},
            ],
            "episodes": [{"night": "2026-03-01", "occurred_at": "2026-03-01T18:00:00+00:00"}],
        }
        import_everything(self.bob, old)
        answered, missing = Night.objects.filter(user=self.bob).order_by("night")
        self.assertEqual((answered.reported_cramps, answered.cramps), (2, 2))
        self.assertEqual((missing.reported_cramps, missing.cramps), (None, None))
        episode = Episode.objects.get(user=self.bob)
        self.assertEqual(episode.time_zone, "Asia/Tokyo")
        self.assertEqual(episode.clock, datetime(2026, 3, 2, 3, 0))
        self.assertEqual(Profile.objects.get(user=self.bob).time_zone, "Asia/Tokyo")
        self.assertFalse(Night.objects.filter(user=self.alice).exists())

    def test_a_bad_zone_is_named_and_nothing_is_written(self) -> None:
        bad = {
            "format": "nightcramp-export",
            "version": 1,
            "nights": [{"night": "2026-03-01", "cramps": 1}],
            "episodes": [
                {
                    "night": "2026-03-01",
                    "occurred_at": "2026-03-01T23:00:00+00:00",
                    "time_zone": "Moon/Base",
                }
            ],
        }
        with self.assertRaisesRegex(ValueError, r"episodes\[0\]\.time_zone"):
            import_everything(self.bob, bad)
        self.assertFalse(Night.objects.filter(user=self.bob).exists())
