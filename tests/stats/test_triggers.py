"""Trigger analysis: the contract's shape, steps, lags, missing data and short diaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nightcramp.diary.table import DiaryTable, NightRow
from nightcramp.stats.simulate import EFFECT_FACTORS, DiarySpec, FactorSpec, simulate_diary
from nightcramp.stats.triggers import (
    LAG_WEIGHTS,
    analyze,
    benjamini_hochberg,
    factor_step,
    nice_step,
)
from tests.stats.contract import ANALYZE_FACTOR_KEYS as CONTRACT_KEYS


def _diary(nights=365, seed=1, factors=None):
    factors = factors or [
        FactorSpec("bedtime_stretching", rate_ratio=0.5),
        FactorSpec("caffeine_drinks", kind="number", mean=2, sd=1.5),
        FactorSpec("steps", kind="number", mean=8000, sd=3000),
    ]
    return simulate_diary(DiarySpec(nights=nights, factors=factors), seed=seed)[0]


def test_result_has_the_contract_shape_for_same_day_and_previous_day():
    result = analyze(_diary())
    assert isinstance(result["nights_used"], int) and result["nights_used"] > 300
    names = [f["factor"] for f in result["factors"]]
    assert names == [
        "bedtime_stretching",
        "bedtime_stretching (previous day)",
        "caffeine_drinks",
        "caffeine_drinks (previous day)",
        "steps",
        "steps (previous day)",
    ]
    for entry in result["factors"]:
        assert set(entry) >= CONTRACT_KEYS
        assert entry["lag"] == (1 if "previous day" in entry["factor"] else 0)
        assert entry["ci_low"] < entry["rate_ratio"] < entry["ci_high"]
        assert 0 < entry["p_value"] <= 1 and entry["p_value"] <= entry["q_value"] <= 1
        assert entry["flagged"] == (entry["q_value"] < 0.1)


def test_steps_follow_the_builtins_and_a_round_number_near_the_spread_for_custom_factors():
    result = analyze(_diary())
    per = {f["factor"]: f["per"] for f in result["factors"]}
    assert per["bedtime_stretching"] == 1
    assert per["caffeine_drinks"] == 1  # factors.BUILTIN
    assert per["steps"] in (2000, 5000)  # IQR of N(8000, 3000) is about 4000
    assert nice_step([1, 2, 3, 4, 5, 6, 7, 8]) == 5
    assert nice_step([0.1, 0.15, 0.2, 0.3]) == 0.1
    assert nice_step([3, 3, 3]) == 1
    assert factor_step("fluids_glasses", "number", [1, 100]) == 2
    assert factor_step("anything", "boolean", [0, 1]) == 1


def test_a_strong_effect_is_flagged_and_its_direction_is_right():
    result = analyze(_diary(nights=730, seed=3))
    stretching = result["factors"][0]
    assert stretching["rate_ratio"] < 0.8 and stretching["ci_high"] < 1
    assert stretching["flagged"]


def test_missing_nights_are_left_out_not_counted_as_zero():
    table = _diary(nights=200, seed=4)
    known = sum(r.cramps is not None for r in table.rows)
    assert known < len(table.rows)
    assert analyze(table)["nights_used"] == known
    # blank out every count on nights with stretching: they must vanish, not become zeros
    for row in table.rows:
        if row.factors.get("bedtime_stretching"):
            row.cramps = None
    entry = analyze(table)["factors"][0]
    assert entry["enough_data"] is False
    assert entry["nights_true"] == 0 and entry["rate_ratio"] is None
    assert "more nights" in entry["message"] or "needs nights" in entry["message"]


def test_previous_day_uses_the_evening_before_even_when_that_night_has_no_count():
    start = date(2024, 1, 1)
    rows = []
    for i in range(120):
        night = start + timedelta(days=i)
        cramps = None if i % 3 == 0 else (2 if (i - 1) % 4 == 0 else 0)
        rows.append(NightRow(night, cramps, factors={"wine": (i % 4 == 0)}))
    result = analyze(DiaryTable(rows, {"wine": "boolean"}))
    previous = next(f for f in result["factors"] if f["factor"] == "wine (previous day)")
    # every night with a count whose previous day had wine had 2 cramps, every other 0
    assert previous["nights_with_value"] == sum(1 for i in range(1, 120) if i % 3 != 0)
    assert previous["rate_ratio"] > 10


def test_too_short_a_diary_says_so_and_estimates_the_nights_needed():
    result = analyze(_diary(nights=30, seed=5))
    assert result["nights_used"] < 42
    assert "Not enough data yet" in result["message"]
    for entry in result["factors"]:
        assert entry["enough_data"] is False and entry["p_value"] is None
        assert entry["nights_needed"] is None or entry["nights_needed"] > 0
    needs = [e["nights_needed"] for e in result["factors"] if e["nights_needed"]]
    assert needs and all(n > 12 for n in needs)


def test_nights_needed_grows_when_a_factor_is_rare():
    common = _diary(nights=30, seed=6, factors=[FactorSpec("x", prob=0.5)])
    rare = _diary(nights=30, seed=6, factors=[FactorSpec("x", prob=0.1)])
    need_common = analyze(common)["factors"][0]["nights_needed"]
    need_rare = analyze(rare)["factors"][0]["nights_needed"]
    assert need_rare > need_common


def test_an_empty_diary_gives_an_honest_empty_answer():
    result = analyze(DiaryTable([], {"x": "boolean"}))
    assert result["nights_used"] == 0
    assert result["factors"][0]["enough_data"] is False


def test_benjamini_hochberg_matches_a_hand_computation():
    # sorted 0.01, 0.03, 0.04, 0.5 -> p*m/rank 0.04, 0.06, 0.0533, 0.5 -> running min from top
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.5])
    assert q == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.5])


def test_same_day_tests_carry_more_of_the_error_budget_than_the_previous_day():
    p = [0.008, 0.008] + [0.5 + 0.02 * i for i in range(14)]
    weights = [LAG_WEIGHTS[0], LAG_WEIGHTS[1]] + [1.0] * 14
    same_day, previous_day, *_ = benjamini_hochberg(p, weights)
    assert same_day < 0.1 <= previous_day  # same p: flagged on the same day only
    assert benjamini_hochberg(p) == benjamini_hochberg(p, [1.0] * 16)


def test_flagged_means_the_reported_q_is_below_01_and_q_is_never_below_p():
    table, _ = simulate_diary(DiarySpec(nights=300, factors=EFFECT_FACTORS), seed=77)
    for entry in analyze(table)["factors"]:
        if entry["enough_data"]:
            assert entry["q_value"] >= entry["p_value"]
            assert entry["flagged"] == (entry["q_value"] < 0.1)
