"""A person's noise estimated from their diary: checked by simulation against a known truth.

Diaries are drawn with the power calculator's own night model (``night_model.nightly_rates``)
at known (dispersion, autocorrelation, latent_sd), 3 cramps a week, 5 % of nights missing.
What matters is the last test: the power computed with the estimated noise agrees with
the power under the true noise.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from nightcramp.diary.table import DiaryTable, NightRow
from nightcramp.stats.night_model import nightly_rates
from nightcramp.stats.noise import estimate_noise
from nightcramp.stats.trials import (
    DEFAULT_AUTOCORRELATION,
    DEFAULT_DISPERSION,
    DEFAULT_LATENT_SD,
    trial_power,
)

RATE = 3 / 7
START = date(2025, 1, 1)
LOW = (0.1, 0.5, 0.15)
DEFAULT = (DEFAULT_DISPERSION, DEFAULT_AUTOCORRELATION, DEFAULT_LATENT_SD)
HIGH = (1.0, 0.9, 0.7)
DIARIES = 20


def simulated_diaries(truth, count=DIARIES, nights=365, seed=1, rate=RATE, missing=0.05):
    """``count`` diaries of ``nights`` nights drawn at the true noise ``truth``."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(nightly_rates(rng, count, nights, rate, *truth))
    unrecorded = rng.random(counts.shape) < missing
    return [
        DiaryTable(
            [
                NightRow(START + timedelta(days=t), None if unrecorded[i, t] else int(c))
                for t, c in enumerate(counts[i])
            ]
        )
        for i in range(count)
    ]


def diary_of(counts: list[int | None]) -> DiaryTable:
    return DiaryTable([NightRow(START + timedelta(days=t), c) for t, c in enumerate(counts)])


def test_few_nights_give_the_assumed_defaults_not_a_fit():
    table = diary_of([1, 0, 0, 2, None] * 11)  # 44 recorded nights
    noise = estimate_noise(table)
    assert noise["fitted"] is False and noise["nights_used"] == 44
    assert (noise["dispersion"], noise["autocorrelation"], noise["latent_sd"]) == DEFAULT
    assert noise["rate_per_night"] == pytest.approx(3 / 4)
    assert "44" in noise["message"] and "60" in noise["message"]
    assert noise["message"].startswith("Noise assumed")


def test_no_cramps_give_the_defaults_with_a_reason():
    noise = estimate_noise(diary_of([0] * 120))
    assert noise["fitted"] is False and noise["rate_per_night"] == 0
    assert (noise["dispersion"], noise["autocorrelation"], noise["latent_sd"]) == DEFAULT
    assert "no cramps" in noise["message"]


def test_an_empty_diary_gives_the_defaults():
    noise = estimate_noise(DiaryTable())
    assert noise["fitted"] is False and noise["nights_used"] == 0
    assert noise["rate_per_night"] is None


def test_only_the_most_recent_recorded_nights_count_and_missing_ones_are_skipped():
    # 100 old nights with many cramps, then 200 nights of which every other one is missing
    counts = [5] * 100 + [1, None] * 100
    noise = estimate_noise(diary_of(counts), nights=100)
    assert noise["fitted"] is True and noise["nights_used"] == 100
    assert noise["rate_per_night"] == pytest.approx(1.0)  # the old nights are out
    assert noise["message"] == "Noise estimated from your last 100 recorded nights."


def test_estimates_stay_in_their_ranges_for_extreme_diaries():
    wild = [0] * 150 + [40] * 10 + [0] * 50  # one burst: huge extra variance
    noise = estimate_noise(diary_of(wild))
    assert noise["fitted"] is True
    assert 0 <= noise["dispersion"] <= 3
    assert 0 <= noise["autocorrelation"] <= 0.98
    assert 0 <= noise["latent_sd"] <= 1.2


def _mean_estimates(truth, nights: int = 365) -> np.ndarray:
    estimates = [estimate_noise(t, nights=nights) for t in simulated_diaries(truth)]
    assert all(e["fitted"] for e in estimates)
    return np.array([[e["dispersion"], e["autocorrelation"], e["latent_sd"]] for e in estimates])


@pytest.mark.parametrize("truth", [LOW, DEFAULT, HIGH], ids=["low", "default", "high"])
def test_estimated_noise_lands_near_the_truth_on_average(truth):
    dispersion, autocorrelation, latent_sd = _mean_estimates(truth).mean(axis=0)
    assert dispersion == pytest.approx(truth[0], abs=0.15)
    assert latent_sd == pytest.approx(truth[2], abs=0.12)
    if truth is not LOW:  # with almost no persistent noise its persistence is unknowable
        assert autocorrelation == pytest.approx(truth[1], abs=0.25)


def test_noisier_diaries_are_estimated_noisier():
    def total_extra_variance(truth):  # (1 + d) exp(s^2) - 1: variance beyond Poisson / mean^2
        est = _mean_estimates(truth)
        return float(np.mean((1 + est[:, 0]) * np.exp(est[:, 2] ** 2) - 1))

    low, default, high = (total_extra_variance(t) for t in (LOW, DEFAULT, HIGH))
    assert low < default < high


@pytest.mark.parametrize("rate", [RATE, 1.0], ids=["3-a-week", "1-a-night"])
@pytest.mark.parametrize("nights", [180, 365])
@pytest.mark.parametrize("truth", [LOW, DEFAULT, HIGH], ids=["low", "default", "high"])
@pytest.mark.parametrize("period_nights, pairs", [(3, 14), (7, 8)])
def test_power_with_estimated_noise_agrees_with_power_under_the_true_noise(
    truth, nights, period_nights, pairs, rate
):
    """The property that matters: within 8 percentage points on average over 20 diaries,
    and (where the truth is not the defaults) closer than the assumed defaults at 1 a night.
    """

    def power(dispersion, autocorrelation, latent_sd):
        return trial_power(
            rate, 0.5, period_nights, pairs, dispersion, autocorrelation,
            latent_sd=latent_sd, n_sim=600, seed=3,
        )  # fmt: skip

    true_power = power(*truth)
    errors = [
        power(e["dispersion"], e["autocorrelation"], e["latent_sd"]) - true_power
        for e in (estimate_noise(t, nights=nights) for t in simulated_diaries(truth, rate=rate))
    ]
    assert np.mean(np.abs(errors)) < 0.08
    assert abs(np.mean(errors)) < 0.07
    if truth is not DEFAULT and rate == 1.0:
        assert np.mean(np.abs(errors)) < abs(power(*DEFAULT) - true_power)


def test_a_window_longer_than_the_diary_uses_every_recorded_night():
    noise = estimate_noise(diary_of([0, 1, 2, None] * 30), nights=180)
    assert noise["nights_used"] == 90 and noise["rate_per_night"] == pytest.approx(1.0)
