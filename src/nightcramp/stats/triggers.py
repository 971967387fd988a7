"""Trigger analysis: which factors go with more or fewer cramps in *this* person's diary.

Each factor is tested on its own, twice: the same day's value (``lag`` 0, named as the
factor) and the previous day's value (``lag`` 1, named "<factor> (previous day)"). Each
test is a quasi-Poisson log-linear model of the night's cramp count on the factor plus
slow drift and an annual cycle (see ``glm.nuisance_design``). Its standard error comes
from the score's spread over every circular shift of the factor against the residuals,
with a t reference whose degrees of freedom follow from the two series' spectra
(``glm.shift_variance_df``). Weighted Benjamini-Hochberg q-values (same day 1.6, previous
day 0.4) run across every test that had enough data; a factor is *flagged* when q < 0.1.
Missing nights and unknown factor values are left out, never filled in.
See docs/statistics.md for the method and its validation.
"""

from __future__ import annotations

import math
from datetime import timedelta

from nightcramp.diary.factors import BY_NAME
from nightcramp.diary.table import DiaryTable
from nightcramp.stats.wording import interval_text

MIN_NIGHTS = 42  # nights with a known count and a known factor value
MIN_GROUP_NIGHTS = 10  # nights on each side (with / without; above / below the usual value)
MIN_CRAMPS = 5  # cramps in all the nights used
FLAG_Q = 0.1
DETECT_RATE_RATIO = 1.5
POWER = 0.8
RIDGE_SD = 3.0  # weak prior SD for the factor's log rate ratio (keeps zero-cramp groups finite)
PREVIOUS_DAY = " (previous day)"
# Same day is the main question, the previous day a follow-up: weighted Benjamini-Hochberg
# gives each same-day test four times the previous-day test's share of the error budget.
LAG_WEIGHTS = {0: 1.6, 1: 0.4}


def nice_step(values: list[float]) -> float:
    """A round step (1, 2 or 5 x 10^k) near the interquartile range, else the SD, else 1."""
    import numpy as np

    data = np.asarray(values, dtype=float)
    if data.size < 2:
        return 1.0
    spread = float(np.subtract(*np.percentile(data, [75, 25])))
    if spread <= 0:
        spread = float(np.std(data))
    if spread <= 0:
        return 1.0
    exponent = math.floor(math.log10(spread))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 5)]
    best = min(candidates, key=lambda c: abs(math.log(c / spread)))
    return float(f"{best:.6g}")


def factor_step(name: str, kind: str, values: list[float]) -> float:
    """The step a rate ratio is reported per: 1 for yes/no, a built-in's step, else nice_step."""
    if kind == "boolean":
        return 1.0
    if name in BY_NAME:
        return float(BY_NAME[name].per)
    return nice_step(values)


class _Series:
    """The diary's nights with a known count, as arrays (built once per analysis)."""

    def __init__(self, table: DiaryTable):
        import numpy as np

        self.full = table
        self.rows = [r for r in table.rows if r.cramps is not None]
        self.table = DiaryTable(self.rows, table.factor_kinds)
        self.y = np.array([r.cramps for r in self.rows], dtype=float)
        self.ordinals = np.array([r.night.toordinal() for r in self.rows], dtype=int)
        self._bases: dict[int, object] = {}
        self.span = int(self.ordinals[-1] - self.ordinals[0]) + 1 if len(self.rows) else 0
        self.residual_grid = self._null_residuals() if len(self.rows) >= 8 else None

    def _null_residuals(self):
        """Residuals of the no-factor model (drift + season) on the calendar grid."""
        import numpy as np

        from nightcramp.stats.glm import fit_poisson, nuisance_design

        days = self.ordinals - self.ordinals[0]
        fit = fit_poisson(self.y, nuisance_design(days, int(self.ordinals[0])))
        grid = np.zeros(self.span)
        grid[days] = self.y - fit.mu
        return grid

    def shift_spread(self, known, x_scaled) -> tuple[float, float, int]:
        """SD of the factor's score over every circular shift, its df, and the shift count.

        The score's spread over shifts is what chance gives for *this* diary (see
        ``glm.shift_null_scores``); its degrees of freedom come from how the factor's and
        the residuals' power spread over frequencies (``glm.shift_variance_df``).
        """
        import numpy as np

        from nightcramp.stats.glm import shift_null_scores, shift_variance_df

        grid = np.zeros(self.span)
        days = (self.ordinals - self.ordinals[0])[known]
        grid[days] = x_scaled - x_scaled.mean()
        _, null, _, raw_null = shift_null_scores(self.residual_grid, grid, 1)
        df = shift_variance_df(self.residual_grid, grid)
        return float(np.sqrt(np.mean(raw_null**2))), df, len(null)

    def basis(self, span: int):
        from nightcramp.stats.glm import cosine_basis, ewc_df

        if span not in self._bases:
            self._bases[span] = cosine_basis(span, ewc_df(span))
        return self._bases[span]


def _aligned_values(series: _Series, name: str, lag: int) -> list:
    """Each used night's value of the factor that night (lag 0) or the day before (lag 1).

    The day before is looked up in the whole diary: its value counts even when that
    night's cramp count is missing. A day absent from the diary stays unknown.
    """
    if lag == 0:
        return [row.factors.get(name) for row in series.rows]
    by_night = {row.night: row.factors.get(name) for row in series.full.rows}
    return [by_night.get(row.night - timedelta(days=1)) for row in series.rows]


def _design_effect(y, ordinals, series: _Series) -> float:
    """Variance inflation of a count total from over-dispersion and autocorrelation (>= 1)."""
    import numpy as np

    from nightcramp.stats.glm import ewc_long_run_sum_variance, fit_poisson, nuisance_design

    if len(y) < 8 or y.sum() == 0:
        return 2.0
    days = ordinals - ordinals[0]
    X = nuisance_design(days, int(ordinals[0]))
    fit = fit_poisson(y, X)
    span = int(days[-1]) + 1
    grid = np.zeros(span)
    grid[days] = y - fit.mu
    variance = ewc_long_run_sum_variance(grid, series.basis(span))
    return max(1.0, variance / max(float(fit.mu.sum()), 1e-9))


def nights_needed(
    rate: float, design_effect: float, kind: str, share_true: float | None, spread: float | None
) -> int | None:
    """Nights for 80 % power to detect a 1.5-fold rate at p < 0.05 (normal approximation).

    yes/no factor: var(log RR) ~ D (1/(n p r) + 1/(n (1-p) r)); number: D / (n r var(x/per)),
    with r the cramp rate per night and D the design effect (over-dispersion x autocorrelation).
    """
    from scipy import special

    if rate <= 0:
        return None
    z = float(special.ndtri(0.975) + special.ndtri(POWER))
    effect = math.log(DETECT_RATE_RATIO) ** 2
    if kind == "boolean":
        p = 0.5 if share_true is None or share_true in (0.0, 1.0) else share_true
        p = min(max(p, 0.05), 0.95)
        n = z * z * design_effect * (1 / (p * rate) + 1 / ((1 - p) * rate)) / effect
        n = max(n, MIN_GROUP_NIGHTS / min(p, 1 - p))
    else:
        if not spread:
            return None
        n = z * z * design_effect / (rate * spread * spread * effect)
    return int(math.ceil(max(n, MIN_NIGHTS)))


def _test_one(series: _Series, name: str, kind: str, lag: int, per: float, design: float) -> dict:
    import numpy as np
    from scipy import special

    from nightcramp.stats.glm import fit_poisson, nuisance_design

    raw = _aligned_values(series, name, lag)
    known = np.array([v is not None for v in raw], dtype=bool)
    x = np.array([float(v) if v is not None else np.nan for v in raw], dtype=float)
    y, ordinals, x = series.y[known], series.ordinals[known], x[known]
    label = name + (PREVIOUS_DAY if lag else "")
    result: dict = {
        "factor": label,
        "base_factor": name,
        "lag": lag,
        "kind": kind,
        "per": per,
        "rate_ratio": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
        "q_value": None,
        "flagged": False,
        "nights_with_value": int(known.sum()),
    }
    if kind == "boolean":
        on = int(x.sum())
        result["nights_true"], result["nights_false"] = on, int(len(x) - on)
        smaller = min(on, len(x) - on)
    else:
        typical = float(np.median(x)) if len(x) else 0.0
        smaller = min(int((x > typical).sum()), int((x < typical).sum())) if len(x) else 0
        if smaller == 0 and len(x):
            smaller = int((x != typical).sum())
    rate = float(y.mean()) if len(y) else float(series.y.mean() if len(series.y) else 0.0)
    enough = len(y) >= MIN_NIGHTS and smaller >= MIN_GROUP_NIGHTS and y.sum() >= MIN_CRAMPS
    result["enough_data"] = bool(enough)
    if not enough:
        share = float(x.mean()) if kind == "boolean" and len(x) else None
        spread = float(np.std(x / per)) if kind != "boolean" and len(x) > 1 else None
        needed = nights_needed(rate, design, kind, share, spread or None)
        more = None if needed is None else max(needed - len(y), 1)
        result["nights_needed"] = more
        result["message"] = _not_enough_message(label, kind, more)
        return result

    days = ordinals - ordinals[0]
    nuisance = nuisance_design(days, int(ordinals[0]))
    centred = (x - x.mean()) / per
    X = np.column_stack([nuisance, centred])
    ridge = np.zeros(X.shape[1])
    ridge[-1] = 1 / RIDGE_SD**2
    fit = fit_poisson(y, X, ridge=ridge)
    column = X.shape[1] - 1
    estimate = float(fit.beta[column])
    null_sd, df, shifts = series.shift_spread(known, x / per)
    # beta ~ score / information, so the score's spread over shifts gives beta's SE
    se = null_sd * float(fit.hinv[column, column])
    if not (math.isfinite(estimate) and math.isfinite(se) and se > 0):
        result["enough_data"] = False
        result["message"] = f"'{label}' could not be estimated from this diary."
        return result
    half = float(special.stdtrit(df, 0.975)) * se
    result.update(
        rate_ratio=math.exp(estimate),
        ci_low=math.exp(estimate - half),
        ci_high=math.exp(estimate + half),
        p_value=float(2 * special.stdtr(df, -abs(estimate) / se)),
        log_rate_ratio=estimate,
        se=se,
        df=df,
        shifts=shifts,
    )
    return result


def _not_enough_message(label: str, kind: str, more: int | None) -> str:
    mix = "with and without it" if kind == "boolean" else "with different amounts"
    if more is None:
        return f"Not enough data yet for '{label}': it needs nights {mix}, and some cramps."
    return (
        f"Not enough data yet for '{label}': about {more} more nights ({mix}) would be needed "
        f"to detect a {DETECT_RATE_RATIO:g}-fold change in cramps."
    )


def benjamini_hochberg(p_values: list[float], weights: list[float] | None = None) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the input order.

    ``weights`` (rescaled to average 1) give the weighted procedure of Genovese, Roeder &
    Wasserman (2006): test i is judged on p_i / w_i, and the false discovery rate stays
    controlled for any weights fixed before the data are seen.
    """
    import numpy as np

    p = np.asarray(p_values, dtype=float)
    if weights is not None and len(p):
        w = np.asarray(weights, dtype=float)
        p = p / (w / w.mean())
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    return [float(v) for v in q]


def _finding_message(entry: dict) -> str:
    rr, low, high = entry["rate_ratio"], entry["ci_low"], entry["ci_high"]
    step = "on nights with it" if entry["kind"] == "boolean" else f"per {entry['per']:g} more"
    size = f"{rr:.2f} times the cramp rate {step} (95 % CI {interval_text(low, high)})"
    if entry["flagged"]:
        return (
            f"'{entry['factor']}': {size}. This stands out even allowing for all the factors "
            "tested; it is an association in your diary, not proof of cause."
        )
    return f"'{entry['factor']}': {size}. No clear link so far: not evidence either way."


def analyze(table: DiaryTable) -> dict:
    """Rate ratios, robust intervals, p- and q-values for every factor, same day and day before.

    Returns ``{"nights_used", "factors": [...], "message"}``: ``nights_used`` = nights with a
    known cramp count; each factor entry has the contract keys plus ``lag``, ``base_factor``,
    ``nights_with_value``, ``enough_data`` and, when data are short, ``nights_needed``.
    """
    import numpy as np

    series = _Series(table.sorted())
    entries: list[dict] = []
    design = _design_effect(series.y, series.ordinals, series) if len(series.y) else 2.0
    for name, kind in table.factor_kinds.items():
        known = [float(v) for v in series.table.column(name) if v is not None]
        per = factor_step(name, kind, known)
        for lag in (0, 1):
            entries.append(_test_one(series, name, kind, lag, per, design))
    tested = [e for e in entries if e["enough_data"]]
    weights = [LAG_WEIGHTS[e["lag"]] for e in tested]
    q_values = benjamini_hochberg([e["p_value"] for e in tested], weights)
    for entry, q in zip(tested, q_values, strict=True):
        entry["q_value"] = max(q, entry["p_value"])  # never below the test's own p
        entry["flagged"] = bool(entry["q_value"] < FLAG_Q)
        entry["message"] = _finding_message(entry)
    nights_used = int(len(series.y))
    if nights_used < MIN_NIGHTS:
        rate = float(np.mean(series.y)) if nights_used else 0.0
        more = nights_needed(rate, design, "boolean", None, None) if rate > 0 else None
        summary = (
            f"Not enough data yet: {nights_used} night{'' if nights_used == 1 else 's'} with "
            "a morning check-in; about "
            f"{(more or MIN_NIGHTS) - nights_used} more nights are needed before factors can "
            "be compared."
        )
    elif not tested:
        summary = "Not enough variety yet: each factor needs nights with and without it."
    else:
        flagged = [e["factor"] for e in tested if e["flagged"]]
        summary = (
            f"{len(flagged)} of {len(tested)} tests "
            f"{'stands' if len(flagged) == 1 else 'stand'} out (q < {FLAG_Q:g}): "
            + (", ".join(flagged) if flagged else "none")
            + ". Associations in your own diary, allowing for season and slow drift; "
            "not proof of cause."
        )
    return {
        "nights_used": nights_used,
        "tests": len(tested),
        "factors": entries,
        "message": summary,
    }
