"""A person's own night-to-night noise, estimated from their diary, for the power calculator.

The power simulation (``trials.trial_power``) draws nights as

    count_t ~ Poisson(mu * exp(z_t - s^2/2) * g_t),  g_t ~ Gamma(mean 1, variance d)
    z_t = a z_(t-1) + shock_t  (AR(1) latent log-rate with marginal SD s)

so the counts have mean ``mu``, extra-Poisson variance ``mu^2 ((1 + d) exp(s^2) - 1)`` and
autocovariance at lag k of ``mu^2 (exp(s^2 a^k) - 1)``. ``estimate_noise`` matches these
moments (method of moments):

1. the most recent ``nights`` nights with a known count (missing nights are skipped, never
   zero), laid out on the calendar so lags are lags in days;
2. ``r_k`` = autocovariance at lag k (pairs of recorded nights k days apart) / mean^2, for
   k = 1..14, and ``excess`` = (variance - mean) / mean^2;
3. ``s^2`` and ``a`` by weighted least squares of ``r_k`` against ``exp(s^2 a^k) - 1`` over
   a grid (s^2 in -0.5..1.44, a in 0..0.98: s^2 may come out negative, so that noise does
   not bias quiet diaries upward), with s^2 capped at ``ln(1 + excess)`` (the persistent
   part cannot exceed the whole extra variance);
4. shrink each moment (excess, s^2, a) toward the defaults' with weight n / (n + 90) (one
   diary's autocorrelations are noisy), clamp (a 0..0.98, s 0..1.2), and give the
   night-to-night part the rest: ``d = (1 + excess) / exp(s^2) - 1`` (clamped 0..3), so the
   total extra variance is kept even when its split is uncertain.

Fewer than 60 recorded nights, or none with a cramp, give the defaults with ``fitted``
False. Slow changes (season, drift) count as persistent noise, which errs on the side of a
longer experiment. Validated by simulation in tests/stats/test_noise.py.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from nightcramp.diary.table import DiaryTable

MIN_NIGHTS = 60
SHRINK_NIGHTS = 90  # prior weight, in nights, of the assumed defaults
MAX_LAG = 14
DISPERSION_RANGE = (0.0, 3.0)
AUTOCORRELATION_RANGE = (0.0, 0.98)
LATENT_SD_RANGE = (0.0, 1.2)


def defaults() -> dict:
    """The assumed noise (the power calculator's defaults)."""
    from nightcramp.stats.trials import (
        DEFAULT_AUTOCORRELATION,
        DEFAULT_DISPERSION,
        DEFAULT_LATENT_SD,
    )

    return {
        "dispersion": DEFAULT_DISPERSION,
        "autocorrelation": DEFAULT_AUTOCORRELATION,
        "latent_sd": DEFAULT_LATENT_SD,
    }


def assumed_noise(reason: str) -> dict:
    """The defaults in ``estimate_noise``'s shape, ``fitted`` False, saying why."""
    noise = defaults()
    return {
        "rate_per_night": None,
        **noise,
        "nights_used": 0,
        "fitted": False,
        "message": (
            f"Noise assumed (over-dispersion {noise['dispersion']:g}, night-to-night "
            f"persistence {noise['autocorrelation']:g}, latent SD {noise['latent_sd']:g}), "
            f"not estimated: {reason}."
        ),
    }


def estimate_noise(table: DiaryTable, nights: int = 180) -> dict:
    """The diary's noise: ``{"rate_per_night", "dispersion", "autocorrelation",
    "latent_sd", "nights_used", "fitted", "message"}`` (method in the module docstring).

    ``nights`` is how many of the most recent nights with a known count are used.
    """
    known = sorted((row.night, row.cramps) for row in table.rows if row.cramps is not None)
    recorded = known[max(len(known) - nights, 0) :] if nights > 0 else []
    used = len(recorded)
    rate = sum(c for _, c in recorded) / used if used else None
    if used < MIN_NIGHTS:
        plural = "s" if used != 1 else ""
        reason = f"your diary has {used} recorded night{plural}; {MIN_NIGHTS} are needed"
        return {**assumed_noise(reason), "rate_per_night": rate, "nights_used": used}
    if not rate:
        reason = f"no cramps in your last {used} recorded nights to estimate it from"
        return {**assumed_noise(reason), "rate_per_night": rate, "nights_used": used}
    prior = defaults()
    prior_moments = _moments(prior["dispersion"], prior["autocorrelation"], prior["latent_sd"])
    weight = used / (used + SHRINK_NIGHTS)
    moments = {
        name: weight * value + (1 - weight) * prior_moments[name]
        for name, value in _fit(recorded).items()
    }
    latent_sd = math.sqrt(min(max(moments["latent_var"], 0.0), LATENT_SD_RANGE[1] ** 2))
    dispersion = (1 + moments["excess"]) / math.exp(latent_sd**2) - 1
    autocorrelation = moments["autocorrelation"]
    return {
        "rate_per_night": rate,
        "dispersion": round(min(max(dispersion, 0.0), DISPERSION_RANGE[1]), 4),
        "autocorrelation": round(min(max(autocorrelation, 0.0), AUTOCORRELATION_RANGE[1]), 4),
        "latent_sd": round(latent_sd, 4),
        "nights_used": used,
        "fitted": True,
        "message": f"Noise estimated from your last {used} recorded nights.",
    }


def _moments(dispersion: float, autocorrelation: float, latent_sd: float) -> dict:
    """The moments ``_fit`` estimates, for given noise parameters (to shrink toward)."""
    return {
        "excess": (1 + dispersion) * math.exp(latent_sd**2) - 1,
        "latent_var": latent_sd**2,
        "autocorrelation": autocorrelation,
    }


def _fit(recorded: list[tuple[date, int]]) -> dict:
    """Unshrunk moments from (night, count) pairs: ``excess`` (extra-Poisson variance /
    mean^2), ``latent_var`` (s^2, signed: noise may make it negative) and ``autocorrelation``.
    """
    import numpy as np

    first = recorded[0][0]
    span = (recorded[-1][0] - first).days + 1
    series = np.full(span, np.nan)
    for night, count in recorded:
        series[(night - first).days] = count
    known = ~np.isnan(series)
    counts = series[known]
    mean = float(counts.mean())
    excess = (float(counts.var(ddof=1)) - mean) / mean**2
    centred = np.where(known, series - mean, 0.0)
    lags, ratios, weights = [], [], []
    for k in range(1, min(MAX_LAG, span - 1) + 1):
        both = known[k:] & known[:-k]
        pairs = int(both.sum())
        if pairs < 20:
            continue
        lags.append(k)
        ratios.append(float(np.sum(centred[k:] * centred[:-k] * both)) / pairs / mean**2)
        weights.append(pairs)
    latent_var, autocorrelation = _fit_ar1(np.array(lags), np.array(ratios), np.array(weights))
    # the persistent part cannot exceed the whole extra variance (d >= 0): exp(s^2) <= 1 + excess
    latent_var = min(latent_var, math.log(1 + max(excess, 0.0)))
    return {"excess": excess, "latent_var": latent_var, "autocorrelation": autocorrelation}


def _fit_ar1(lags, ratios, weights) -> tuple[float, float]:
    """(v, a) minimising the weighted squared error of r_k against exp(v a^k) - 1.

    ``v`` (the latent variance s^2) may come out negative: clamping it at 0 before
    shrinking would bias low-noise diaries upward.
    """
    import numpy as np

    if len(lags) == 0:
        return 0.0, 0.0
    variances = np.linspace(-0.5, LATENT_SD_RANGE[1] ** 2, 121)[:, None, None]
    coefs = np.linspace(*AUTOCORRELATION_RANGE, 50)
    model = np.expm1(variances * coefs[None, :, None] ** lags[None, None, :])
    loss = np.sum(weights * (model - ratios) ** 2, axis=2)
    i, j = np.unravel_index(int(np.argmin(loss)), loss.shape)
    return float(variances[i, 0, 0]), float(coefs[j])


NOISE_WINDOW_DAYS = 365  # estimate_noise then uses the latest 180 recorded nights of these


def diary_noise(user, last: date) -> dict:
    """The person's own noise over the year up to ``last`` (``estimate_noise`` of their
    stored diary): the assumed defaults, with ``fitted`` False and the reason, when the
    diary is too short. Used by the power calculator of both the CLI and the web planner.
    (Here rather than in ``diary``: the diary depends on nothing in ``stats``.)"""
    from nightcramp.diary.store import load_table

    return estimate_noise(load_table(user, last - timedelta(days=NOISE_WINDOW_DAYS), last))
