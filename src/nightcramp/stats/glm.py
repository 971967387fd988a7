"""A log-linear count model with time-series-robust standard errors (NumPy only).

The point estimate is the Poisson (quasi-Poisson) maximum-likelihood fit, found by
Newton/IRLS. Its variance is a sandwich whose "meat" is an *equal-weighted cosine*
(EWC) long-run variance of the coefficient's influence series, taken over the calendar
grid of nights (missing nights contribute zero). With ``nu`` cosines the studentised
estimate follows a t distribution with ``nu`` degrees of freedom under fixed-b asymptotics
(Lazarus, Lewis, Stock & Watson 2018, "HAR inference: recommendations for practice",
J Bus Econ Stat 36:541-559), which keeps p-values honest when nights are autocorrelated,
counts over-dispersed and a factor persists for weeks (measured in tests/stats).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SEASON_MIN_SPAN = 240  # nights spanned before an annual cycle is fitted separately from drift
DRIFT_PERIOD = 540
import os
EWC_FACTOR = float(os.environ.get("EWC_FACTOR", "0.4"))  # slowest drift terms: cosines whose half-period is at least this long


@dataclass
class Fit:
    beta: object  # ndarray
    mu: object  # fitted rates per used night
    hinv: object  # inverse Hessian (with penalty)
    converged: bool


def ewc_df(span: int, factor: float = EWC_FACTOR) -> int:
    """Cosines (= degrees of freedom) for a grid of ``span`` nights: 0.4 T^(2/3), at least 4."""
    return max(4, min(int(round(factor * span ** (2 / 3))), span // 4 if span >= 16 else 4))


def cosine_basis(span: int, count: int, start: int = 1):
    """Columns cos(pi j (t + 1/2) / T) for j = start..start+count-1 on t = 0..T-1."""
    import numpy as np

    t = np.arange(span)[:, None] + 0.5
    j = np.arange(start, start + count)[None, :]
    return np.cos(np.pi * j * t / span)


def nuisance_design(days, first_ordinal: int):
    """Intercept, slow drift and (when a diary spans enough of a year) annual harmonics.

    ``days`` are night offsets from the first night; ``first_ordinal`` its date ordinal.
    Drift: cosines over the diary's span, one per ~``DRIFT_PERIOD`` nights (at least one),
    so a trend is absorbed without soaking up the season. Season: one annual sine/cosine
    pair once the diary spans ``SEASON_MIN_SPAN`` nights; shorter diaries get two drift
    terms instead, which also take up most of a seasonal rise over a few months.
    """
    import numpy as np

    days = np.asarray(days)
    span = int(days.max()) + 1 if len(days) else 1
    columns = [np.ones(len(days))]
    if span >= SEASON_MIN_SPAN:
        drift = max(1, int(2 * span // DRIFT_PERIOD))
        drift = min(drift, 8)
    elif span >= 60:
        drift = 2
    else:
        drift = 1 if span >= 21 else 0
    for j in range(1, drift + 1):
        columns.append(np.cos(np.pi * j * (days + 0.5) / span))
    if span >= SEASON_MIN_SPAN:
        angle = 2 * np.pi * (first_ordinal + days) / 365.25
        columns += [np.cos(angle), np.sin(angle)]
    return np.column_stack(columns)


def fit_poisson(y, X, ridge=None, max_iter: int = 60, tol: float = 1e-9) -> Fit:
    """Poisson log-linear fit by damped Newton steps; ``ridge`` = per-column penalty weights.

    The small ridge on the factor column is a weak normal prior (SD 3 on the log scale per
    step): it keeps the estimate finite when one group had no cramps at all.
    """
    import numpy as np

    y = np.asarray(y, dtype=float)
    n, p = X.shape
    penalty = np.zeros(p) if ridge is None else np.asarray(ridge, dtype=float)
    beta = np.zeros(p)
    beta[0] = math.log(max(y.mean(), 0.5 / max(n, 1)))

    def objective(b):
        eta = np.clip(X @ b, -30, 30)
        return float(np.sum(y * eta - np.exp(eta)) - 0.5 * np.sum(penalty * b * b))

    current = objective(beta)
    converged = False
    hessian = np.eye(p)
    for _ in range(max_iter):
        mu = np.exp(np.clip(X @ beta, -30, 30))
        gradient = X.T @ (y - mu) - penalty * beta
        hessian = (X * mu[:, None]).T @ X + np.diag(penalty) + 1e-10 * np.eye(p)
        step = np.linalg.solve(hessian, gradient)
        scale = 1.0
        while scale > 1e-6:
            candidate = beta + scale * step
            value = objective(candidate)
            if value >= current - 1e-12:
                break
            scale /= 2
        beta, previous = candidate, current
        current = value
        if abs(current - previous) < tol * (1 + abs(current)) and np.max(np.abs(step)) < 1e-6:
            converged = True
            break
        if abs(current - previous) < 1e-12:
            converged = True
            break
    mu = np.exp(np.clip(X @ beta, -30, 30))
    hessian = (X * mu[:, None]).T @ X + np.diag(penalty) + 1e-10 * np.eye(p)
    return Fit(beta, mu, np.linalg.inv(hessian), converged)


def ewc_long_run_sum_variance(series_on_grid, basis) -> float:
    """Variance of the sum of a mean-zero series, from its projections on ``basis`` cosines."""
    import numpy as np

    span = series_on_grid.shape[0]
    projections = math.sqrt(2.0 / span) * (series_on_grid @ basis)
    return float(span * np.mean(projections**2))


@dataclass
class Coefficient:
    estimate: float
    se: float
    df: float
    p_value: float


def robust_coefficient(fit: Fit, y, X, days, column: int, basis) -> Coefficient:
    """Estimate, EWC standard error, t-reference p-value of one coefficient."""
    import numpy as np
    from scipy import stats

    weight = X @ fit.hinv[:, column]
    influence = weight * (np.asarray(y, dtype=float) - fit.mu)
    grid = np.zeros(basis.shape[0])
    grid[days] = influence
    variance = ewc_long_run_sum_variance(grid, basis)
    se = math.sqrt(max(variance, 1e-300))
    df = satterthwaite_df(basis[days], weight * weight * fit.mu)
    estimate = float(fit.beta[column])
    p_value = float(2 * stats.t.sf(abs(estimate) / se, df)) if se > 0 else 1.0
    return Coefficient(estimate, se, df, p_value)


def satterthwaite_df(rows_basis, night_variance) -> float:
    """Effective degrees of freedom of the EWC variance when nights differ in weight.

    With ``nu`` cosines the EWC variance has ``nu`` degrees of freedom only if every night
    carries the same weight. A factor that persists for weeks gives long stretches of
    heavy and light influence, and the cosine projections then share information:
    df = tr(B'SB)^2 / ||B'SB||_F^2 with S the nights' model variances (Satterthwaite).
    """
    import numpy as np

    gram = (rows_basis * night_variance[:, None]).T @ rows_basis
    total = float(np.trace(gram))
    spread = float(np.sum(gram * gram))
    if spread <= 0:
        return float(rows_basis.shape[1])
    return max(1.0, min(float(rows_basis.shape[1]), total * total / spread))


def t_interval(estimate: float, se: float, df: float, level: float = 0.95) -> tuple[float, float]:
    from scipy import stats

    half = float(stats.t.ppf(0.5 + level / 2, df)) * se
    return estimate - half, estimate + half
