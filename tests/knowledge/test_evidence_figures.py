"""The figures the product quotes are those of clinical-facts.md, exactly; added sources carry a
full citation; pregnancy, escalation and magnesium wording stay within the evidence."""

from __future__ import annotations

import re

import pytest
import yaml

from nightcramp.knowledge import load_knowledge
from nightcramp.knowledge.loader import DATA_DIR, FILES
from nightcramp.stats.timeline import _message
from nightcramp.stats.trials import PLACEBO_NOTE


def _medicine(class_id: str):
    return load_knowledge().medicine_class(class_id)


@pytest.mark.parametrize(
    ("class_id", "quoted"),
    [
        ("laba", ["2.42 (95% CI 2.02-2.89)", "2.17 (1.56-3.02)"]),
        ("laba_ics", ["2.55 (95% CI 2.06-3.12)"]),
        ("thiazide", ["1.48 (95% CI 1.29-1.68)", "1.47 (1.33-1.63)"]),
        ("loop_diuretic", ["1.20 (95% CI 1.00-1.44, p = .07)"]),
        ("potassium_sparing", ["2.12 (95% CI 1.61-2.78)"]),
        ("diuretic_unspecified", ["1.47 (95% CI 1.33-1.63)"]),
        ("statin", ["1.16 (95% CI 1.04-1.29)"]),
    ],
)
def test_garrison_2012_ratios_and_intervals_are_quoted_exactly(class_id, quoted):
    med = _medicine(class_id)
    for text in quoted:
        assert text in med.evidence, (class_id, text)
    assert "garrison_2012_ssa" in med.sources


def test_quinine_stretching_and_magnesium_figures():
    k = load_knowledge()
    quinine = k.treatment("quinine")
    for figure in ("-28%", "-10%", "-20%", "4-week", "3 months"):
        assert figure in quinine.summary, figure
    assert "MHRA: about one fewer cramp a week" in quinine.summary  # not Cochrane's figure
    assert "unlikely to prevent" in k.cause("low_magnesium").summary
    stretching = k.treatment("stretching")
    assert "1.2 more per night (95% CI 0.6-1.8)" in stretching.summary
    magnesium = k.treatment("magnesium")
    assert "-3.9% versus placebo (95% CI -21.1 to 13.3)" in magnesium.summary
    assert "27.8%" in magnesium.summary and "pregnancy is conflicting" in magnesium.summary


def test_placebo_and_season_notes_quote_the_sources():
    assert "27.8 %" in PLACEBO_NOTE and "roughly double" in PLACEBO_NOTE
    entry = {
        "name": "x",
        "rate_ratio": 1.0,
        "ci_low": 0.8,
        "ci_high": 1.2,
        "p_value": 0.9,
        "season_adjusted": False,
    }
    assert "roughly twice as common in summer as in winter" in _message(entry)


def test_quinine_in_pregnancy_is_stated_with_its_source():
    quinine = load_knowledge().treatment("quinine")
    assert "pregnan" in quinine.safety and "uktis_2017_quinine" in quinine.sources
    assert "UKTIS" in quinine.safety


def test_quinine_urgent_warning_signs_include_the_fda_and_mhra_ones():
    safety = load_knowledge().treatment("quinine").safety
    urgent = safety[safety.index("Warning signs that need urgent help") :]
    for sign in (
        "easy bruising",
        "severe nosebleeds",
        "blood in urine or stool",
        "bleeding gums",
        "purple, brown or red skin spots",
        "ringing in the ears",
        "vision",
        "palpitations",
    ):
        assert sign in urgent, sign


def test_no_unsourced_claim_that_stretching_suits_pregnancy():
    assert "Suitable in pregnancy" not in load_knowledge().treatment("stretching").safety


def test_added_sources_have_a_full_citation():
    """Sources beyond clinical-facts.md's list carry a URL, DOI or PMID (the consumer guide
    excepted: it says it is not a clinical source)."""
    for source in load_knowledge().sources.values():
        if source.ref is not None or source.id == "seed_guide":
            continue
        findable = source.url or re.search(r"doi:|PMID", source.citation)
        assert findable, source.id
        assert len(source.citation) > 40, source.id


def test_relief_steps_escalate_a_clot_and_breathlessness():
    step = next(s for s in load_knowledge().relief_steps if s.id == "when_to_worry")
    assert "today" in step.text and "emergency services" in step.text
    assert "cold, pale" in step.text
    painkiller = next(s for s in load_knowledge().relief_steps if s.id == "painkiller")
    assert "pregnant" in painkiller.text


MAGNESIUM_AS_ADVICE = re.compile(
    r"\b(?:take|try|use|start|add)\s+(?:a\s+|some\s+)?magnesium\b", re.IGNORECASE
)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("file_name", list(FILES))
def test_nothing_recommends_magnesium(file_name):
    entries = yaml.safe_load((DATA_DIR / file_name).read_text(encoding="utf-8"))
    assert not [t for t in _strings(entries) if MAGNESIUM_AS_ADVICE.search(t)]
