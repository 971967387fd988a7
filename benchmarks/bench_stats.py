"""Statistics benchmark: false alarms, coverage, power and timings over many simulated diaries.

Run from the repository root: ``python benchmarks/bench_stats.py [--quick]``. Prints the same
figures the tests in tests/stats check, over many more diaries, plus wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from nightcramp.diary.csvio import write_diary_csv
from nightcramp.stats.simulate import (
    EFFECT_FACTORS,
    NULL_FACTORS,
    DiarySpec,
    FactorSpec,
    simulate_diary,
    simulate_trial_diary,
    trigger_search,
)
from nightcramp.stats.timeline import medicine_timeline
from nightcramp.stats.trials import analyze_trial, plan_trial, trial_power
from nightcramp.stats.triggers import analyze


def binomial_sd(rate: float, n: int) -> float:
    return float(np.sqrt(rate * (1 - rate) / max(n, 1)))


def trigger_search_figures(diaries: int) -> None:
    started = time.perf_counter()
    f = trigger_search(diaries, seed=11_000, via_csv=True)
    seconds = time.perf_counter() - started
    rows = [
        ("real yes/no trigger (RR 1.8, 30 % of nights): p < 0.05", f["trigger_p05"], ">= 58 %"),
        ("real yes/no trigger: flagged (q < 0.1)", f["trigger_flagged"], ">= 24 %"),
        ("real number (RR 1.3 per 2): p < 0.05", f["number_p05"], ""),
        ("real number: flagged", f["number_flagged"], ""),
        (f"null factors, both days ({f['null_tests']} tests): p < 0.05", f["null_p05"], "<= 6 %"),
        (
            f"  persistent habits, 2 and 4 weeks ({f['persistent_null_tests']} tests)",
            f["persistent_null_p05"],
            "<= 6 %",
        ),
        ("  the other null factors", f["other_null_p05"], ""),
        ("false discovery rate of flagged", f["false_discovery_rate"], "<= 10 %"),
        (f"95 % interval coverage ({f['intervals']} intervals)", f["coverage"], ">= 90 %"),
    ]
    print(f"  {diaries} diaries of 150 nights, seeds 11000-{11000 + diaries - 1}, via CSV:")
    for label, value, target in rows:
        print(f"    {label:62s} {value:6.1%}  {('target ' + target) if target else ''}")
    print(f"    ({seconds:.1f} s)")


def trigger_false_alarms(diaries: int, nights: int) -> None:
    found: dict[str, list[bool]] = {}
    for i in range(diaries):
        table, _ = simulate_diary(DiarySpec(nights=nights, factors=NULL_FACTORS), seed=10**6 + i)
        for entry in analyze(table)["factors"]:
            if entry["enough_data"]:
                found.setdefault(entry["factor"], []).append(entry["p_value"] < 0.05)
    everything = np.concatenate([np.asarray(v) for v in found.values()])
    print(
        f"  {nights} nights, {diaries} diaries: p<0.05 in {everything.mean():.2%} of "
        f"{everything.size} null tests (SD if independent {binomial_sd(0.05, everything.size):.2%})"
    )
    for name, values in found.items():
        print(f"    {name:34s} {np.mean(values):6.2%}  (n={len(values)})")


def trigger_coverage_power(diaries: int, nights: int) -> None:
    covered: dict[str, list[bool]] = {}
    found: dict[str, list[bool]] = {}
    for i in range(diaries):
        spec = DiarySpec(nights=nights, factors=EFFECT_FACTORS)
        table, truth = simulate_diary(spec, seed=2 * 10**6 + i)
        for entry in analyze(table)["factors"]:
            true = truth["factors"][entry["base_factor"]]
            if entry["lag"] != true["lag"] or not entry["enough_data"]:
                continue
            ratio = true["rate_ratio"] ** (entry["per"] / true["per"])
            covered.setdefault(entry["factor"], []).append(
                entry["ci_low"] <= ratio <= entry["ci_high"]
            )
            found.setdefault(entry["factor"], []).append(entry["p_value"] < 0.05)
    every = np.concatenate([np.asarray(v) for v in covered.values()])
    print(f"  {nights} nights, {diaries} diaries: 95 % CI coverage {every.mean():.2%}")
    for name in covered:
        print(
            f"    {name:34s} coverage {np.mean(covered[name]):6.2%}  "
            f"power(p<0.05) {np.mean(found[name]):6.2%}"
        )


def trial_runs(period: int, pairs: int, ratio: float, runs: int, spec: DiarySpec, seed: int):
    results = []
    for i in range(runs):
        plan = plan_trial("x", date(2025, 1, 6), period, pairs, seed=seed + i)
        table = simulate_trial_diary(plan, spec, ratio, seed=seed + 10**6 + i)
        results.append(analyze_trial(plan, table))
    return results


def trial_false_alarms(runs: int) -> None:
    spec = DiarySpec(missing_blocks=0)
    for period, pairs in ((2, 12), (3, 10), (7, 6), (7, 8), (14, 6), (7, 4)):
        results = trial_runs(period, pairs, 1.0, runs, spec, seed=period * 1000 + pairs)
        rate = np.mean([r["p_value"] < 0.05 for r in results])
        coverage = np.mean([r["ci_low"] <= 1 <= r["ci_high"] for r in results])
        print(
            f"  {pairs:2d} pairs x {period:2d} nights: p<0.05 in {rate:6.2%} "
            f"(SD {binomial_sd(0.05, runs):.2%}), CI coverage {coverage:6.2%}, "
            f"min attainable p {results[0]['min_attainable_p']:.4f}"
        )


def trial_power_agreement(runs: int) -> None:
    spec = DiarySpec(base_rate=1.0, missing_blocks=0)
    for period, pairs, ratio in ((7, 8, 0.5), (3, 12, 0.6), (14, 6, 0.5), (2, 20, 0.7)):
        results = trial_runs(period, pairs, ratio, runs, spec, seed=7 * period + pairs)
        simulated = np.mean([r["p_value"] < 0.05 for r in results])
        coverage = np.mean([r["ci_low"] <= ratio <= r["ci_high"] for r in results])
        predicted = trial_power(
            1.0, 1 - ratio, period, pairs, n_sim=4000, seed=1, missing_rate=spec.missing_rate
        )
        print(
            f"  {pairs:2d} x {period:2d} nights, RR {ratio}: pipeline power {simulated:6.2%} "
            f"(SD {binomial_sd(simulated, runs):.2%}), trial_power {predicted:6.2%}, "
            f"difference {simulated - predicted:+.2%}; CI coverage {coverage:6.2%}"
        )


def timeline_false_alarms(runs: int) -> None:
    start = date(2023, 1, 1)
    for ratio in (1.0, 2.0):
        rejected, covered = [], []
        for i in range(runs):
            started = start + timedelta(days=420 + i % 60)

            def multiplier(night, started=started, ratio=ratio):
                return ratio if night >= started else 1.0

            table, _ = simulate_diary(
                DiarySpec(nights=900, start=start), seed=3 * 10**6 + i, multiplier=multiplier
            )
            entry = medicine_timeline(table, [{"name": "x", "started": started}])[0]
            if entry["enough_data"]:
                rejected.append(entry["p_value"] < 0.05)
                covered.append(entry["ci_low"] <= ratio <= entry["ci_high"])
        print(
            f"  true RR {ratio}: p<0.05 in {np.mean(rejected):6.2%} of {len(rejected)} diaries, "
            f"CI coverage {np.mean(covered):6.2%}"
        )


def wall(label: str, target: str, seconds: float) -> None:
    print(f"  {label:58s} {seconds * 1000:8.0f} ms   (target {target})")


def timings() -> None:
    factors = [FactorSpec(f"yesno_{i}", run_nights=1 + 3 * i, missing=0.05) for i in range(10)]
    factors += [
        FactorSpec(f"amount_{i}", kind="number", run_nights=1 + 3 * i, mean=5, sd=2, missing=0.05)
        for i in range(10)
    ]
    ten_years, _ = simulate_diary(DiarySpec(nights=3650, factors=factors), seed=1)
    best = min(_timed(lambda: analyze(ten_years)) for _ in range(5))
    wall("analyze(): 10-year diary, 20 factors (40 tests), best of 5", "< 1 s", best)

    year_factors = [
        FactorSpec("bedtime_stretching"),
        FactorSpec("fluids_glasses", kind="number", mean=6, sd=2),
        FactorSpec("caffeine_drinks", kind="number", mean=2, sd=1),
    ]
    plan = plan_trial("stretching", date(2025, 1, 6), 7, 26, seed=1)
    year = simulate_trial_diary(plan, DiarySpec(factors=year_factors), 0.7, seed=2)
    with tempfile.TemporaryDirectory() as folder:
        diary = Path(folder) / "nights.csv"
        with diary.open("w", newline="") as out:
            write_diary_csv(year, out)
        plan_path = Path(folder) / "plan.json"
        plan_path.write_text(json.dumps(plan))
        env = dict(os.environ, NIGHTCRAMP_HOME=folder)
        exe = [sys.executable, "-m", "nightcramp"]
        runs = {
            "nightcramp --help": ["--help"],
            "nightcramp analyze --diary (1 year, 3 factors) --json": [
                "analyze", "--diary", str(diary), "--json",
            ],
            "nightcramp trial analyze --plan --diary (1 year) --json": [
                "trial", "analyze", "--plan", str(plan_path), "--diary", str(diary), "--json",
            ],
        }  # fmt: skip
        for label, args in runs.items():
            seconds = min(_timed(lambda a=args: _run(exe + a, env)) for _ in range(3))
            wall(label + ", best of 3", "~1 s" if "--help" not in label else "< 0.5 s", seconds)
    seconds = _timed(lambda: trial_power(0.6, 0.3, 7, 8))
    wall("trial_power(2000 simulations)", "fast", seconds)


def _run(command: list[str], env: dict) -> None:
    subprocess.run(command, env=env, check=True, capture_output=True)


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer simulated diaries")
    quick = parser.parse_args().quick
    scale = 0.2 if quick else 1.0

    def n(count: int) -> int:
        return max(20, int(count * scale))

    print("Trigger search in five-month diaries (issue 11)")
    trigger_search_figures(200 if not quick else 60)
    print("Trigger analysis: false alarms for null factors (p < 0.05; aim about 5 %)")
    trigger_false_alarms(n(1000), 365)
    trigger_false_alarms(n(500), 120)
    trigger_false_alarms(n(300), 1095)
    print("Trigger analysis: coverage of the true rate ratio and power")
    trigger_coverage_power(n(500), 730)
    trigger_coverage_power(n(500), 365)
    print("Self-experiments: false alarms under no effect (exact randomisation test)")
    trial_false_alarms(n(2000))
    print("Self-experiments: trial_power() against the full simulated pipeline")
    trial_power_agreement(n(1000))
    print("Medicine timeline (placebo dates): 900-night diaries, start mid-way")
    timeline_false_alarms(n(500))
    print("Timings (wall clock)")
    timings()


if __name__ == "__main__":
    main()
