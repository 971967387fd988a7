"""A calendar for a self-experiment that names a prescription medicine never reads as an
order to go without it: the prescriber's plan rules, and the note says so."""

from __future__ import annotations

from datetime import date

from nightcramp.reports.ics import trial_nights_of
from nightcramp.stats.trials import plan_trial


def test_medicine_trial_nights_defer_to_the_prescriber():
    nights = trial_nights_of(plan_trial("quinine 200 mg", date(2026, 3, 1), 7, 2, seed=5))
    assert {n.arm for n in nights} == {"intervention", "control"}
    for night in nights:
        assert "no quinine" not in night.summary.lower()
        assert "prescriber" in night.summary
        assert "do not start, stop or change it on your own" in night.description


def test_other_trials_keep_their_plain_arms():
    nights = trial_nights_of(plan_trial("bedtime stretching", date(2026, 3, 1), 7, 2, seed=5))
    controls = [n for n in nights if n.arm == "control"]
    assert controls and all(
        n.summary == "Tonight: control — no bedtime stretching" for n in controls
    )
    assert all("prescriber" not in n.description for n in nights)
