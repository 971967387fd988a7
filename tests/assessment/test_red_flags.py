"""Each red flag fires on its symptoms at its level; the more cautious reading always wins."""

from __future__ import annotations

import pytest

from nightcramp.assessment import screen
from nightcramp.knowledge import load_knowledge
from nightcramp.knowledge.schema import LEVELS, SYMPTOM_IDS


def flags(profile: dict) -> dict[str, str]:
    return {f["condition"]: f["level"] for f in screen(profile)["red_flags"]}


@pytest.mark.parametrize(
    ("symptoms", "medications", "condition", "level"),
    [
        (["one_leg_swollen"], [], "dvt", "urgent"),
        (["leg_red_warm"], [], "dvt", "urgent"),
        (
            ["one_leg_swollen", "short_of_breath_or_chest_pain"],
            [],
            "pulmonary_embolism",
            "emergency",
        ),
        (["short_of_breath_or_chest_pain"], [], "pulmonary_embolism", "emergency"),
        (["foot_cold_pale"], [], "acute_limb_ischaemia", "emergency"),
        (["dark_urine"], [], "rhabdomyolysis", "urgent"),
        (["dark_urine", "muscle_weakness"], [], "rhabdomyolysis", "emergency"),
        (["bruising_or_bleeding"], ["quinine 300mg"], "quinine_adverse_reaction", "emergency"),
        (["palpitations_or_fainting"], ["Qualaquin"], "quinine_adverse_reaction", "emergency"),
        (["ringing_ears_or_vision_change"], ["quinine"], "quinine_adverse_reaction", "urgent"),
        (["bruising_or_bleeding"], [], "secondary_cause", "urgent"),
        (["palpitations_or_fainting"], [], "secondary_cause", "urgent"),
        (["ringing_ears_or_vision_change"], [], "secondary_cause", "soon"),
        (["daytime_cramps"], [], "secondary_cause", "soon"),
        (["cramps_getting_worse"], [], "secondary_cause", "soon"),
        (["cramps_disrupt_sleep_most_nights"], [], "secondary_cause", "routine"),
        (["muscle_weakness"], [], "neuromuscular_disease", "soon"),
        (["muscle_wasting_or_twitching"], [], "neuromuscular_disease", "soon"),
        (["numbness_or_tingling"], [], "neuropathy", "soon"),
        (["calf_pain_walking_relieved_by_rest"], [], "peripheral_arterial_disease", "soon"),
        (["urge_to_move_relieved_by_moving"], [], "restless_legs", "soon"),
        (["back_pain_spreading_to_legs"], [], "lumbar_stenosis", "soon"),
        (["tiredness_weight_gain_feeling_cold"], [], "thyroid_disease", "soon"),
        (["excessive_thirst_or_urination"], [], "diabetes", "soon"),
    ],
)
def test_red_flag_fires_at_its_level(symptoms, medications, condition, level):
    assert flags({"symptoms": symptoms, "medications": medications})[condition] == level


def test_every_red_flag_condition_can_fire():
    fired = set()
    for symptom in SYMPTOM_IDS:
        fired |= set(flags({"symptoms": [symptom]}))
        fired |= set(flags({"symptoms": [symptom], "medications": ["quinine"]}))
    assert fired == {f.condition for f in load_knowledge().red_flags}


def test_quinine_reaction_needs_quinine_and_secondary_cause_does_not_double_it():
    without = flags({"symptoms": ["bruising_or_bleeding"]})
    assert "quinine_adverse_reaction" not in without
    with_quinine = flags({"symptoms": ["bruising_or_bleeding"], "medications": ["quinine"]})
    assert "secondary_cause" not in with_quinine


def test_each_condition_appears_once_at_its_most_urgent_level():
    result = screen({"symptoms": ["dark_urine", "muscle_weakness", "one_leg_swollen"]})
    conditions = [f["condition"] for f in result["red_flags"]]
    assert len(conditions) == len(set(conditions))
    assert flags({"symptoms": ["dark_urine", "muscle_weakness"]})["rhabdomyolysis"] == "emergency"


def test_red_flags_are_sorted_most_urgent_first():
    result = screen({"symptoms": list(SYMPTOM_IDS), "medications": ["quinine"]})
    ranks = [LEVELS.index(f["level"]) for f in result["red_flags"]]
    assert ranks == sorted(ranks)
    assert result["red_flags"][0]["level"] == "emergency"
    assert result["red_flags"][-1]["level"] == "soon"  # secondary_cause once, at its worst


def test_red_flags_have_exactly_the_contract_keys_and_known_sources():
    sources = load_knowledge().sources
    for flag in screen({"symptoms": list(SYMPTOM_IDS)})["red_flags"]:
        assert set(flag) == {"condition", "level", "message", "sources"}
        assert flag["message"] and flag["sources"]
        assert all(s in sources for s in flag["sources"])


@pytest.mark.parametrize(
    "profile",
    [
        {"age": 40, "sex": "male", "symptoms": []},
        {"age": 40, "sex": "female"},
        {},
        {
            "age": 68,
            "sex": "female",
            "medications": ["Lipitor 20mg", "bendroflumethiazide 2.5mg"],
            "conditions": ["high blood pressure"],
            "habits": {"fluids_glasses_per_day": 8, "exercise_minutes_per_week": 150},
        },
        {
            "age": 29,
            "sex": "female",
            "pregnancy_weeks": 32,
            "symptoms": ["cramps_disrupt_sleep_most_nights"],
        },
        {"age": 25, "sex": "male", "habits": {"exercise_minutes_per_week": 600}},
    ],
)
def test_benign_profiles_raise_no_emergency_or_urgent_flag(profile):
    levels = {f["level"] for f in screen(profile)["red_flags"]}
    assert not levels & {"emergency", "urgent"}
