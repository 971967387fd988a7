"""Shared simulation settings for the statistics tests (fixed seeds, known truth)."""

from __future__ import annotations

from nightcramp.stats.simulate import FactorSpec

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
    FactorSpec("alcohol_units", kind="number", run_nights=3, mean=1.5, sd=1.5, rate_ratio=1.3,
               lag=1),
]
