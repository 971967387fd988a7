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


def ar1(rng, n: int, phi: float, sd: float):
    """A stationary AR(1) series with marginal SD ``sd``."""
    import numpy as np

    if n == 0:
        return np.zeros(0)
    shocks = rng.normal(0.0, sd * math.sqrt(max(1 - phi * phi, 1e-12)), (1, n))
    shocks[0, 0] = rng.normal(0.0, sd)
    return ar1_filter(shocks, phi)[0]


def ar1_filter(shocks, phi: float):
    """x_t = phi x_(t-1) + shock_t along the last axis (a loop over nights, vectorised)."""
    import numpy as np

    out = np.empty_like(shocks)
    out[..., 0] = shocks[..., 0]
    for t in range(1, shocks.shape[-1]):
        out[..., t] = phi * out[..., t - 1] + shocks[..., t]
    return out


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


def nightly_rates(
    rng,
    n_sim: int,
    nights: int,
    rate_per_night: float,
    dispersion: float,
    autocorrelation: float,
    latent_sd: float,
):
    """``n_sim`` x ``nights`` gamma-Poisson rates with an AR(1) latent log-rate (mean kept)."""
    import numpy as np

    phi = autocorrelation
    shocks = rng.normal(0.0, latent_sd * math.sqrt(max(1 - phi * phi, 1e-12)), (n_sim, nights))
    shocks[:, 0] = rng.normal(0.0, latent_sd, n_sim)
    latent = ar1_filter(shocks, phi)
    rate = rate_per_night * np.exp(latent - latent_sd**2 / 2)
    if dispersion > 0:
        shape = 1 / dispersion
        rate = rate * rng.gamma(shape, 1 / shape, (n_sim, nights))
    return rate


def simulate_trial_diary(
    plan: dict, spec: DiarySpec, rate_ratio: float = 1.0, seed: int | None = None
) -> DiaryTable:
    """A diary over a trial plan whose intervention multiplies the rate by ``rate_ratio``."""
    from nightcramp.stats.trials import INTERVENTION, arm_on

    first, last = date.fromisoformat(plan["start"]), date.fromisoformat(plan["end"])
    spec = DiarySpec(**{**spec.__dict__, "start": first, "nights": (last - first).days + 1})

    def multiplier(night: date) -> float:
        return rate_ratio if arm_on(plan, night) == INTERVENTION else 1.0

    table, _ = simulate_diary(spec, seed=seed, multiplier=multiplier)
    return table
