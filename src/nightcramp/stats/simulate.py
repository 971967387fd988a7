"""Synthetic diaries with a known truth, for validating the statistics by simulation.

A night's cramp count is Poisson given a rate, and the rate is

    log rate_t = log base_rate + season_t + drift_t + z_t + sum of true factor effects
    count_t ~ Poisson(rate_t * g_t),   g_t ~ Gamma(shape 1/dispersion, mean 1)

with ``season_t`` an annual cosine peaking in mid-July (summer about twice winter, as in
clinical-facts [7]), ``drift_t`` a smoothed random walk, ``z_t`` an AR(1) latent log-rate
(nights are autocorrelated) and ``g_t`` night-to-night over-dispersion (gamma-Poisson).
Factors persist: each night keeps yesterday's value with probability ``1 - 1/run_nights``
and otherwise draws afresh, so ``run_nights=14`` gives habits that last for weeks.
Nights go missing at random and in blocks (holidays: the rows are then absent).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from nightcramp.diary.table import DiaryTable, NightRow
from nightcramp.stats.night_model import ar1_filter
from nightcramp.stats.trials import INTERVENTION, arm_on

SEASON_PEAK_DAY = 196  # about 15 July


@dataclass
class FactorSpec:
    """One simulated factor and its true effect (rate ratio per ``per`` units, at ``lag``)."""

    name: str
    kind: str = "boolean"  # "boolean" or "number"
    run_nights: float = 1.0  # mean nights between fresh draws (1 = independent nights)
    prob: float = 0.5  # boolean: share of nights true
    mean: float = 5.0  # number: mean and spread
    sd: float = 2.0
    decimals: int = 0
    seasonal: float = 0.0  # 0..1: how strongly the factor follows the season (a confounder)
    rate_ratio: float = 1.0  # true effect; 1 = none
    per: float = 1.0
    lag: int = 0  # 0 = same night, 1 = the previous day's value acts
    missing: float = 0.0  # share of nights with the value unknown


# Null factors of every awkward kind: independent nights, habits lasting two and four
# weeks, a number that follows the season (a confounder), a rare factor with gaps.
NULL_FACTORS = [
    FactorSpec("indep"),
    FactorSpec("habit_2wk", run_nights=14),
    FactorSpec("habit_4wk", run_nights=28, prob=0.3),
    FactorSpec("glasses", kind="number", run_nights=14, mean=6, sd=2),
    FactorSpec("outdoor_minutes", kind="number", run_nights=7, seasonal=0.7, mean=30, sd=15),
    FactorSpec("rare", prob=0.15, run_nights=7, missing=0.1),
]

# True effects: rate ratios per the reported step (``per``), same day or day before.
EFFECT_FACTORS = [
    FactorSpec("bedtime_stretching", run_nights=1, rate_ratio=0.6),
    FactorSpec("habit", run_nights=14, rate_ratio=1.6),
    FactorSpec("fluids_glasses", kind="number", run_nights=7, mean=6, sd=2, rate_ratio=0.8, per=2),
    FactorSpec(
        "alcohol_units", kind="number", run_nights=3, mean=1.5, sd=1.5, rate_ratio=1.3, lag=1
    ),
]

# The search for triggers in a five-month diary (issue 11): one real yes/no trigger on
# 30 % of nights (rate ratio 1.8), one real number (1.3 per 2 units), six null factors,
# two of them habits lasting weeks. Diaries: 150 nights, 3 cramps a week, 10 % missing.
TRIGGER_SEARCH_FACTORS = [
    FactorSpec("trigger", prob=0.3, rate_ratio=1.8),
    FactorSpec("walk_km", kind="number", mean=4, sd=2, decimals=1, rate_ratio=1.3, per=2),
    FactorSpec("null_yesno"),
    FactorSpec("null_number", kind="number", mean=5, sd=2),
    FactorSpec("null_short_habit", run_nights=3, prob=0.4),
    FactorSpec("null_seasonal", kind="number", run_nights=3, seasonal=0.7, mean=30, sd=15),
    FactorSpec("habit_2wk", run_nights=14),
    FactorSpec("habit_4wk", run_nights=28, prob=0.3),
]
PERSISTENT_NULLS = ("habit_2wk", "habit_4wk")


@dataclass
class DiarySpec:
    nights: int = 365
    start: date = date(2024, 1, 1)
    base_rate: float = 0.6
    dispersion: float = 0.5  # gamma-Poisson: variance = mu + dispersion * mu^2 (night to night)
    autocorrelation: float = 0.8  # AR(1) coefficient of the latent log-rate
    latent_sd: float = 0.4  # marginal SD of the AR(1) latent log-rate
    season_amplitude: float = math.log(2) / 2  # summer/winter ratio = exp(2 * amplitude)
    drift_sd: float = 0.3  # SD of the slow random drift over a year (scales with sqrt(length))
    missing_rate: float = 0.05  # random nights without a morning check-in
    missing_blocks: int = 1  # blocks of absent nights (holidays)
    block_nights: int = 10
    factors: list[FactorSpec] = field(default_factory=list)


def trigger_search_spec() -> DiarySpec:
    """The five-month diaries of the trigger-search validation (see TRIGGER_SEARCH_FACTORS)."""
    return DiarySpec(
        nights=150,
        base_rate=3 / 7,
        missing_rate=0.1,
        missing_blocks=0,
        factors=TRIGGER_SEARCH_FACTORS,
    )


def ar1(rng, n: int, phi: float, sd: float):
    """A stationary AR(1) series with marginal SD ``sd``."""
    import numpy as np

    if n == 0:
        return np.zeros(0)
    shocks = rng.normal(0.0, sd * math.sqrt(max(1 - phi * phi, 1e-12)), (1, n))
    shocks[0, 0] = rng.normal(0.0, sd)
    return ar1_filter(shocks, phi)[0]


def season_curve(days, start: date, amplitude: float):
    """The annual cosine of the log-rate on day offsets ``days`` from ``start``."""
    import numpy as np

    doy = (start.timetuple().tm_yday + np.asarray(days)) % 365.25
    return amplitude * np.cos(2 * np.pi * (doy - SEASON_PEAK_DAY) / 365.25)


def smooth_drift(rng, n: int, sd: float):
    """A random walk smoothed over 60 nights, scaled to SD ``sd`` and centred."""
    import numpy as np

    if n < 2 or sd <= 0:
        return np.zeros(n)
    walk = np.cumsum(rng.normal(size=n))
    width = min(60, n)
    kernel = np.ones(width) / width
    smooth = np.convolve(np.pad(walk, (width // 2, width - width // 2 - 1), mode="edge"), kernel)
    smooth = smooth[width - 1 : width - 1 + n]
    smooth = smooth - smooth.mean()
    spread = smooth.std()
    return smooth * (sd / spread) if spread > 0 else smooth


def persistent_draws(rng, n: int, run_nights: float, fresh):
    """Keep yesterday's value with probability 1 - 1/run_nights, else take ``fresh[t]``."""
    import numpy as np

    keep = rng.random(n) < (1.0 - 1.0 / max(run_nights, 1.0))
    keep[0] = False
    # index of the last fresh draw at or before t
    last_fresh = np.maximum.accumulate(np.where(~keep, np.arange(n), 0))
    return fresh[last_fresh]


def simulate_factor(rng, spec: FactorSpec, days, start: date):
    """Values (floats; booleans as 0/1) of one factor, night by night."""
    import numpy as np

    n = len(days)
    season = season_curve(days, start, 1.0)
    if spec.kind == "boolean":
        p = np.clip(spec.prob, 1e-6, 1 - 1e-6)
        logit = math.log(p / (1 - p)) + 2.0 * spec.seasonal * season
        fresh = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
        return persistent_draws(rng, n, spec.run_nights, fresh)
    fresh = rng.normal(size=n)
    values = persistent_draws(rng, n, spec.run_nights, fresh)
    mix = math.sqrt(max(1 - spec.seasonal**2, 0.0)) * values + spec.seasonal * season * math.sqrt(2)
    return np.maximum(np.round(spec.mean + spec.sd * mix, spec.decimals), 0.0)


def simulate_diary(
    spec: DiarySpec, seed: int | None = None, multiplier: Callable[[date], float] | None = None
) -> tuple[DiaryTable, dict]:
    """A synthetic diary and its truth: ``{"factors": {name: {"rate_ratio", "per", "lag"}}}``.

    ``multiplier(night)`` scales the true rate of a night (e.g. a trial's intervention arm).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    n = spec.nights
    days = np.arange(n)
    log_rate = (
        math.log(spec.base_rate)
        + season_curve(days, spec.start, spec.season_amplitude)
        + smooth_drift(rng, n, spec.drift_sd * math.sqrt(n / 365.0))
        + ar1(rng, n, spec.autocorrelation, spec.latent_sd)
    )
    values = {}
    for factor in spec.factors:
        x = simulate_factor(rng, factor, days, spec.start)
        values[factor.name] = x
        acting = x if factor.lag == 0 else np.concatenate([[np.mean(x)], x[:-1]])
        log_rate = log_rate + math.log(factor.rate_ratio) * acting / factor.per
    rate = np.exp(log_rate)
    if multiplier is not None:
        rate = rate * np.array([multiplier(spec.start + timedelta(days=int(t))) for t in days])
    if spec.dispersion > 0:
        shape = 1 / spec.dispersion
        rate = rate * rng.gamma(shape, 1 / shape, n)
    counts = rng.poisson(rate)

    absent = np.zeros(n, dtype=bool)
    for _ in range(spec.missing_blocks):
        if n > spec.block_nights * 3:
            first = int(rng.integers(0, n - spec.block_nights))
            absent[first : first + spec.block_nights] = True
    unchecked = rng.random(n) < spec.missing_rate
    unknown = {f.name: rng.random(n) < f.missing for f in spec.factors}

    rows = []
    for t in range(n):
        if absent[t]:
            continue
        factors: dict[str, bool | float | None] = {}
        for f in spec.factors:
            if unknown[f.name][t]:
                factors[f.name] = None
            elif f.kind == "boolean":
                factors[f.name] = bool(values[f.name][t])
            else:
                factors[f.name] = float(values[f.name][t])
        cramps = None if unchecked[t] else int(counts[t])
        rows.append(NightRow(spec.start + timedelta(days=t), cramps, None, None, factors))
    kinds = {f.name: f.kind for f in spec.factors}
    truth = {
        "factors": {
            f.name: {"rate_ratio": f.rate_ratio, "per": f.per, "lag": f.lag} for f in spec.factors
        },
        "log_rate": log_rate,
    }
    return DiaryTable(rows, kinds), truth


def simulate_trial_diary(
    plan: dict, spec: DiarySpec, rate_ratio: float = 1.0, seed: int | None = None
) -> DiaryTable:
    """A diary over a trial plan whose intervention multiplies the rate by ``rate_ratio``."""
    first, last = date.fromisoformat(plan["start"]), date.fromisoformat(plan["end"])
    spec = DiarySpec(**{**spec.__dict__, "start": first, "nights": (last - first).days + 1})

    def multiplier(night: date) -> float:
        return rate_ratio if arm_on(plan, night) == INTERVENTION else 1.0

    table, _ = simulate_diary(spec, seed=seed, multiplier=multiplier)
    return table


def _through_csv(table: DiaryTable) -> DiaryTable:
    """The table as ``nightcramp analyze --diary`` sees it: written to CSV and read back."""
    import io
    import tempfile
    from pathlib import Path

    from nightcramp.diary.csvio import read_diary_csv, write_diary_csv

    text = io.StringIO()
    write_diary_csv(table, text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nights.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        return read_diary_csv(path)


def _standard_error(values: list[float]) -> float:
    """Standard error of a mean (sample SD / sqrt(n))."""
    n = len(values)
    if n < 2:
        return float("nan")
    mean = sum(values) / n
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1) / n)


def trigger_search(diaries: int, seed: int = 11_000, via_csv: bool = False) -> dict:
    """Find-the-trigger figures over ``diaries`` five-month diaries (``trigger_search_spec``).

    Returns the share of diaries in which the real yes/no trigger and the real number have
    p < 0.05 and are flagged, the share of null-factor tests (both days) with p < 0.05 (all,
    persistent habits, the others), the false discovery rate of ``flagged`` (mean over
    diaries of false flags / flags; a previous-day test of a same-day trigger counts as
    false), the coverage of the 95 % intervals, and the counts behind each share.
    """
    from nightcramp.stats.triggers import analyze

    real = {"trigger": [], "walk_km": []}
    flagged = {"trigger": [], "walk_km": []}
    nulls: dict[str, list[bool]] = {}
    fdp, covered = [], []
    for i in range(diaries):
        table, truth = simulate_diary(trigger_search_spec(), seed=seed + i)
        result = analyze(_through_csv(table) if via_csv else table)
        false = flags = 0
        for entry in result["factors"]:
            if not entry["enough_data"]:
                continue
            true = truth["factors"][entry["base_factor"]]
            ratio = (
                true["rate_ratio"] ** (entry["per"] / true["per"])
                if entry["lag"] == true["lag"]
                else 1.0
            )
            covered.append(entry["ci_low"] <= ratio <= entry["ci_high"])
            significant = entry["p_value"] < 0.05
            if entry["base_factor"] in real and entry["lag"] == true["lag"]:
                real[entry["base_factor"]].append(significant)
                flagged[entry["base_factor"]].append(entry["flagged"])
            elif true["rate_ratio"] == 1.0:
                nulls.setdefault(entry["base_factor"], []).append(significant)
            flags += entry["flagged"]
            false += entry["flagged"] and ratio == 1.0
        fdp.append(false / flags if flags else 0.0)
    persistent = [v for name in PERSISTENT_NULLS for v in nulls.get(name, [])]
    others = [v for name, vs in nulls.items() if name not in PERSISTENT_NULLS for v in vs]

    def share(values: list) -> float:
        return sum(values) / len(values) if values else float("nan")

    return {
        "diaries": diaries,
        "trigger_p05": share(real["trigger"]),
        "trigger_flagged": share(flagged["trigger"]),
        "trigger_tested": len(real["trigger"]),
        "number_p05": share(real["walk_km"]),
        "number_flagged": share(flagged["walk_km"]),
        "null_p05": share(persistent + others),
        "null_tests": len(persistent) + len(others),
        "persistent_null_p05": share(persistent),
        "persistent_null_tests": len(persistent),
        "other_null_p05": share(others),
        "false_discovery_rate": share(fdp),
        "false_discovery_se": _standard_error(fdp),
        "coverage": share(covered),
        "intervals": len(covered),
    }
