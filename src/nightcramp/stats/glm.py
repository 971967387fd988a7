"""A log-linear count model and two time-series-honest ways to judge a coefficient (NumPy).

The point estimate is the Poisson (quasi-Poisson) maximum-likelihood fit, found by damped
Newton steps (IRLS). Its uncertainty comes either from

* circular shifts (``shift_null_scores``): the factor's series is shifted against the
  cramp residuals by every possible offset; each shift keeps both series' own
  autocorrelation, over-dispersion and persistence, so the spread of the shifted scores
  is what chance gives for *this* diary; with a t reference whose degrees of freedom
  come from the two spectra (``shift_variance_df``), used by the trigger analysis, or
* an equal-weighted cosine (EWC) long-run variance of the coefficient's influence series
  on the calendar grid (missing nights contribute zero) with a t reference (Lazarus,
  Lewis, Stock & Watson 2018, "HAR inference: recommendations for practice", J Bus Econ
  Stat 36:541-559), its degrees of freedom cut by a Satterthwaite factor when nights
  differ in weight (used for the medicine timeline, where shifting a single change makes
  no sense).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SEASON_MIN_SPAN = 240  # nights spanned before an annual cycle is fitted separately from drift
DRIFT_PERIOD = 540  # slowest drift terms: cosines whose half-period is at least this long
EWC_FACTOR = 0.4  # cosines = 0.4 T^(2/3), the rule of Lazarus et al. (2018)


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


def nuisance_design(days, first_ordinal: int, drift: bool = True):
    """Intercept, slow drift and (when a diary spans enough of a year) annual harmonics.

    ``days`` are night offsets from the first night; ``first_ordinal`` its date ordinal.
    Drift: cosines over the diary's span, one per ~``DRIFT_PERIOD`` nights (at least one),
    so a trend is absorbed without soaking up the season. Season: one annual sine/cosine
    pair once the diary spans ``SEASON_MIN_SPAN`` nights; shorter diaries get two drift
    terms instead, which also take up most of a seasonal rise over a few months.
    ``drift=False`` leaves drift out (a before/after step would be absorbed by it).
    """
    import numpy as np

    days = np.asarray(days)
    span = int(days.max()) + 1 if len(days) else 1
    columns = [np.ones(len(days))]
    if span >= SEASON_MIN_SPAN:
        drift_terms = min(max(1, int(2 * span // DRIFT_PERIOD)), 8)
    elif span >= 60:
        drift_terms = 2
    else:
        drift_terms = 1 if span >= 21 else 0
    for j in range(1, drift_terms + 1 if drift else 1):
        columns.append(np.cos(np.pi * j * (days + 0.5) / span))
    if span >= SEASON_MIN_SPAN:
        angle = 2 * np.pi * (first_ordinal + days) / 365.25
        columns += [np.cos(angle), np.sin(angle)]
    return np.column_stack(columns)


def fit_poisson(y, X, ridge=None, max_iter: int = 60, tol: float = 1e-9, offset=None) -> Fit:
    """Poisson log-linear fit by damped Newton steps; ``ridge`` = per-column penalty weights.

    The small ridge on the factor column is a weak normal prior (SD 3 on the log scale per
    step): it keeps the estimate finite when one group had no cramps at all.
    """
    import numpy as np

    y = np.asarray(y, dtype=float)
    n, p = X.shape
    penalty = np.zeros(p) if ridge is None else np.asarray(ridge, dtype=float)
    off = np.zeros(n) if offset is None else np.asarray(offset, dtype=float)
    beta = np.zeros(p)
    beta[0] = math.log(max(y.mean(), 0.5 / max(n, 1))) - float(off.mean())

    def objective(b):
        eta = np.clip(X @ b + off, -30, 30)
        return float(np.sum(y * eta - np.exp(eta)) - 0.5 * np.sum(penalty * b * b))

    current = objective(beta)
    converged = False
    hessian = np.eye(p)
    for _ in range(max_iter):
        mu = np.exp(np.clip(X @ beta + off, -30, 30))
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
    mu = np.exp(np.clip(X @ beta + off, -30, 30))
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


def robust_coefficient(
    fit: Fit, y, X, days, column: int, basis, null_fit: Fit | None = None
) -> Coefficient:
    """Estimate, EWC standard error, t-reference p-value of one coefficient.

    With ``null_fit`` (the model without this column) the influence series uses the
    null model's residuals: under "no effect" they are not shrunk in the direction of the
    regressor, which matters when the regressor is itself slow (a before/after step).
    """
    import numpy as np
    from scipy import special

    weight = X @ fit.hinv[:, column]
    residual = np.asarray(y, dtype=float) - (fit.mu if null_fit is None else null_fit.mu)
    influence = weight * residual
    grid = np.zeros(basis.shape[0])
    grid[days] = influence
    variance = ewc_long_run_sum_variance(grid, basis)
    se = math.sqrt(max(variance, 1e-300))
    df = satterthwaite_df(basis[days], weight * weight * fit.mu)
    estimate = float(fit.beta[column])
    p_value = float(2 * special.stdtr(df, -abs(estimate) / se)) if se > 0 else 1.0
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
    from scipy import special

    half = float(special.stdtrit(df, 0.5 + level / 2)) * se
    return estimate - half, estimate + half


def shift_null_scores(residual_grid, x_grid, min_shift: int):
    """Score statistics sum_t r_t x_(t-s) for every circular shift s, via the FFT.

    ``residual_grid``: the no-factor model's residuals on the calendar grid (0 where the
    count is unknown); ``x_grid``: the factor, centred, 0 where unknown. Returns the observed
    score (s = 0) and the scores of shifts ``min_shift <= s <= T - min_shift``. Shifting keeps
    each series' own autocorrelation and persistence and breaks only their alignment, so the
    shifted scores show how large a score chance alone gives for *this* diary.
    """
    import numpy as np

    span = len(residual_grid)

    def correlate(a, b):
        return np.fft.irfft(np.fft.rfft(a) * np.conj(np.fft.rfft(b)), n=span)

    scores = correlate(residual_grid, x_grid)
    scale = np.sqrt(np.maximum(correlate(residual_grid**2, x_grid**2), 0.0))
    ratio = np.divide(scores, scale, out=np.zeros(span), where=scale > 1e-12 * scale.max())
    shifted = slice(min_shift, span - min_shift + 1)
    return float(ratio[0]), ratio[shifted], float(scores[0]), scores[shifted]


def shift_variance_df(residual_grid, x_grid, smooth: int = 4) -> float:
    """Degrees of freedom of the circular-shift variance of a score (Satterthwaite).

    The mean square of the shifted scores equals (Parseval) a sum over frequencies of
    ``|R_k|^2 |X_k|^2``: each frequency's residual power ``|R_k|^2`` is an independent
    chi-square with 2 df around the residual spectrum ``S_k``. With weights
    ``w_k = |X_k|^2 S_k`` the sum has about ``(sum w_k)^2 / sum(w_k^2 / 2)`` degrees of
    freedom: many for a factor that changes from night to night, few for a habit whose
    power sits at the lowest frequencies. ``S_k`` is the residual periodogram smoothed
    over ``2 smooth + 1`` neighbouring frequencies.
    """
    import numpy as np

    residual_power = np.abs(np.fft.rfft(residual_grid)) ** 2
    factor_power = np.abs(np.fft.rfft(x_grid)) ** 2
    width = 2 * smooth + 1
    padded = np.pad(residual_power, smooth, mode="reflect")
    spectrum = np.convolve(padded, np.ones(width) / width, mode="valid")
    weights = (factor_power * spectrum)[1:]
    total = float(weights.sum())
    spread = float(np.sum(weights**2))
    if total <= 0 or spread <= 0:
        return 1.0
    return max(1.0, 2.0 * total * total / spread)
