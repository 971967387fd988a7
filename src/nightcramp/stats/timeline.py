"""Medicine timeline: did cramps start or rise after a new medicine?

For each medicine with a start date, nights up to ``WINDOW`` before the start are compared
with nights from the start up to ``WINDOW`` after it (and before it was stopped). The
model is the trigger analysis's quasi-Poisson log-linear one with an after-start step,
adjusted for season (annual harmonics) when the window spans 540 nights or more; in a
shorter window a season and a step cannot be told apart, so the result is not adjusted
and says so. There is no drift term, as a slow drift and a step cannot be told apart. The standard error is the EWC long-run
variance with a Satterthwaite-reduced t reference (``glm``), so autocorrelated,
over-dispersed nights do not make a chance rise look real. Nothing here tells anyone to
stop a medicine: the message sends the question to the prescriber.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from nightcramp.diary.table import DiaryTable

WINDOW = 365  # nights each side of the start date
SEASON_SPAN = 540  # nights spanned before the season is estimated (else it confounds the step)
EWC_FACTOR = 0.3  # fewer cosines than the default: a step is the slowest possible regressor
MIN_SIDE_NIGHTS = 42  # nights with a count on each side
PRESCRIBER = (
    "Do not stop or change a prescribed medicine on your own: talk to your prescriber or "
    "pharmacist, and show them this timeline."
)


def _as_date(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


def medicine_timeline(table: DiaryTable, medicines: list[dict]) -> list[dict]:
    """One entry per medicine with a start date: rates before/after, rate ratio, CI, p, message.

    ``medicines``: dicts with ``name``, ``started`` and optional ``stopped`` (dates or ISO
    strings). Medicines without a start date are skipped (nothing to compare).
    """
    rows = [r for r in table.sorted().rows if r.cramps is not None]
    results = []
    for index, medicine in enumerate(medicines):
        name = str(medicine.get("name") or f"medicine {index + 1}")
        started = _as_date(medicine.get("started"), f"medicines[{index}].started")
        stopped = _as_date(medicine.get("stopped"), f"medicines[{index}].stopped")
        if started is None:
            continue
        results.append(_compare(rows, name, started, stopped))
    return results


def _compare(rows, name: str, started: date, stopped: date | None) -> dict:
    first = started - timedelta(days=WINDOW)
    last = started + timedelta(days=WINDOW - 1)
    if stopped is not None:
        last = min(last, stopped - timedelta(days=1))
    before = [r for r in rows if first <= r.night < started]
    after = [r for r in rows if started <= r.night <= last]
    entry = {
        "name": name,
        "started": started.isoformat(),
        "stopped": stopped.isoformat() if stopped else None,
        "nights_before": len(before),
        "nights_after": len(after),
        "rate_before": _rate(before),
        "rate_after": _rate(after),
        "rate_ratio": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
        "enough_data": False,
    }
    if before and after:
        entry["crude_rate_ratio"] = (
            entry["rate_after"] / entry["rate_before"] if entry["rate_before"] else None
        )
    if min(len(before), len(after)) < MIN_SIDE_NIGHTS or not any(r.cramps for r in before + after):
        short = [
            f"{MIN_SIDE_NIGHTS - n} more nights {side} the start"
            for n, side in ((len(before), "before"), (len(after), "after"))
            if n < MIN_SIDE_NIGHTS
        ]
        need = " and ".join(short) if short else "some nights with cramps"
        entry["message"] = (
            f"Not enough data yet to compare cramps before and after starting {name}: it needs "
            f"{need}, so that the season and slow drift can be told apart from the medicine. "
            f"{PRESCRIBER}"
        )
        return entry
    entry.update(_fit(before + after, started))
    entry["enough_data"] = True
    entry["message"] = _message(entry)
    return entry


def _rate(rows) -> float | None:
    return sum(r.cramps for r in rows) / len(rows) if rows else None


def _fit(rows, started: date) -> dict:
    import numpy as np

    from nightcramp.stats.glm import (
        cosine_basis,
        ewc_df,
        fit_poisson,
        nuisance_design,
        robust_coefficient,
        t_interval,
    )

    ordinals = np.array([r.night.toordinal() for r in rows])
    y = np.array([r.cramps for r in rows], dtype=float)
    days = ordinals - ordinals[0]
    span = int(days[-1]) + 1
    after = (ordinals >= started.toordinal()).astype(float)
    if span >= SEASON_SPAN:
        nuisance = nuisance_design(days, int(ordinals[0]), drift=False)
    else:
        nuisance = np.ones((len(days), 1))
    X = np.column_stack([nuisance, after])
    ridge = np.zeros(X.shape[1])
    ridge[-1] = 1 / 9.0
    fit = fit_poisson(y, X, ridge=ridge)
    null_fit = fit_poisson(y, nuisance)
    basis = cosine_basis(span, ewc_df(span, factor=EWC_FACTOR))
    coef = robust_coefficient(fit, y, X, days, X.shape[1] - 1, basis, null_fit=null_fit)
    low, high = t_interval(coef.estimate, coef.se, coef.df)
    return {
        "rate_ratio": math.exp(coef.estimate),
        "ci_low": math.exp(low),
        "ci_high": math.exp(high),
        "p_value": coef.p_value,
        "season_adjusted": nuisance.shape[1] > 1,
    }


def _message(entry: dict) -> str:
    rr, low, high, p = entry["rate_ratio"], entry["ci_low"], entry["ci_high"], entry["p_value"]
    name = entry["name"]
    size = f"rate ratio {rr:.2f}, 95 % interval {low:.2f} to {high:.2f}, p = {p:.2g}"
    season = (
        ""
        if entry["season_adjusted"]
        else " The diary is too short to allow for season: cramps are roughly twice as common "
        "in summer as in winter, so a change between seasons may be the season itself."
    )
    if p < 0.05 and rr > 1:
        text = (
            f"Cramps were more frequent after you started {name} ({size}). That could be a "
            "side effect (some medicines, such as diuretics and long-acting inhaled "
            "bronchodilators, are linked with cramps), the reason the medicine was started, "
            "the season, or chance."
        )
    elif p < 0.05:
        text = f"Cramps were less frequent after you started {name} ({size})."
    else:
        text = (
            f"No clear change in cramps after you started {name} ({size}); a small change "
            "cannot be ruled out."
        )
    return f"{text}{season} {PRESCRIBER}"
