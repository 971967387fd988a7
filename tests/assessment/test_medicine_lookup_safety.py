"""A medicine lookup never crashes the screen, never reads a medicine as a non-medicine, and
quinine is always recognised so that its reaction is flagged."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nightcramp.assessment import matching, screen
from nightcramp.knowledge import load_knowledge

# Misspellings that made drug_named_entity_recognition 2.0.9 raise UnboundLocalError inside
# find_drugs (a fuzzy two-word match reads a variable it never set); found by fuzzing it
# with one-letter deletions and substitutions of common medicines.
LIBRARY_CRASHERS = [
    "qunine sulfate 300mg",
    "qinine sulfate",
    "uinine sulfate tablets",
    "take qxinine sulfate daily",
]
QUININE_PRODUCTS = [
    "Qualaquin 324mg",  # US
    "quinine sulfate capsules USP",  # US generic
    "Quinine Sulfate Tablets BP 300mg",  # UK
    "Quinine sulphate 200mg",  # UK spelling
    "Quinine Bisulphate 300mg tablets",  # UK
    "Quinate 300mg",  # Australia (the library alone reads it as quinic acid)
    "Quinbisul",  # Australia
    "Quinine dihydrochloride 6% injection",  # Australia
    "Q300",  # New Zealand
]


def flags(*medications: str, symptoms=("bruising_or_bleeding",)) -> dict[str, str]:
    result = screen({"medications": list(medications), "symptoms": list(symptoms)})
    return {f["condition"]: f["level"] for f in result["red_flags"]}


@pytest.mark.parametrize("typed", LIBRARY_CRASHERS)
def test_misspellings_that_crashed_the_library_are_read_and_flagged(typed):
    assert flags(typed)["quinine_adverse_reaction"] == "emergency"


@pytest.mark.parametrize("typed", QUININE_PRODUCTS)
def test_every_quinine_product_raises_the_quinine_reaction_flag(typed):
    assert flags(typed)["quinine_adverse_reaction"] == "emergency"
    assert flags(typed, symptoms=("ringing_ears_or_vision_change",))["quinine_adverse_reaction"]


def test_tonic_water_is_read_as_a_drink_not_as_quinine():
    result = screen({"medications": ["tonic water"], "symptoms": ["bruising_or_bleeding"]})
    assert "quinine_adverse_reaction" not in {f["condition"] for f in result["red_flags"]}
    [row] = result["medicines"]
    assert "not a medicine" in row["matched"] and row["class"] is None


def test_a_failing_lookup_leaves_the_entry_not_recognised(monkeypatch):
    real = matching._read_entry

    def broken(entry, index, knowledge):
        if entry == "Lasix":
            raise UnboundLocalError("cannot access local variable 'lookup_name'")
        return real(entry, index, knowledge)

    monkeypatch.setattr(matching, "_read_entry", broken)
    result = screen({"medications": ["Lasix", "Lipitor 20mg"]})
    assert {"text": "Lasix", "matched": None, "class": None, "how": "not recognised"} in result[
        "medicines"
    ]
    assert [f["matched"] for f in result["contributing_factors"]] == ["atorvastatin"]


@pytest.mark.parametrize(
    "typed",
    [
        "quinic",
        "quinoa",
        "stretching",
        "magnesium",
        "cherry juice",
        "pickle juice",
        "tonic",
        "compress",
        "alcohol",
    ],
)
def test_words_that_are_not_medicines_are_never_fuzzy_matched(typed):
    [(_, found)] = matching.match_each((typed,), load_knowledge())
    assert [m for m in found if m.how == "fuzzy"] == []


def test_fuzzy_matches_only_reach_medicine_names():
    index = matching.load_medicine_index()
    fuzzy = {name for names in index.fuzzy.values() for name in names}
    assert "quinate" in fuzzy and "lipitor" in fuzzy
    # MeSH-only entries (enzymes, proteins) are not in the index at all; DrugBank-only
    # substances are read only when written exactly
    assert "gelatinases" not in index.names
    assert "climbazolum" not in fuzzy


def test_a_misspelt_medicine_with_no_cramp_link_is_shown_as_read():
    result = screen({"medications": ["metfromin 500mg bd"]})
    assert result["medicines"] == [
        {"text": "metfromin 500mg bd", "matched": "metformin", "class": None, "how": "fuzzy"}
    ]
    assert result["contributing_factors"] == []


def test_an_unknown_entry_is_listed_as_not_recognised():
    result = screen({"medications": ["xyzzy plinth"]})
    assert result["medicines"] == [
        {"text": "xyzzy plinth", "matched": None, "class": None, "how": "not recognised"}
    ]


def test_screen_never_imports_the_drug_name_library():
    code = (
        "import json, sys\n"
        "from nightcramp.assessment import screen\n"
        "screen({'medications': ['Zestoretic 20/12.5', 'metfromin', 'xyzzy', 'Quinate']})\n"
        "print(json.dumps('drug_named_entity_recognition' in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) is False


def test_a_pasted_essay_is_read_for_exact_names_anywhere():
    filler = " ".join(f"wordy{chr(97 + i % 26)}{chr(97 + i // 26)}x" for i in range(200))
    entry = f"{filler} Lasix 40mg {filler} Quinate"
    [(_, found)] = matching.match_each((entry,), load_knowledge())
    assert {m.generic for m in found} == {"furosemide", "quinine"}
