"""The pattern: typical cramps, one look-alike, or a clinician's assessment."""

from __future__ import annotations

import pytest

from nightcramp.assessment import screen
from nightcramp.knowledge import load_knowledge
from nightcramp.knowledge.schema import PATTERN_IDS


def pattern(*symptoms: str, **profile) -> str:
    return screen({"symptoms": list(symptoms), **profile})["pattern"]


@pytest.mark.parametrize(
    ("symptom", "expected"),
    [
        ("urge_to_move_relieved_by_moving", "possible_restless_legs"),
        ("calf_pain_walking_relieved_by_rest", "possible_claudication"),
        ("one_leg_swollen", "possible_clot"),
        ("leg_red_warm", "possible_clot"),
        ("numbness_or_tingling", "possible_neuropathy"),
        ("back_pain_spreading_to_legs", "needs_assessment"),  # nerve-root pain: no own pattern
    ],
)
def test_each_lookalike_gives_its_pattern(symptom, expected):
    assert pattern(symptom) == expected


def test_every_lookalike_is_reachable():
    for lookalike in load_knowledge().lookalikes:
        got = {pattern(s) for s in lookalike.symptoms}
        assert (lookalike.pattern or "needs_assessment") in got


def test_no_symptoms_is_typical():
    assert pattern() == "typical_nocturnal_leg_cramps"
    assert pattern(age=75) == "typical_nocturnal_leg_cramps"


def test_routine_only_stays_typical():
    assert pattern("cramps_disrupt_sleep_most_nights") == "typical_nocturnal_leg_cramps"


def test_possible_clot_wins_over_everything_else():
    assert pattern("one_leg_swollen", "urge_to_move_relieved_by_moving") == "possible_clot"
    assert pattern("leg_red_warm", "foot_cold_pale", "numbness_or_tingling") == "possible_clot"


def test_an_urgent_non_clot_flag_needs_assessment():
    assert pattern("foot_cold_pale") == "needs_assessment"  # an emergency, not claudication
    assert pattern("dark_urine") == "needs_assessment"


def test_two_lookalikes_need_assessment():
    assert pattern("numbness_or_tingling", "urge_to_move_relieved_by_moving") == "needs_assessment"


def test_other_soon_flags_need_assessment():
    assert pattern("daytime_cramps") == "needs_assessment"
    assert pattern("tiredness_weight_gain_feeling_cold") == "needs_assessment"


def test_pattern_is_always_a_contract_id():
    for symptom in [s.id for s in load_knowledge().symptoms]:
        assert pattern(symptom) in PATTERN_IDS
