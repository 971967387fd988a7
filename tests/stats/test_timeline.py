"""Medicine timeline: before/after a start date, honest, and never advice to stop."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from nightcramp.stats.simulate import DiarySpec, simulate_diary
from nightcramp.stats.timeline import medicine_timeline

START = date(2023, 1, 1)


def _diary(nights, started, ratio, seed, quiet=False):
    def multiplier(night):
        return ratio if night >= started else 1.0

    spec = DiarySpec(nights=nights, start=START)
    if quiet:  # little night-to-night noise: a real change should then be found
        spec = DiarySpec(
            nights=nights, start=START, base_rate=1.5, dispersion=0.1, latent_sd=0.1,
            drift_sd=0.05,
        )  # fmt: skip
    return simulate_diary(spec, seed=seed, multiplier=multiplier)[0]


def test_a_clear_rise_after_a_new_medicine_is_found_and_sent_to_the_prescriber():
    started = START + timedelta(days=450)
    table = _diary(900, started, 2.5, seed=1, quiet=True)
    entry = medicine_timeline(table, [{"name": "hydrochlorothiazide", "started": started}])[0]
    assert entry["enough_data"] and entry["rate_ratio"] > 1.5 and entry["p_value"] < 0.05
    assert entry["nights_before"] > 35 and entry["nights_after"] > 35
    assert "prescriber" in entry["message"]
    assert "more frequent" in entry["message"]
    assert entry["season_adjusted"] is True


def test_a_short_diary_says_it_cannot_allow_for_season():
    started = START + timedelta(days=250)
    entry = medicine_timeline(
        _diary(500, started, 1.0, seed=3), [{"name": "x", "started": started}]
    )[0]
    assert entry["enough_data"] and entry["season_adjusted"] is False
    assert "too short to allow for season" in entry["message"]


def test_long_diaries_are_adjusted_for_season():
    started = START + timedelta(days=450)
    table = _diary(900, started, 2.0, seed=9, quiet=True)
    entry = medicine_timeline(table, [{"name": "salmeterol", "started": started}])[0]
    assert entry["season_adjusted"] is True
    assert entry["ci_low"] < 2.0 < entry["ci_high"]


def test_messages_never_tell_anyone_to_stop_a_medicine():
    started = START + timedelta(days=200)
    table = _diary(400, started, 2.5, seed=2)
    entries = medicine_timeline(
        table,
        [
            {"name": "a", "started": started},
            {"name": "b", "started": started.isoformat(), "stopped": START + timedelta(days=230)},
            {"name": "c", "started": START + timedelta(days=390)},
            {"name": "no date"},
        ],
        today=START + timedelta(days=400),  # the diary runs up to today
    )
    assert [e["name"] for e in entries] == ["a", "b", "c"]
    for entry in entries:
        text = entry["message"].lower()
        assert "do not stop or change a prescribed medicine on your own" in text
        assert "you should stop" not in text and "stop taking" not in text
    assert entries[1]["nights_after"] < entries[0]["nights_after"]  # stopped: window ends
    assert (
        entries[2]["enough_data"] is False and "more recorded nights after" in entries[2]["message"]
    )


def test_a_bad_start_date_is_named():
    with pytest.raises(ValueError, match=r"medicines\[0\]\.started"):
        medicine_timeline(_diary(50, START, 1.0, seed=3), [{"name": "x", "started": "soon"}])


@pytest.mark.slow
def test_no_change_rarely_looks_like_one():
    # 300 simulated two-and-a-half-year diaries with drift, season and autocorrelation but no
    # medicine effect; SD at a true 5 % is 1.3 points, so < 8 % is > 2 SD of slack
    rejections, covered = [], []
    for i in range(300):
        started = START + timedelta(days=420 + i % 60)
        entry = medicine_timeline(
            _diary(900, started, 1.0, seed=500 + i), [{"name": "x", "started": started}]
        )[0]
        if entry["enough_data"]:
            rejections.append(entry["p_value"] < 0.05)
            covered.append(entry["ci_low"] <= 1.0 <= entry["ci_high"])
    assert len(rejections) > 250
    assert np.mean(rejections) < 0.08
    assert np.mean(covered) > 0.92


def test_a_medicine_started_before_the_diary_cannot_be_compared_and_no_nights_are_asked_for():
    # issue 11: it asked for "21 more nights before the start", which can never happen
    table = _diary(120, START, 1.0, seed=5)
    (entry,) = medicine_timeline(
        table, [{"name": "amlodipine", "started": START - timedelta(days=30)}]
    )
    assert entry["comparison_possible"] is False and entry["enough_data"] is False
    assert entry["nights_needed_before"] == 0
    message = entry["message"]
    assert message.startswith("No before/after comparison is possible for amlodipine")
    assert "before the diary began" in message
    assert "more nights" not in message
