"""Self-experiments: the plan contract, tonight's arm, the analysis and its honesty."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pytest

from nightcramp.diary.table import DiaryTable, NightRow
from nightcramp.stats.simulate import DiarySpec, simulate_trial_diary
from nightcramp.stats.trials import (
    PlanError,
    analyze_trial,
    arm_on,
    best_design,
    min_attainable_p,
    night_status,
    plan_trial,
    trial_power,
    validate_plan,
)

START = date(2025, 3, 3)


def test_plan_has_the_contract_shape_balanced_pairs_and_contiguous_dates():
    plan = plan_trial("bedtime stretching", START, 7, 5, washout_nights=2, seed=11)
    assert {"intervention", "start", "end", "washout_nights", "periods"} <= set(plan)
    assert plan["start"] == "2025-03-03" and plan["washout_nights"] == 2
    periods = plan["periods"]
    assert len(periods) == 10
    day = START
    for period in periods:
        assert period["start"] == day.isoformat()
        day = date.fromisoformat(period["end"]) + timedelta(days=1)
        assert (date.fromisoformat(period["end"]) - date.fromisoformat(period["start"])).days == 6
    assert plan["end"] == (day - timedelta(days=1)).isoformat()
    for i in range(0, 10, 2):
        assert {periods[i]["arm"], periods[i + 1]["arm"]} == {"intervention", "control"}
    assert all(set(p) == {"start", "end", "arm"} for p in periods)
    json.dumps(plan)  # plain JSON


def test_same_seed_same_plan_and_orders_are_random_across_seeds():
    assert plan_trial("x", START, 3, 6, seed=4) == plan_trial("x", START, 3, 6, seed=4)
    firsts = [plan_trial("x", START, 3, 1, seed=s)["periods"][0]["arm"] for s in range(200)]
    assert 70 < firsts.count("intervention") < 130
    unseeded = plan_trial("x", START, 3, 2)
    assert isinstance(unseeded["seed"], int)
    assert plan_trial("x", START, 3, 2, seed=unseeded["seed"]) == unseeded


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"pairs": 0}, "pairs"),
        ({"period_nights": -1}, "period_nights"),
        ({"washout_nights": -2}, "washout_nights"),
        ({"washout_nights": 7}, "washout_nights"),
        ({"intervention": " "}, "intervention"),
    ],
)
def test_bad_settings_name_the_field(kwargs, field):
    settings = {"intervention": "x", "start": START, "period_nights": 7, "pairs": 2}
    settings.update(kwargs)
    with pytest.raises(PlanError) as caught:
        plan_trial(**settings)
    assert caught.value.field == field


def test_validate_plan_refuses_broken_plans_naming_the_field():
    plan = plan_trial("x", START, 4, 2, seed=1)
    assert validate_plan(json.loads(json.dumps(plan)))["pairs"] == 2
    broken = json.loads(json.dumps(plan))
    broken["periods"][1]["start"] = "2025-13-01"
    with pytest.raises(PlanError, match=r"periods\[1\]\.start"):
        validate_plan(broken)
    broken = json.loads(json.dumps(plan))
    broken["periods"][1]["arm"] = broken["periods"][0]["arm"]
    with pytest.raises(PlanError, match="one period of each arm"):
        validate_plan(broken)
    broken = json.loads(json.dumps(plan))
    broken["periods"][2]["start"] = "2025-03-12"  # a night missing between periods
    with pytest.raises(PlanError, match="contiguous"):
        validate_plan(broken)
    with pytest.raises(PlanError, match="intervention"):
        validate_plan({"periods": plan["periods"]})
    with pytest.raises(PlanError, match="plan"):
        validate_plan([1, 2])


def test_tonight_arm_and_washout_nights():
    plan = plan_trial("x", START, 4, 2, washout_nights=1, seed=3)
    first = plan["periods"][0]
    assert arm_on(plan, START) == first["arm"]
    assert night_status(plan, START)["washout"] is True
    assert night_status(plan, START + timedelta(days=1))["washout"] is False
    assert night_status(plan, START + timedelta(days=4))["period"] == 2
    assert arm_on(plan, START - timedelta(days=1)) is None
    assert night_status(plan, START - timedelta(days=1))["before_start"] is True
    assert arm_on(plan, START + timedelta(days=16)) is None


def _table(plan, counts_by_arm, skip_washout_counts=None):
    rows = []
    day = date.fromisoformat(plan["start"])
    while day <= date.fromisoformat(plan["end"]):
        status = night_status(plan, day)
        cramps = counts_by_arm[status["arm"]]
        if status["washout"] and skip_washout_counts is not None:
            cramps = skip_washout_counts
        rows.append(NightRow(day, cramps, factors={"did_it": status["arm"] == "intervention"}))
        day += timedelta(days=1)
    return DiaryTable(rows, {"did_it": "boolean"})


def test_four_week_pairs_cannot_reach_005_and_the_result_says_so():
    plan = plan_trial("stretching", START, 7, 4, seed=2)
    result = analyze_trial(plan, _table(plan, {"intervention": 0, "control": 2}))
    assert {"nights_used", "rate_ratio", "ci_low", "ci_high", "p_value", "prob_benefit"} <= set(
        result
    )
    assert result["nights_used"] == 56
    assert result["min_attainable_p"] == pytest.approx(1 / 8)
    assert result["p_value"] == pytest.approx(1 / 8)  # the most extreme of 16 orders, two-sided
    assert result["rate_ratio"] < 0.1 and result["prob_benefit"] > 0.95
    assert "cannot reach" in result["verdict"] and "28 %" in result["verdict"]
    assert "before" in result["verdict"] and "clinician" in result["verdict"]


def test_washout_nights_are_left_out_and_adherence_is_reported():
    plan = plan_trial("stretching", START, 5, 6, washout_nights=2, seed=8)
    table = _table(plan, {"intervention": 1, "control": 1}, skip_washout_counts=9)
    result = analyze_trial(plan, table, adherence_factor="did_it")
    assert result["nights_used"] == 12 * 3
    assert result["rate_ratio"] == pytest.approx(1.0)
    assert result["p_value"] == pytest.approx(1.0)
    assert result["adherence"]["intervention_share_done"] == 1.0
    assert result["adherence"]["control_share_done"] == 0.0
    assert min_attainable_p(6) == pytest.approx(1 / 32)


def test_no_data_gives_no_result_rather_than_a_guess():
    plan = plan_trial("x", START, 7, 4, seed=1)
    result = analyze_trial(plan, DiaryTable([], {}))
    assert result["p_value"] is None and result["nights_used"] == 0
    assert "No result yet" in result["verdict"]


def _pipeline(period, pairs, ratio, runs, seed, spec=None):
    spec = spec or DiarySpec(missing_blocks=0)
    results = []
    for i in range(runs):
        plan = plan_trial("x", START, period, pairs, seed=seed + i)
        table = simulate_trial_diary(plan, spec, ratio, seed=seed + 50_000 + i)
        results.append(analyze_trial(plan, table))
    return results


@pytest.mark.slow
@pytest.mark.parametrize(("period", "pairs"), [(2, 12), (7, 8)])
def test_false_alarm_rate_holds_for_short_and_week_long_periods(period, pairs):
    # 600 trials: at a true 5 % the SD is 0.9 points; < 7.5 % is ~2.8 SD above 5 %
    results = _pipeline(period, pairs, 1.0, 600, seed=1000 * period)
    rate = np.mean([r["p_value"] < 0.05 for r in results])
    assert rate < 0.075, rate
    coverage = np.mean([r["ci_low"] <= 1.0 <= r["ci_high"] for r in results])
    assert 0.92 < coverage < 0.985


@pytest.mark.slow
def test_trial_power_agrees_with_the_full_pipeline():
    # the pipeline adds season and drift on top of trial_power's model (both tell 5 % of
    # nights go unrecorded)
    spec = DiarySpec(base_rate=1.0, missing_blocks=0)
    results = _pipeline(7, 8, 0.5, 500, seed=77, spec=spec)
    simulated = np.mean([r["p_value"] < 0.05 for r in results])
    predicted = trial_power(1.0, 0.5, 7, 8, n_sim=4000, seed=3, missing_rate=spec.missing_rate)
    # 500 runs: SD of the simulated power ~2.2 points; allow ~3 SD
    assert abs(simulated - predicted) < 0.07, (simulated, predicted)
    coverage = np.mean([r["ci_low"] <= 0.5 <= r["ci_high"] for r in results])
    assert 0.91 < coverage < 0.99
    assert np.mean([r["prob_benefit"] for r in results]) > 0.8


def test_power_is_zero_when_the_design_cannot_reach_005_and_grows_with_pairs():
    assert trial_power(1.0, 0.5, 7, 4) == 0.0
    few = trial_power(1.0, 0.4, 7, 6, n_sim=1500)
    many = trial_power(1.0, 0.4, 7, 14, n_sim=1500)
    assert 0 < few < many


def test_best_design_reaches_the_target_or_says_it_cannot():
    best = best_design(2.0, 0.5, n_sim=400)
    assert best["reachable"] and best["power"] >= 0.8
    assert best["pairs"] >= 6 and best["total_nights"] == 2 * best["pairs"] * best["period_nights"]
    assert not best_design(0.2, 0.05, n_sim=200, max_pairs=8)["reachable"]


def test_power_settings_are_checked():
    with pytest.raises(PlanError, match="reduction"):
        trial_power(1.0, 1.5, 7, 6)
    with pytest.raises(PlanError, match="rate"):
        trial_power(0.0, 0.3, 7, 6)


def test_interval_ends_stay_readable_when_an_interval_is_nearly_unbounded():
    from nightcramp.stats.wording import interval_text

    assert interval_text(0.0, 1.4e16) == "under 0.01 to over 100"
    assert interval_text(0.5, 1.25) == "0.50 to 1.25"
