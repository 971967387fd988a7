"""The seed guide's causes: lactic acid is shown as a contested idea with its sources, and
hydration and controlled activity are always part of the prevention plan."""

from __future__ import annotations

import pytest

from nightcramp.assessment import screen
from nightcramp.knowledge import load_knowledge


def test_lactic_acid_is_a_contested_cause_with_sources():
    lactic = load_knowledge().cause("lactic_acid")
    assert lactic.strength == "contested"
    assert "not supported" in lactic.evidence.lower()
    assert {"miller_2010_eamc", "robergs_2004_acidosis", "seed_guide"} <= set(lactic.sources)


def test_hard_exercise_factor_says_lactic_acid_is_not_supported():
    result = screen({"habits": {"exercise_minutes_per_week": 600}})
    habit = next(f for f in result["contributing_factors"] if f["category"] == "habit")
    assert "lactic acid" in habit["message"] and "not supported" in habit["message"]
    assert "Contested, not supported by evidence" in habit["evidence"]
    assert "miller_2010_eamc" in habit["sources"]


@pytest.mark.parametrize(
    "profile",
    [
        {},
        {"age": 70},
        {"habits": {"fluids_glasses_per_day": 10, "exercise_minutes_per_week": 200}},
        {"symptoms": ["one_leg_swollen"]},
    ],
)
def test_hydration_and_controlled_activity_are_always_in_the_plan(profile):
    ids = [item["id"] for item in screen(profile)["plan"]]
    assert "hydration" in ids and "controlled_activity" in ids
