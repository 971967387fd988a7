"""Issue 12 vignettes: warning signs written in free text raise their flag at their level,
relatives' illnesses stay family history, conditions combine with symptoms, and the new
conditions give their factor, tests and pattern (cases in vignettes/*.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nightcramp.assessment import screen
from nightcramp.knowledge.schema import LEVELS

CASES = yaml.safe_load(
    (Path(__file__).parent / "vignettes" / "free_text_and_conditions.yaml").read_text()
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_vignette(case):
    result = screen(case["profile"])
    flags = {f["condition"]: f for f in result["red_flags"]}
    for condition, level in case.get("flags", {}).items():
        assert condition in flags, (condition, flags.keys())
        assert LEVELS.index(flags[condition]["level"]) <= LEVELS.index(level), flags[condition]
    for condition in case.get("no_flags", []):
        assert condition not in flags, flags[condition]
    for condition, text in case.get("says", {}).items():
        assert text in flags[condition]["message"], flags[condition]["message"]
    if "pattern" in case:
        assert result["pattern"] == case["pattern"]
    factors = {f["matched"] for f in result["contributing_factors"]}
    assert set(case.get("factors", [])) <= factors, factors
    assert not set(case.get("no_factors", [])) & factors, factors
    family = {f["name"] for f in result["family_history"]}
    assert set(case.get("family", [])) <= family, family
    tests = {t["id"] for t in result["tests"]}
    assert set(case.get("tests", [])) <= tests, tests


def test_every_vignette_file_case_has_an_expectation():
    keys = {"flags", "no_flags", "says", "pattern", "factors", "no_factors", "family", "tests"}
    for case in CASES:
        assert keys & set(case), case["name"]
