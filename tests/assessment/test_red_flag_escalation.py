"""Red flags never get milder when more symptoms (or quinine) are added, combined emergencies
stay emergencies, each message cites the sources behind it, and pregnancy with quinine is
sent to the prescriber and midwife."""

from __future__ import annotations

import random

import pytest

from nightcramp.assessment import screen
from nightcramp.knowledge.schema import LEVELS, SYMPTOM_IDS


def levels(profile: dict) -> dict[str, int]:
    """Condition -> rank of its level (0 = emergency)."""
    return {f["condition"]: LEVELS.index(f["level"]) for f in screen(profile)["red_flags"]}


def top(profile: dict) -> int:
    ranks = levels(profile).values()
    return min(ranks) if ranks else len(LEVELS)


def _random_symptom_sets(count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    return [rng.sample(SYMPTOM_IDS, rng.randint(0, 6)) for _ in range(count)]


@pytest.mark.parametrize("medications", [[], ["quinine 300 mg"]])
def test_adding_a_symptom_never_downgrades_any_flag(medications):
    for symptoms in _random_symptom_sets(40, seed=7):
        before = levels({"symptoms": symptoms, "medications": medications})
        for extra in SYMPTOM_IDS:
            if extra in symptoms:
                continue
            after = levels({"symptoms": [*symptoms, extra], "medications": medications})
            for condition, rank in before.items():
                assert condition in after, (symptoms, extra, condition)
                assert after[condition] <= rank, (symptoms, extra, condition)


def test_being_on_quinine_never_makes_the_screen_less_urgent():
    for symptoms in [[s] for s in SYMPTOM_IDS] + _random_symptom_sets(30, seed=11):
        assert top({"symptoms": symptoms, "medications": ["Qualaquin"]}) <= top(
            {"symptoms": symptoms}
        ), symptoms


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["leg_red_warm"],
        ["numbness_or_tingling", "urge_to_move_relieved_by_moving"],
        ["dark_urine", "cramps_disrupt_sleep_most_nights"],
    ],
)
def test_clot_with_breathlessness_stays_an_emergency_and_a_possible_clot(extra):
    result = screen({"symptoms": ["one_leg_swollen", "short_of_breath_or_chest_pain", *extra]})
    flags = {f["condition"]: f for f in result["red_flags"]}
    assert flags["pulmonary_embolism"]["level"] == "emergency"
    assert "emergency services" in flags["pulmonary_embolism"]["message"]
    assert flags["dvt"]["level"] == "urgent"
    assert result["red_flags"][0]["level"] == "emergency"
    assert result["pattern"] == "possible_clot"


def test_the_conservative_levels_of_clinical_facts_section_5():
    assert levels({"symptoms": ["one_leg_swollen"]})["dvt"] <= LEVELS.index("urgent")
    assert levels({"symptoms": ["foot_cold_pale"]})["acute_limb_ischaemia"] == 0
    assert levels({"symptoms": ["dark_urine"]})["rhabdomyolysis"] <= LEVELS.index("urgent")
    on_quinine = {"medications": ["quinine sulphate 200mg"]}
    for sign in (
        "bruising_or_bleeding",
        "ringing_ears_or_vision_change",
        "palpitations_or_fainting",
    ):
        flags = levels({**on_quinine, "symptoms": [sign]})
        assert flags["quinine_adverse_reaction"] <= LEVELS.index("urgent"), sign


def test_dvt_and_pulmonary_embolism_cite_the_nhs_triage_advice():
    result = screen({"symptoms": ["one_leg_swollen", "short_of_breath_or_chest_pain"]})
    for flag in result["red_flags"]:
        assert "nhs_dvt" in flag["sources"], flag
        assert "fda_evista_label" not in flag["sources"]


def test_each_secondary_cause_message_cites_its_own_sources():
    def secondary(symptom: str) -> dict:
        flags = screen({"symptoms": [symptom]})["red_flags"]
        return next(f for f in flags if f["condition"] == "secondary_cause")

    sleep = secondary("cramps_disrupt_sleep_most_nights")
    assert not {"fda_2010_quinine", "mhra_quinine"} & set(sleep["sources"])
    assert "fda_2010_quinine" in secondary("bruising_or_bleeding")["sources"]
    assert secondary("daytime_cramps")["sources"] == ["nice_cks_2012"]


def _plan_ids(profile: dict) -> list[str]:
    return [item["id"] for item in screen(profile)["plan"]]


def test_pregnancy_with_quinine_goes_to_prescriber_and_midwife_with_a_source():
    result = screen({"pregnancy_weeks": 20, "medications": ["quinine 300mg at night"]})
    item = next(i for i in result["plan"] if i["id"] == "quinine_in_pregnancy")
    assert "uktis_2017_quinine" in item["sources"]
    assert "prescriber" in item["action"] and "midwife" in item["action"]
    assert "quinine_warning_signs" in [i["id"] for i in result["plan"]]
    assert "quinine_in_pregnancy" not in _plan_ids({"pregnancy_weeks": 20})
    assert "quinine_in_pregnancy" not in _plan_ids({"age": 70, "medications": ["quinine"]})


def test_nothing_in_a_pregnant_screen_recommends_magnesium_or_quinine():
    result = screen({"age": 31, "pregnancy_weeks": 34, "symptoms": ["daytime_cramps"]})
    for item in result["plan"]:
        text = f"{item['title']} {item['action']}".lower()
        assert "quinine" not in text
        if "magnesium" in text:
            assert "ask before taking" in text


def test_a_routine_only_flag_suggests_no_tests_but_a_soon_flag_does():
    routine = screen({"pregnancy_weeks": 34, "symptoms": ["cramps_disrupt_sleep_most_nights"]})
    assert routine["tests"] == []
    soon = screen({"symptoms": ["daytime_cramps"]})
    assert "liver_function" in [t["id"] for t in soon["tests"]]


def test_restless_legs_message_makes_no_unsourced_claim():
    flag = next(
        f
        for f in screen({"symptoms": ["urge_to_move_relieved_by_moving"]})["red_flags"]
        if f["condition"] == "restless_legs"
    )
    assert "iron" not in flag["message"] and "treatable" not in flag["message"]
