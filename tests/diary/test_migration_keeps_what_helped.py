"""Migrating to several answers for "what helped?" keeps every answer given before.

A single stored answer becomes a list of that one answer; a cramp with no answer gets an
empty list, never an invented one. Going back works while no cramp has two answers, and is
refused (changing nothing) once one has, rather than drop an answer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.base import MigrationTestCase

BEFORE = [("diary", "0005_routine_answer_kept")]
AFTER = [("diary", "0006_what_helped_several")]


class MigrationKeepsWhatHelpedTest(MigrationTestCase):
    def old_diary(self) -> dict[str, int]:
        old = self.migrate(BEFORE)
        User = old.get_model("auth", "User")
        Night = old.get_model("diary", "Night")
        Episode = old.get_model("diary", "Episode")
        alice = User.objects.create(username="alice")
        night = Night.objects.create(user=alice, night=date(2026, 3, 1), cramps=3)
        ids = {}
        for minute, answer in enumerate(["massage", "", "waited"]):
            at = datetime(2026, 3, 2, 3, minute, tzinfo=UTC)
            e = Episode.objects.create(user=alice, night=night, occurred_at=at, relieved_by=answer)
            ids[answer] = e.pk
        return ids

    def test_each_answer_becomes_a_list_of_it(self) -> None:
        ids = self.old_diary()
        new = self.migrate(AFTER)
        stored = dict(new.get_model("diary", "Episode").objects.values_list("pk", "relieved_by"))
        self.assertEqual(
            stored, {ids["massage"]: ["massage"], ids[""]: [], ids["waited"]: ["waited"]}
        )

    def test_going_back_keeps_single_answers_and_refuses_to_drop_one(self) -> None:
        ids = self.old_diary()
        self.migrate(AFTER)
        old = self.migrate(BEFORE)
        stored = dict(old.get_model("diary", "Episode").objects.values_list("pk", "relieved_by"))
        self.assertEqual(stored, {ids["massage"]: "massage", ids[""]: "", ids["waited"]: "waited"})
        new = self.migrate(AFTER)
        Episode = new.get_model("diary", "Episode")
        Episode.objects.filter(pk=ids["massage"]).update(relieved_by=["stretching", "massage"])
        with pytest.raises(RuntimeError, match=r"more than one answer to 'what helped\?': 1 "):
            self.migrate(BEFORE)
        kept = self.migrate(AFTER).get_model("diary", "Episode").objects.get(pk=ids["massage"])
        self.assertEqual(kept.relieved_by, ["stretching", "massage"])
