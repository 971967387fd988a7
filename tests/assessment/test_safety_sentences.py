"""The safety sentences of issue 12, each with its source: statins and muscle breakdown,
"no further dose" for quinine reactions, the pill's clot risk beside clot signs, lithium
named when it explains the symptoms, and plain words instead of abbreviations."""

from __future__ import annotations

import re

import pytest
import yaml

from nightcramp.assessment import screen
from nightcramp.knowledge import load_knowledge
from nightcramp.knowledge.loader import DATA_DIR

NO_FURTHER_DOSE = "Do not take another dose of quinine before you are seen"


def flag(result: dict, condition: str) -> dict:
    return next(f for f in result["red_flags"] if f["condition"] == condition)


def factor(result: dict, matched: str) -> dict:
    return next(f for f in result["contributing_factors"] if f["matched"] == matched)


def test_statin_with_dark_urine_names_the_statin_and_the_antibiotic_risk():
    result = screen({"medications": ["Lipitor 20mg"], "symptoms": ["dark_urine"]})
    rhabdo = flag(result, "rhabdomyolysis")
    assert rhabdo["level"] == "urgent"
    assert "atorvastatin (Lipitor)" in rhabdo["message"] and "clarithromycin" in rhabdo["message"]
    assert "tell the emergency team about your statin" in rhabdo["message"]
    assert {"nhs_statins", "patel_2013_statin_macrolide"} <= set(rhabdo["sources"])
    statin = factor(result, "atorvastatin")
    assert "muscle breakdown" in statin["message"]
    assert "small association" in statin["message"]


def test_statin_factor_says_nothing_of_breakdown_without_its_signs():
    result = screen({"medications": ["Lipitor 20mg"]})
    assert "muscle breakdown" not in factor(result, "atorvastatin")["message"]
    assert "rhabdomyolysis" not in {f["condition"] for f in result["red_flags"]}


def test_statin_with_dark_urine_and_weakness_is_an_emergency_naming_the_statin():
    result = screen({"medications": ["simvastatin"], "symptoms": ["dark_urine", "muscle_weakness"]})
    rhabdo = flag(result, "rhabdomyolysis")
    assert rhabdo["level"] == "emergency"
    assert "tell the emergency team you take simvastatin" in rhabdo["message"]


@pytest.mark.parametrize(
    ("symptoms", "notes"),
    [
        (["bruising_or_bleeding"], []),
        (["palpitations_or_fainting"], []),
        (["ringing_ears_or_vision_change"], []),
        ([], ["a rash came up on my legs"]),
        ([], ["blurred vision since Tuesday"]),
    ],
)
def test_every_quinine_reaction_says_no_further_dose(symptoms, notes):
    result = screen({"medications": ["Qualaquin"], "symptoms": symptoms, "notes": notes})
    reaction = flag(result, "quinine_adverse_reaction")
    assert NO_FURTHER_DOSE in reaction["message"]
    assert {"fda_2010_quinine", "mhra_quinine"} & set(reaction["sources"])


def test_no_further_dose_is_said_only_of_quinine():
    """The one sourced exception to "never stop a medicine on your own" stays with quinine."""
    for name in ("red_flags.yaml", "treatments.yaml", "medicines.yaml", "prevention.yaml"):
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        for sentence in re.findall(r"[^.\"]*another dose[^.\"]*", text, re.IGNORECASE):
            assert "quinine" in sentence.lower(), (name, sentence)


def test_the_pill_with_clot_signs_mentions_its_clot_risk():
    result = screen({"sex": "female", "medications": ["Microgynon"], "symptoms": ["leg_red_warm"]})
    dvt = flag(result, "dvt")
    assert "raise the risk of clots" in dvt["message"] and "mhra_chc_2014" in dvt["sources"]
    pill = factor(result, "ethinylestradiol/levonorgestrel")  # both hormones of Microgynon
    assert "blood clots" in pill["message"]


def test_the_pill_without_clot_signs_is_not_alarming():
    result = screen({"sex": "female", "medications": ["the pill"]})
    assert "clot" not in factor(result, "hormonal contraceptive (type not stated)")["message"]
    assert not result["red_flags"]


def test_lithium_with_thirst_names_lithium_not_only_diabetes():
    thirst = ["excessive_thirst_or_urination"]
    result = screen({"medications": ["lithium 400mg"], "symptoms": thirst})
    diabetes = flag(result, "diabetes")
    assert "lithium" in diabetes["message"] and "lithium_leaflet" in diabetes["sources"]
    assert "lithium" not in {f["matched"] for f in result["contributing_factors"]}


def test_thirst_without_lithium_keeps_the_diabetes_message():
    result = screen({"symptoms": ["excessive_thirst_or_urination"]})
    assert "lithium" not in flag(result, "diabetes")["message"]


OPAQUE = [r"\bHUS\b", r"\bTTP\b", r"\bQT\b", r"quinine starts", r"1\.5 times"]


@pytest.mark.parametrize(
    "name", ["red_flags.yaml", "treatments.yaml", "medicines.yaml", "prevention.yaml"]
)
def test_people_read_plain_words_not_abbreviations(name):
    shown = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    texts = []
    for entry in shown:
        texts += [entry.get(k, "") for k in ("message", "summary", "safety", "action", "why")]
        texts += [rule["message"] for rule in entry.get("rules", [])]
    for text in texts:
        for pattern in OPAQUE:
            assert not re.search(pattern, text), (name, pattern, text)


def test_each_new_rule_cites_its_own_source():
    for red_flag in load_knowledge().red_flags:
        for rule in red_flag.rules:
            if rule.medicine_note or rule.conditions:
                assert rule.sources, (red_flag.condition, rule.message)


def test_only_signs_that_raised_a_flag_are_listed_as_read():
    with_quinine = screen({"medications": ["quinine"], "notes": ["a new rash"]})
    assert [n["sign"] for n in with_quinine["noted_in_text"]] == ["rash"]
    without = screen({"notes": ["a new rash"]})
    assert without["noted_in_text"] == [] and without["red_flags"] == []


def test_the_quinine_plan_and_message_teach_no_further_dose_with_the_warning_signs():
    result = screen({"medications": ["quinine sulfate 300mg"]})
    plan = next(item for item in result["plan"] if item["id"] == "quinine_warning_signs")
    assert "do not take another dose of quinine before you are seen" in plan["action"]
    assert load_knowledge().medicine_class("quinine").message.count("another dose") == 1
