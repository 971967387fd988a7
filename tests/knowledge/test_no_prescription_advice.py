"""Nothing in the knowledge base or the screen's output tells a person to start, stop or
change a prescription medicine; the only 'stop' allowed is "do not stop ... on your own"."""

from __future__ import annotations

import re

import pytest
import yaml

from nightcramp.assessment import screen
from nightcramp.assessment.reading import expand
from nightcramp.knowledge import load_knowledge
from nightcramp.knowledge.loader import DATA_DIR, FILES
from nightcramp.knowledge.schema import SYMPTOM_IDS

FORBIDDEN = [
    r"\b(?:stop|stopping|discontinue|discontinuing|quit|quitting|cease)\b",
    r"\bstart(?:ing)?\s+(?:taking|using|on)\b",
    r"\b(?:begin|try|take|use|ask\s+for)\s+(?:some\s+)?quinine\b",
    r"\b(?:increase|decrease|reduce|double|halve|lower|raise|change|adjust|skip)\s+"
    r"(?:your|the|a|each)\s+(?:dose|dosage|medicine|medication|tablets?|pills?)\b",
    r"\bswitch\s+(?:to|from|your)\b",
    r"\bcome\s+off\b",
]
ALLOWED = re.compile(
    r"\b(?:do not|don't)\s+(?:start,\s+)?stop\b[^.;:]{0,60}\bon your own\b", re.IGNORECASE
)


def offending(text: str) -> list[str]:
    """Forbidden phrases in `text` once every allowed "do not stop ... on your own" is removed."""
    cleaned = ALLOWED.sub(" ", text)
    return [m.group(0) for p in FORBIDDEN for m in re.finditer(p, cleaned, re.IGNORECASE)]


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


def test_the_check_itself_catches_imperatives():
    assert offending("Stop taking your statin.")
    assert offending("You could start taking quinine at night.")
    assert offending("Increase your dose if cramps continue.")
    assert offending("Ask your GP to switch to another diuretic.")
    assert offending("Do not stop it; just stop it tomorrow.")
    assert not offending("Do not stop furosemide on your own; ask your prescriber.")


@pytest.mark.parametrize("file_name", [f for f in FILES if f != "sources.yaml"])
def test_knowledge_text_has_no_prescription_instructions(file_name):
    entries = yaml.safe_load((DATA_DIR / file_name).read_text(encoding="utf-8"))
    found = [(text, offending(text)) for text in strings(entries) if offending(text)]
    assert not found, found


def _every_medicine_name() -> list[str]:
    return [drug.generic for med in load_knowledge().medicines for drug in med.drugs]


PROFILES = [
    {},
    {"symptoms": list(SYMPTOM_IDS), "medications": ["quinine 300 mg"]},
    *({"symptoms": [s]} for s in SYMPTOM_IDS),
    *({"symptoms": [s], "medications": ["quinine"]} for s in SYMPTOM_IDS),
    {
        "age": 80,
        "sex": "female",
        "pregnancy_weeks": None,
        "medications": _every_medicine_name(),
        "conditions": [c.name for c in load_knowledge().conditions],
        "habits": {
            "fluids_glasses_per_day": 2,
            "exercise_minutes_per_week": 0,
            "sitting_hours_per_day": 14,
            "alcohol_units_per_week": 30,
        },
    },
    {  # every warning sign written in free text, with the medicines rules name
        "medications": ["quinine", "atorvastatin", "the pill", "lithium"],
        "conditions": ["thyroid surgery last week", "low potassium", "cirrhosis", "dialysis"],
        "notes": [expand(phrase)[0] for sign in load_knowledge().signs for phrase in sign.phrases],
        "symptoms": list(SYMPTOM_IDS),
    },
    {
        "age": 30,
        "sex": "female",
        "pregnancy_weeks": 34,
        "habits": {"exercise_minutes_per_week": 600},
    },
]


@pytest.mark.parametrize("profile", PROFILES)
def test_screen_output_has_no_prescription_instructions(profile):
    result = screen(profile)
    found = [(text, offending(text)) for text in strings(result) if offending(text)]
    assert not found, found
