"""The forest plot's rows read as plain English: "each 1 hour more", not "each 1 hours more"."""

from __future__ import annotations

from nightcramp.stats.forest import row_words

LABELS = {
    "sitting_hours": ("Hours sitting", "hours"),
    "fluids_glasses": ("Fluids", "glasses"),
    "tonic": ("Tonic glasses", "glasses"),
}


def entry(factor: str, per: float) -> dict:
    return {
        "factor": factor,
        "kind": "number",
        "per": per,
        "rate_ratio": 1.03,
        "ci_low": 0.91,
        "ci_high": 1.16,
        "p_value": 0.6,
        "flagged": False,
    }


def describe(item: dict, labels: dict) -> tuple[str, str]:
    label, unit = labels[item["factor"]]
    return label, row_words(item, label, unit)


def test_a_step_of_one_uses_the_singular_unit() -> None:
    _, words = describe(entry("sitting_hours", 1), LABELS)
    assert "for each 1 hour more of “Hours sitting”" in words
    assert "1 hours" not in words


def test_a_step_of_two_keeps_the_plural() -> None:
    _, words = describe(entry("fluids_glasses", 2), LABELS)
    assert "for each 2 glasses more of “Fluids”" in words


def test_glasses_become_glass() -> None:
    _, words = describe(entry("tonic", 1), LABELS)
    assert "for each 1 glass more" in words
