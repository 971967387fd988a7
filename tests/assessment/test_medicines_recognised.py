"""Medicines are recognised from what people type: generic names, brands, doses, typos."""

from __future__ import annotations

import pytest

from nightcramp.assessment import screen
from nightcramp.assessment.matching import match_medicines
from nightcramp.knowledge import load_knowledge


def medication_factors(*entries: str) -> dict[str, dict]:
    result = screen({"medications": list(entries)})
    return {
        f["matched"]: f for f in result["contributing_factors"] if f["category"] == "medication"
    }


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        ("Lasix 40mg in the morning", "furosemide"),
        ("Microzide", "hydrochlorothiazide"),
        ("Lipitor 20mg", "atorvastatin"),
        ("Symbicort inhaler", "formoterol"),
        ("Evista", "raloxifene"),
        ("raloxifen", "raloxifene"),
        ("hydrochlorothiazide 25 mg daily", "hydrochlorothiazide"),
        ("hydrochlorthiazide 12.5mg", "hydrochlorothiazide"),
        ("furosemid", "furosemide"),
        ("Advair Diskus 250/50 twice a day", "salmeterol"),
        ("Seretide 125 evohaler", "salmeterol"),
        ("Serevent", "salmeterol"),
        ("Aldactone 25mg", "spironolactone"),
        ("Zocor 40 mg at night", "simvastatin"),
        ("CRESTOR 10MG", "rosuvastatin"),
        ("Ventolin when needed", "salbutamol"),
        ("albuterol inhaler", "salbutamol"),
        ("Adalat LA 30", "nifedipine"),
        ("Bendroflumethiazide 2.5 mg", "bendroflumethiazide"),
        ("chlorthalidone", "chlortalidone"),
        ("indapamide SR 1.5mg", "indapamide"),
        ("my water pills", "diuretic (type not stated)"),
        ("prednisolone 5mg", "prednisolone"),
    ],
)
def test_medicine_is_matched_by_its_generic_name(typed, generic):
    factors = medication_factors(typed)
    assert generic in factors, factors.keys()
    factor = factors[generic]
    assert "Do not stop" in factor["message"] and "on your own" in factor["message"]
    assert factor["evidence"] and factor["sources"]


def test_the_index_knows_brands_medicines_yaml_does_not_list():
    # Zestoretic (lisinopril/hydrochlorothiazide) is not in medicines.yaml: the shipped index
    # (built from the drug-name library and medicine_products.yaml) gives both ingredients.
    factors = medication_factors("Zestoretic 20/12.5")
    assert list(factors) == ["hydrochlorothiazide"]


def test_an_unrelated_medicine_is_recognised_but_not_a_factor():
    result = screen({"medications": ["metformin 500mg twice daily"]})
    assert not [f for f in result["contributing_factors"] if f["category"] == "medication"]
    assert result["medicines"] == [
        {
            "text": "metformin 500mg twice daily",
            "matched": "metformin",
            "class": None,
            "how": "exact",
        }
    ]


def test_dose_words_and_gibberish_match_nothing():
    knowledge = load_knowledge()
    assert match_medicines(("one in the morning", "2 tablets at night"), knowledge) == []


def test_the_same_medicine_twice_is_one_factor():
    factors = medication_factors("Lasix 40mg", "furosemide 20 mg")
    assert list(factors) == ["furosemide"]


def test_several_medicines_in_one_entry():
    assert set(medication_factors("Lipitor and Lasix")) == {"atorvastatin", "furosemide"}


def test_garrison_figures_appear_with_their_interval():
    factor = medication_factors("Symbicort")["formoterol"]
    assert "2.55 (95% CI 2.06-3.12)" in factor["evidence"]
    assert factor["sources"] == ["garrison_2012_ssa"]


def test_guide_named_medicines_are_marked_unverified():
    factor = medication_factors("the pill")["hormonal contraceptive (type not stated)"]
    assert factor["evidence"].startswith("Unverified")
    assert "not verified" in factor["evidence"]


def test_quinine_is_not_a_cause_but_brings_its_warning_signs_into_the_plan():
    result = screen({"medications": ["quinine sulfate 300mg nightly"]})
    assert not result["contributing_factors"]
    plan = {item["id"]: item for item in result["plan"]}
    assert "bruising" in plan["quinine_warning_signs"]["action"]
    assert "prescriber's decision" in plan["quinine_warning_signs"]["action"]
