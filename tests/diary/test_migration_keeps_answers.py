"""Migrating a diary made before answers were kept apart loses no value.

Every night keeps its count; a count becomes the stored morning answer wherever a check-in
existed, and a night only ever tapped ("Cramp now", never answered) stays unanswered, so
deleting a mistaken tap still leaves it missing. Each old cramp keeps its account's zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.base import MigrationTestCase

BEFORE = [("diary", "0001_initial")]
AFTER = [("diary", "0002_answers_zones_keys")]


class MigrationKeepsAnswersTest(MigrationTestCase):
    def test_counts_answers_and_zones_survive(self) -> None:
        old = self.migrate(BEFORE)
        User = old.get_model("auth", "User")
        Night = old.get_model("diary", "Night")
        Episode = old.get_model("diary", "Episode")
        Profile = old.get_model("diary", "Profile")
        alice = User.objects.create(username="alice")
        Profile.objects.create(user=alice, time_zone="America/Los_Angeles")
        morning = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)

        def night(day: int, cramps, checked_in_at=None):
            return Night.objects.create(
                user=alice, night=date(2026, 3, day), cramps=cramps, checked_in_at=checked_in_at
            )

        zero = night(1, 0, morning)  # "no cramps"
        answered = night(2, 3, morning)  # "3 cramps", one of them logged
        tapped = night(3, 1, morning)  # one "Cramp now" tap, never answered
        missing = night(4, None)
        for n, at in ((answered, morning - timedelta(hours=5)), (tapped, morning)):
            e = Episode.objects.create(user=alice, night=n, occurred_at=at)
            Episode.objects.filter(pk=e.pk).update(created_at=at)
        Night.objects.filter(pk=tapped.pk).update(checked_in_at=morning + timedelta(seconds=1))

        new = self.migrate(AFTER)
        Night = new.get_model("diary", "Night")
        rows = {n.pk: n for n in Night.objects.all()}
        self.assertEqual((rows[zero.pk].reported_cramps, rows[zero.pk].cramps), (0, 0))
        self.assertEqual((rows[answered.pk].reported_cramps, rows[answered.pk].cramps), (3, 3))
        self.assertEqual((rows[tapped.pk].reported_cramps, rows[tapped.pk].cramps), (None, 1))
        self.assertIsNone(rows[tapped.pk].checked_in_at)
        self.assertEqual((rows[missing.pk].reported_cramps, rows[missing.pk].cramps), (None, None))
        zones = set(new.get_model("diary", "Episode").objects.values_list("time_zone", flat=True))
        self.assertEqual(zones, {"America/Los_Angeles"})
