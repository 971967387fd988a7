"""Trials in the database: one running trial per person, strictly per user."""

from __future__ import annotations

from datetime import date

from nightcramp.diary.models import Trial
from nightcramp.diary.trial_store import (
    current_trial,
    finish_past_trials,
    latest_trial,
    save_trial,
    stop_trial,
)
from nightcramp.stats.trials import plan_trial
from tests.base import BaseTestCase


class TrialStoreTests(BaseTestCase):
    def test_a_new_overlapping_plan_stops_the_running_one_and_keeps_it(self):
        first, stopped = save_trial(self.alice, plan_trial("a", date(2025, 1, 6), 7, 4, seed=1))
        assert stopped == []
        second, stopped = save_trial(self.alice, plan_trial("b", date(2025, 1, 20), 3, 2, seed=2))
        assert [t.id for t in stopped] == [first.id]
        first.refresh_from_db()
        assert first.status == Trial.Status.STOPPED and first.stopped_at is not None
        assert current_trial(self.alice, date(2025, 1, 21)) == second
        assert (second.period_nights, second.pairs, second.seed) == (3, 2, 2)

    def test_trials_are_seen_only_by_their_owner(self):
        trial, _ = save_trial(self.alice, plan_trial("a", date(2025, 1, 6), 7, 4, seed=1))
        assert current_trial(self.bob, date(2025, 1, 7)) is None
        assert latest_trial(self.bob) is None
        with self.assertRaises(Trial.DoesNotExist):
            stop_trial(self.bob, trial.id)
        assert stop_trial(self.alice, trial.id).status == Trial.Status.STOPPED

    def test_past_trials_are_marked_finished(self):
        save_trial(self.alice, plan_trial("a", date(2025, 1, 6), 7, 2, seed=1))
        assert finish_past_trials(self.alice, date(2025, 3, 1)) == 1
        assert latest_trial(self.alice).status == Trial.Status.FINISHED
        assert current_trial(self.alice, date(2025, 3, 1)) is None
