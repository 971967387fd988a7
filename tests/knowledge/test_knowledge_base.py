"""The packaged knowledge base loads, covers the contract, and every citation resolves."""

from __future__ import annotations

import dataclasses

from nightcramp.knowledge import load_knowledge
from nightcramp.knowledge.relief import relief_steps_text
from nightcramp.knowledge.schema import (
    LEVELS,
    PATTERN_IDS,
    RED_FLAG_IDS,
    SYMPTOM_IDS,
)


def _all_records(knowledge):
    for field in dataclasses.fields(knowledge):
        value = getattr(knowledge, field.name)
        yield from (value.values() if isinstance(value, dict) else value)


def test_load_is_cached_and_typed():
    knowledge = load_knowledge()
    assert load_knowledge() is knowledge
    assert knowledge.sources["garrison_2012_ssa"].citation.startswith("Garrison SR")
    assert knowledge.sources["nice_cks_2012"].ref == 2


def test_references_1_to_22_of_clinical_facts_are_all_present():
    refs = {s.ref for s in load_knowledge().sources.values() if s.ref is not None}
    assert refs == set(range(1, 23))


def test_every_symptom_of_the_contract_has_a_question():
    symptoms = {s.id: s.question for s in load_knowledge().symptoms}
    assert set(symptoms) == set(SYMPTOM_IDS)
    assert all(question.endswith("?") for question in symptoms.values())


def test_every_red_flag_condition_of_the_contract_is_defined():
    flags = load_knowledge().red_flags
    assert {f.condition for f in flags} == set(RED_FLAG_IDS)
    assert {r.level for f in flags for r in f.rules} <= set(LEVELS)


def test_lookalikes_cover_the_five_mimics_and_name_valid_patterns():
    lookalikes = {x.id: x for x in load_knowledge().lookalikes}
    assert set(lookalikes) == {
        "restless_legs",
        "claudication",
        "clot",
        "neuropathy",
        "nerve_root_pain",
    }
    assert all(x.pattern is None or x.pattern in PATTERN_IDS for x in lookalikes.values())


def test_every_cited_source_exists():
    knowledge = load_knowledge()
    for record in _all_records(knowledge):
        for source_id in getattr(record, "sources", ()):
            assert source_id in knowledge.sources, (record, source_id)


def test_unverified_evidence_says_so():
    knowledge = load_knowledge()
    for cause in knowledge.causes:
        if cause.strength == "unverified":
            assert "not verified" in cause.evidence
    for med in knowledge.medicines:
        if med.strength == "unverified":
            assert "not verified" in med.evidence and med.sources == ("seed_guide",)


def test_garrison_figures_with_confidence_intervals():
    knowledge = load_knowledge()
    figures = {m.id: m.figure for m in knowledge.medicines if m.figure}
    assert (figures["laba_ics"].estimate, figures["laba_ics"].ci_low) == (2.55, 2.06)
    assert (figures["potassium_sparing"].ci_low, figures["potassium_sparing"].ci_high) == (
        1.61,
        2.78,
    )
    assert figures["statin"].estimate == 1.16
    assert figures["loop_diuretic"].ci_low == 1.0


def test_brand_names_map_to_generics():
    from nightcramp.knowledge.build_medicine_index import read_products

    knowledge = load_knowledge()
    names = {
        name: drug.generic
        for med in knowledge.medicines
        for drug in med.drugs
        for name in drug.names
    }
    assert names["lasix"] == "furosemide"
    assert names["microzide"] == "hydrochlorothiazide"
    assert names["lipitor"] == "atorvastatin"
    assert names["evista"] == "raloxifene"
    # combination products live in medicine_products.yaml, each with all its ingredients
    products = {name: p.ingredients for p in read_products() for name in p.names}
    assert products["symbicort"] == ("budesonide", "formoterol")
    assert products["seretide"] == products["advair"] == ("fluticasone", "salmeterol")


def test_stretches_follow_the_hallegraeff_protocol():
    stretches = load_knowledge().stretches
    assert {s.muscle for s in stretches} == {"calf", "hamstrings"}
    assert {s.standing for s in stretches} == {True, False}
    for stretch in stretches:
        assert (stretch.hold_seconds, stretch.repetitions, stretch.rest_seconds) == (10, 3, 10)
        assert stretch.per_leg and stretch.how
        assert "hallegraeff_2012_stretching" in stretch.sources


def test_quinine_is_clinician_only_with_its_warning_signs():
    quinine = load_knowledge().treatment("quinine")
    assert quinine.clinician_only
    for sign in ("bruising", "nosebleeds", "blood in urine", "heart-rhythm problem"):
        assert sign in quinine.safety
    assert "fda_2010_quinine" in quinine.sources and "mhra_quinine" in quinine.sources


def test_magnesium_is_graded_against():
    magnesium = load_knowledge().treatment("magnesium")
    assert magnesium.evidence_grade == "against"
    assert "27.8%" in magnesium.summary


def test_relief_steps_text_comes_from_the_data():
    text = relief_steps_text()
    for step in load_knowledge().relief_steps:
        assert step.text in text
    assert "NICE" in text and "Not medical advice" in text
