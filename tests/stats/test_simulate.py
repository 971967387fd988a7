"""The synthetic-diary generator produces the features the statistics must survive."""

from __future__ import annotations

import math

import numpy as np

from nightcramp.stats.simulate import DiarySpec, FactorSpec, simulate_diary


def _counts(table):
    return np.array([r.cramps for r in table.rows if r.cramps is not None], dtype=float)


def test_counts_are_over_dispersed_and_autocorrelated():
    spec = DiarySpec(nights=3000, base_rate=5, season_amplitude=0, drift_sd=0)
    table, _ = simulate_diary(spec, seed=1)
    y = _counts(table)
    assert y.var() > 1.5 * y.mean()  # gamma-Poisson + latent: far above Poisson
    full = np.array([r.cramps if r.cramps is not None else np.nan for r in table.rows])
    ok = ~np.isnan(full[1:]) & ~np.isnan(full[:-1])
    lag1 = np.corrcoef(full[1:][ok], full[:-1][ok])[0, 1]
    assert lag1 > 0.1  # the AR(1) latent rate shows through (independent nights: 0 ± 0.02)


def test_summer_is_about_twice_winter():
    spec = DiarySpec(nights=365 * 6, dispersion=0, latent_sd=0.01, drift_sd=0)
    table, _ = simulate_diary(spec, seed=2)
    summer = [r.cramps for r in table.rows if r.cramps is not None and r.night.month in (6, 7, 8)]
    winter = [r.cramps for r in table.rows if r.cramps is not None and r.night.month in (12, 1, 2)]
    ratio = np.mean(summer) / np.mean(winter)
    assert 1.6 < ratio < 2.3


def test_factors_persist_and_nights_go_missing():
    spec = DiarySpec(
        nights=2000,
        missing_rate=0.1,
        missing_blocks=3,
        factors=[FactorSpec("habit", run_nights=14, missing=0.2)],
    )
    table, truth = simulate_diary(spec, seed=3)
    assert len(table.rows) <= 2000 - 25  # blocks of absent nights
    missing = sum(r.cramps is None for r in table.rows) / len(table.rows)
    assert 0.07 < missing < 0.13
    values = [r.factors["habit"] for r in table.rows]
    unknown = sum(v is None for v in values) / len(values)
    assert 0.15 < unknown < 0.25
    known = [(a, b) for a, b in zip(values, values[1:], strict=False) if None not in (a, b)]
    same = sum(a == b for a, b in known) / len(known)
    assert same > 0.9  # runs of weeks, not independent coin flips (which give ~0.5)
    assert truth["factors"]["habit"]["rate_ratio"] == 1.0


def test_a_true_effect_shows_in_the_raw_rates():
    spec = DiarySpec(nights=4000, latent_sd=0.05, factors=[FactorSpec("x", rate_ratio=0.5)])
    table, _ = simulate_diary(spec, seed=4)
    on = [r.cramps for r in table.rows if r.cramps is not None and r.factors["x"]]
    off = [r.cramps for r in table.rows if r.cramps is not None and not r.factors["x"]]
    assert math.isclose(np.mean(on) / np.mean(off), 0.5, rel_tol=0.15)


def test_same_seed_same_diary():
    spec = DiarySpec(nights=100, factors=[FactorSpec("x")])
    first, _ = simulate_diary(spec, seed=5)
    second, _ = simulate_diary(spec, seed=5)
    assert first.rows == second.rows
