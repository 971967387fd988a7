"""Verdicts never overstate: associations are not causes, a non-significant result is not
evidence either way, and a self-experiment naming a medicine goes to the prescriber."""

from __future__ import annotations

from datetime import date

from nightcramp.stats.timeline import _message
from nightcramp.stats.trials import plan_trial, prescription_note
from nightcramp.stats.triggers import _finding_message


def test_an_unflagged_factor_is_not_evidence_either_way():
    entry = {
        "factor": "alcohol_units",
        "kind": "number",
        "per": 1,
        "rate_ratio": 1.1,
        "ci_low": 0.9,
        "ci_high": 1.3,
        "flagged": False,
    }
    assert "not evidence either way" in _finding_message(entry)
    assert "not proof of cause" in _finding_message({**entry, "flagged": True})


def _timeline_entry(rate_ratio: float, p_value: float) -> dict:
    return {
        "name": "atorvastatin",
        "rate_ratio": rate_ratio,
        "ci_low": rate_ratio * 0.8,
        "ci_high": rate_ratio * 1.2,
        "p_value": p_value,
        "season_adjusted": True,
    }


def test_timeline_changes_are_associations_and_the_prescriber_decides():
    fewer = _message(_timeline_entry(0.5, 0.01))
    assert "not proof" in fewer and "prescriber" in fewer
    more = _message(_timeline_entry(2.0, 0.01))
    assert "could be a side effect" in more and "or chance" in more
    assert "Do not stop or change a prescribed medicine on your own" in more


def test_a_trial_naming_a_medicine_carries_the_prescriber_note():
    assert prescription_note("bedtime stretching") is None
    assert prescription_note("less alcohol in the evening") is None
    note = prescription_note("Qualaquin at night")
    assert note and "quinine" in note and "prescriber" in note
    plan = plan_trial("Lasix in the morning", date(2026, 1, 1), 7, 2, seed=3)
    assert "furosemide" in plan["clinician_note"]
    assert "clinician_note" not in plan_trial("stretching", date(2026, 1, 1), 7, 2, seed=3)


def test_an_unreachable_power_target_does_not_claim_impossibility():
    from nightcramp.stats.trials import best_design

    result = best_design(0.05, 0.1, max_pairs=8, n_sim=200, seed=1)
    assert result["reachable"] is False
    assert "could not reliably tell" in result["message"]
    assert "cannot be told" not in result["message"]
