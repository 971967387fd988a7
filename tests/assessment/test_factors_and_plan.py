"""Contributing factors (conditions, pregnancy, age, habits), the plan, tests, treatments."""

from __future__ import annotations

import pytest

from nightcramp.assessment import screen
from nightcramp.knowledge import load_knowledge
from nightcramp.knowledge.schema import CATEGORIES, SYMPTOM_IDS

from .test_profile_validation import CONTRACT_EXAMPLE


def factors(profile: dict, category: str) -> dict[str, dict]:
    found = screen(profile)["contributing_factors"]
    return {f["matched"]: f for f in found if f["category"] == category}


def test_contract_shape():
    result = screen(CONTRACT_EXAMPLE)
    assert {"pattern", "red_flags", "contributing_factors", "plan"} <= set(result)
    for factor in result["contributing_factors"]:
        assert set(factor) == {"category", "matched", "message", "evidence", "sources"}
        assert factor["category"] in CATEGORIES
    categories = {f["category"] for f in result["contributing_factors"]}
    assert categories == {"medication", "condition", "age", "habit"}


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("type 2 diabetes", "diabetes"),
        ("Hypothyroid", "thyroid disease"),
        ("underactive thyroid", "thyroid disease"),
        ("CKD stage 3", "kidney disease"),
        ("on dialysis", "dialysis"),
        ("MS", "multiple sclerosis"),
        ("PAD", "peripheral arterial disease"),
        ("heart failure", "heart disease"),
        ("sciatica", "lumbar spinal stenosis"),
        ("lumbar stenosis", "lumbar spinal stenosis"),
        ("Parkinson's", "Parkinson's disease"),
        ("hypothyriod", "thyroid disease"),
    ],
)
def test_conditions_are_recognised_in_free_text(typed, name):
    found = factors({"conditions": [typed]}, "condition")
    assert name in found, found.keys()
    assert found[name]["evidence"] and found[name]["sources"]


def test_negated_and_unknown_conditions_are_not_matched():
    assert (
        factors({"conditions": ["no diabetes", "bunions", "messy handwriting"]}, "condition") == {}
    )


def test_pregnancy_factor_and_plan():
    result = screen({"sex": "female", "age": 31, "pregnancy_weeks": 33})
    pregnancy = [f for f in result["contributing_factors"] if f["category"] == "pregnancy"]
    assert pregnancy[0]["matched"] == "late pregnancy"
    assert "trimester-specific figure is not verified" in pregnancy[0]["evidence"]
    assert "pregnancy_care" in [item["id"] for item in result["plan"]]
    early = factors({"pregnancy_weeks": 10}, "pregnancy")
    assert list(early) == ["pregnancy"]


@pytest.mark.parametrize(
    ("age", "matched", "source"),
    [
        (72, "age 72", "nice_cks_2012"),
        (55, "age 55", "hallegraeff_2017_criteria"),
        (40, None, None),
    ],
)
def test_age_factor_with_its_source(age, matched, source):
    found = factors({"age": age}, "age")
    if matched is None:
        assert found == {}
    else:
        assert found[matched]["sources"] == [source]


def test_habits_from_the_numbers():
    profile = {
        "habits": {
            "fluids_glasses_per_day": 3,
            "exercise_minutes_per_week": 20,
            "sitting_hours_per_day": 10,
            "alcohol_units_per_week": 12,
        }
    }
    found = factors(profile, "habit")
    assert set(found) == {
        "3 glasses of fluid a day",
        "20 minutes of exercise a week",
        "10 hours sitting a day",
        "12 units of alcohol a week",
    }
    assert found["3 glasses of fluid a day"]["evidence"].startswith("Unverified")
    assert "delacour_2018_alcohol" in found["12 units of alcohol a week"]["sources"]
    plan = [item["id"] for item in screen(profile)["plan"]]
    for item in ("hydration", "break_up_sitting", "controlled_activity", "alcohol_less"):
        assert item in plan


def test_healthy_habits_are_no_factor():
    profile = {
        "habits": {
            "fluids_glasses_per_day": 8,
            "exercise_minutes_per_week": 150,
            "sitting_hours_per_day": 4,
            "alcohol_units_per_week": 0,
        }
    }
    assert factors(profile, "habit") == {}


def test_hard_exercise():
    found = factors({"habits": {"exercise_minutes_per_week": 600}}, "habit")
    assert "600 minutes of exercise a week" in found
    assert "pace_hard_exercise" in [
        i["id"] for i in screen({"habits": {"exercise_minutes_per_week": 600}})["plan"]
    ]


def test_plan_is_ordered_concrete_and_sourced():
    result = screen(CONTRACT_EXAMPLE)
    ids = [item["id"] for item in result["plan"]]
    assert ids[0] == "see_clinician"  # numbness: a red flag comes first
    assert ids.index("bedtime_stretching") < ids.index("foot_support") < ids.index("footwear")
    assert "medicine_review" in ids
    for item in result["plan"]:
        assert item["action"] and item["why"] and item["sources"]


def test_benign_plan_has_the_guide_prevention_items():
    ids = [item["id"] for item in screen({"age": 40})["plan"]]
    assert ids == [
        "bedtime_stretching",
        "foot_support",
        "hydration",
        "controlled_activity",
        "footwear",
        "keep_diary",
    ]


def test_tests_only_when_a_cause_is_suspected():
    assert screen({"age": 40})["tests"] == []
    thyroid = {
        t["id"] for t in screen({"symptoms": ["tiredness_weight_gain_feeling_cold"]})["tests"]
    }
    assert "thyroid_function" in thyroid
    statin = {t["id"] for t in screen({"medications": ["Zocor"]})["tests"]}
    assert "creatine_kinase" in statin


def test_treatments_carry_grades_and_quinine_is_clinician_only():
    treatments = {t["id"]: t for t in screen({})["treatments"]}
    assert treatments["quinine"]["clinician_only"] is True
    assert treatments["magnesium"]["evidence_grade"] == "against"
    assert treatments["stretching"]["evidence_grade"] == "C"


def test_every_message_cites_sources_that_exist():
    sources = load_knowledge().sources
    profile = {
        **CONTRACT_EXAMPLE,
        "symptoms": list(SYMPTOM_IDS),
        "medications": ["quinine", "Lasix", "Symbicort", "Evista", "Aldactone", "the pill"],
        "conditions": [c.name for c in load_knowledge().conditions],
        "pregnancy_weeks": 30,
    }
    result = screen(profile)
    items = [
        *result["red_flags"],
        *result["contributing_factors"],
        *result["plan"],
        *result["tests"],
        *result["treatments"],
    ]
    for item in items:
        assert item["sources"], item
        assert all(s in sources for s in item["sources"]), item
    assert "Not medical advice" in result["disclaimer"]
