"""The report's numbers as pure functions of plain data (no database, no PDF)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np

from nightcramp.diary.table import DiaryTable, NightRow
from nightcramp.reports import pdf
from nightcramp.reports import summary as s
from nightcramp.stats.timeline import MIN_SIDE_NIGHTS, WINDOW

START = date(2026, 1, 5)


def table_of(counts: list[int | None], **factors: list) -> DiaryTable:
    rows = []
    for i, count in enumerate(counts):
        values = {name: column[i] for name, column in factors.items() if column[i] is not None}
        rows.append(NightRow(START + timedelta(days=i), count, factors=values))
    kinds = {
        name: "boolean" if any(isinstance(v, bool) for v in column) else "number"
        for name, column in factors.items()
    }
    return DiaryTable(rows, kinds)


def test_missing_nights_are_not_zeros():
    table = table_of([0, 2, None, 1, 0])
    cov = s.coverage(table, START, START + timedelta(days=6))  # two nights have no row
    assert (cov.nights_in_period, cov.recorded, cov.missing) == (7, 4, 3)
    assert (cov.cramp_free, cov.with_cramps, cov.total_cramps) == (2, 2, 3)
    assert cov.per_recorded_night == 0.75


def test_weekly_counts_scale_by_recorded_nights():
    table = table_of([1, None, None, None, None, None, None] + [0] * 7 + [2, 1])
    weeks = s.weekly_counts(table, START, START + timedelta(days=15))
    assert [(w.cramps, w.nights_recorded) for w in weeks] == [(1, 1), (0, 7), (3, 2)]
    assert weeks[0].per_week == 7.0  # one recorded night with a cramp: shaky, not "1 a week"
    assert weeks[2].start == START + timedelta(days=14)


def _simulated_weeks(rng, weeks: int, ratio_per_4_weeks: float, shape: float | None) -> list:
    slope = math.log(ratio_per_4_weeks) / 4
    out = []
    for w in range(weeks):
        nights = int(rng.integers(3, 8))  # some nights missing every week
        rate = 0.6 * math.exp(slope * (w - weeks / 2))
        if shape is None:
            cramps = rng.poisson(rate, nights)
        else:  # gamma-Poisson: over-dispersed nights
            cramps = rng.poisson(rng.gamma(shape, rate / shape, nights))
        out.append(s.Week(START + timedelta(weeks=w), int(cramps.sum()), nights))
    return out


def test_trend_interval_covers_the_true_change_about_95_percent():
    rng = np.random.default_rng(20261125)
    truth = 0.8
    hits, estimates = 0, []
    for _ in range(400):
        trend = s.poisson_trend(_simulated_weeks(rng, 26, truth, None))
        hits += trend.ci_low <= truth <= trend.ci_high
        estimates.append(math.log(trend.ratio_per_4_weeks))
    assert 0.92 <= hits / 400 <= 0.985
    assert abs(math.exp(np.mean(estimates)) - truth) < 0.02


def test_trend_interval_holds_with_over_dispersed_nights():
    rng = np.random.default_rng(7)
    truth = 1.25
    hits = sum(
        (lambda t: t.ci_low <= truth <= t.ci_high)(
            s.poisson_trend(_simulated_weeks(rng, 26, truth, shape=1.0))
        )
        for _ in range(300)
    )
    assert 0.91 <= hits / 300 <= 0.99


def test_trend_needs_enough_weeks_and_some_cramps():
    weeks = [s.Week(START + timedelta(weeks=i), 0, 7) for i in range(10)]
    assert s.poisson_trend(weeks) is None
    assert s.poisson_trend(weeks[:3]) is None
    assert "Too few" in s.trend_sentence(None)


def test_trend_sentence_shows_n_and_says_when_no_change_is_possible():
    trend = s.Trend(1.1, 0.9, 1.3, 26, 170, 1.2, [])
    words = s.trend_sentence(trend)
    assert "26 weeks, 170 recorded nights" in words
    assert "includes no change" in words and "rising by about 10%" in words


def test_time_of_night_and_body_map():
    zone = timezone(timedelta(hours=1))
    episodes = [
        s.EpisodeRow(START, datetime(2026, 1, 6, 3, 10, tzinfo=zone), "left", "calf"),
        s.EpisodeRow(START, datetime(2026, 1, 6, 3, 50, tzinfo=zone), "right", "calf"),
        s.EpisodeRow(START, datetime(2026, 1, 5, 23, 5, tzinfo=zone), "both", "foot"),
        s.EpisodeRow(START, datetime(2026, 1, 6, 5, 0, tzinfo=zone), "", ""),
    ]
    hours = dict(s.hour_histogram(episodes))
    assert (hours[3], hours[23], hours[5], hours[4]) == (2, 1, 1, 0)
    body = s.body_map(episodes)
    assert body["legs"] == {"left": 1, "right": 1, "both": 1, "not recorded": 1}
    assert body["rows"][0] == {"muscle": "Calf", "cells": [1, 1, 0], "total": 2}
    assert body["unrecorded_muscle"] == 1
    assert "between midnight and 06:00" in pdf.hours_caption(s.hour_histogram(episodes))


def test_red_flags_most_urgent_first_with_their_dates():
    saved = [
        (date(2026, 2, 1), {"red_flags": [{"condition": "neuropathy", "level": "soon"}]}),
        (date(2026, 3, 1), {"red_flags": [{"condition": "dvt", "level": "urgent"}]}),
        (date(2026, 4, 1), {"red_flags": []}),
    ]
    flags = s.red_flags_from_assessments(saved)
    assert [(f.when, f.condition, f.level) for f in flags] == [
        (date(2026, 3, 1), "dvt", "urgent"),
        (date(2026, 2, 1), "neuropathy", "soon"),
    ]
    rows = pdf.red_flag_rows(flags)
    assert rows[0]["condition_words"] == "Possible deep vein thrombosis"
    assert rows[0]["level_words"] == "Urgent (same day)"


def test_medicine_rows_use_the_stats_timeline_in_order():
    counts = [0] * 150 + [1] * 150
    table = table_of(counts)
    started = START + timedelta(days=150)
    meds = [
        s.MedicineRow("Paracetamol", as_needed=True),
        s.MedicineRow("Lipitor", started=started, generic="Atorvastatin"),
        s.MedicineRow("Lisinopril", started=START - timedelta(days=900)),
    ]
    timeline = s.medicine_timeline(table, meds)
    assert timeline[0] is None and timeline[1]["name"] == "Lipitor"
    rows = pdf.medicine_rows(meds, timeline, START)
    assert rows[0]["rates"] == "no start date: nothing to compare"
    window = timeline[1]["nights_before"]
    assert window == timeline[1]["nights_after"] == WINDOW
    assert rows[1]["rates"] == f"0.00 (n = {window}) → 1.00 (n = {window})"
    assert rows[1]["ratio"].split(" (")[0] == f"{timeline[1]['rate_ratio']:.2f}"
    assert rows[2]["rates"] == "no recorded nights before the start"


def test_medicine_rows_never_ask_for_nights_before_a_start_that_has_passed():
    # issue 11: "needs 17 more nights before" can never happen once the start has passed
    table = table_of([0, 1] * 5)
    med = s.MedicineRow("Lipitor", started=START + timedelta(days=4))
    (entry,) = s.medicine_timeline(table, [med])
    (row,) = pdf.medicine_rows([med], [entry], START)
    assert row["rates"] == "0.50 (n = 4) → 0.50 (n = 6)"
    assert row["ratio"] == (
        f"no before/after comparison is possible: only 4 nights recorded in the {WINDOW} "
        f"before the start ({MIN_SIDE_NIGHTS} needed), and past nights cannot be added now"
    )
    assert "more nights before" not in entry["message"]


def test_medicine_rows_ask_only_for_nights_after_a_recent_start():
    table = table_of([0, 1] * 15)
    started = START + timedelta(days=24)
    med = s.MedicineRow("Lipitor", started=started)
    today = START + timedelta(days=30)
    (entry,) = s.medicine_timeline(table, [med], today=today)
    (row,) = pdf.medicine_rows([med], [entry], START)
    assert row["ratio"] == (
        f"not enough data (needs {MIN_SIDE_NIGHTS - 6} more recorded nights after the start)"
    )


def test_medicine_rows_ask_for_a_longer_diary_when_both_sides_are_full():
    table = table_of([0, 1] * 30)
    med = s.MedicineRow("Lipitor", started=START + timedelta(days=30))
    (entry,) = s.medicine_timeline(table, [med])
    (row,) = pdf.medicine_rows([med], [entry], START)
    assert row["rates"] == "0.50 (n = 30) → 0.50 (n = 30)"
    assert entry["rate_ratio"] is None and entry["nights_needed"] > 0
    assert row["ratio"] == (
        f"not enough data (needs about {entry['nights_needed']} more nights of diary away "
        "from the start, to repeat the comparison at 39 other dates)"
    )


def test_the_medicine_row_and_the_footnote_state_one_rule():
    # issue 11: "0.41 (n = 41) -> 0.63 (n = 38)" beside "needs about 39 more nights" while
    # the footnote said 21 nights each side suffice. Both now come from stats.timeline.
    from nightcramp.stats.timeline import rule_words

    table = table_of([0, 1] * 60)
    med = s.MedicineRow("Lipitor", started=START + timedelta(days=60))
    (entry,) = s.medicine_timeline(table, [med])
    (row,) = pdf.medicine_rows([med], [entry], START)
    assert entry["nights_before"] >= MIN_SIDE_NIGHTS and entry["nights_after"] >= MIN_SIDE_NIGHTS
    assert "repeat the comparison at 39 other dates" in row["ratio"]
    footnote = pdf.render_html(
        {"medicines": [{"name": "Lipitor"}], "timeline_rule": rule_words(), "timeline_window": 42}
    )
    assert "repeat the same comparison at 39 other dates" in footnote
    assert f"at least {MIN_SIDE_NIGHTS} recorded nights on each side" in footnote


def test_trial_adherence_counts_each_arm():
    plan = {
        "periods": [
            {"start": "2026-01-05", "end": "2026-01-07", "arm": "intervention"},
            {"start": "2026-01-08", "end": "2026-01-10", "arm": "control"},
        ]
    }
    table = table_of(
        [0, 1, None, 2, 0, 1],
        bedtime_stretching=[True, False, True, False, None, False],
    )
    trial = s.TrialRow(
        "bedtime stretching", START, START + timedelta(days=5), "finished", plan, 3, 1
    )
    assert s.trial_factor(trial.intervention, table.factor_names) == "bedtime_stretching"
    assert s.trial_adherence(trial, table, "bedtime_stretching") == {
        "intervention": {"nights": 3, "recorded": 2, "adhered": 2},
        "control": {"nights": 3, "recorded": 3, "adhered": 2},
    }


def test_a_running_trials_progress_counts_only_nights_that_have_passed():
    # issue 11: "Nights recorded: 33 of 48" counted the nights still to come
    from nightcramp.stats.trials import plan_trial

    plan = plan_trial("bedtime stretching", START, 3, 8, seed=1)  # 48 nights
    table = table_of([1] * 12 + [None] * 8, bedtime_stretching=[True] * 20)
    trial = s.TrialRow("bedtime stretching", START, START + timedelta(days=47), "active", plan,
                       3, 8, planned_on=START)  # fmt: skip
    entry = pdf.trial_entry(trial, table, today=START + timedelta(days=20))
    assert entry["adherence"].startswith("Nights recorded: 12 of 20 so far.")
    assert "in random order" in entry["design"]


def test_a_trial_planned_after_its_start_is_never_called_randomised():
    # issue 11: a plan with a past start went into the PDF as a randomised self-experiment
    from nightcramp.stats.trials import plan_trial

    plan = plan_trial("bedtime stretching", START, 3, 6, seed=1)
    table = table_of([1, 0, 2] * 12, bedtime_stretching=[True, False, True] * 12)
    trial = s.TrialRow("bedtime stretching", START, START + timedelta(days=35), "finished",
                       plan, 3, 6, planned_on=START + timedelta(days=20))  # fmt: skip
    entry = pdf.trial_entry(trial, table, today=START + timedelta(days=40))
    assert "in random order" not in entry["design"]
    assert "Observational comparison, not a randomised experiment" in entry["design"]
    assert entry["result"].startswith("Observational result (not randomised)")


def test_stretching_comparison_shows_its_n():
    data = s.ReportData(
        START,
        START + timedelta(days=5),
        datetime(2026, 2, 1, tzinfo=UTC),
        "UTC",
        table=table_of([0, 2, 0, 1, None, 0], bedtime_stretching=[True, False, True] + [False] * 3),
        routines_started=3,
        routines_completed=2,
    )
    st = s.stretching_summary(data)
    assert (st.nights_known, st.nights_stretched, st.n_stretched, st.n_not) == (6, 2, 2, 3)
    words = pdf.stretching_sentence(st)
    assert "done on 2 of 6 nights" in words and "(n = 2)" in words and "(n = 3)" in words
    assert pdf.routine_sentence(st).endswith("started 3 times, completed 2.")


def test_trigger_rows_keep_n_and_never_claim_cause():
    result = {
        "nights_used": 120,
        "factors": [
            {
                "factor": "alcohol_units",
                "base_factor": "alcohol_units",
                "lag": 0,
                "kind": "number",
                "per": 1.0,
                "rate_ratio": 1.31,
                "ci_low": 1.05,
                "ci_high": 1.64,
                "p_value": 0.017,
                "q_value": 0.07,
                "flagged": True,
                "nights_with_value": 110,
            },
            {
                "factor": "bedtime_stretching (previous day)",
                "base_factor": "bedtime_stretching",
                "lag": 1,
                "kind": "boolean",
                "per": 1.0,
                "rate_ratio": None,
                "flagged": False,
                "nights_with_value": 30,
                "nights_needed": 40,
            },
        ],
    }
    rows = pdf.trigger_rows(result)
    (first,) = rows["rows"]
    assert (first["factor"], first["per"], first["n"], first["flagged"]) == (
        "Alcohol (units)",
        "per 1 more",
        110,
        "yes",
    )
    assert first["ci"] == "1.05–1.64" and first["q_value"] == "0.07"
    assert "120 nights" in rows["sentence"] and "not proof of cause" in rows["sentence"]
    assert "Not enough data yet for: Bedtime stretching (previous day)." in rows["sentence"]


def test_trigger_table_is_capped_but_keeps_every_flagged_factor():
    factors = [
        {
            "factor": f"own_{i}",
            "kind": "number",
            "per": 1.0,
            "rate_ratio": 1.1,
            "ci_low": 0.9,
            "ci_high": 1.3,
            "p_value": i / 40,
            "q_value": 0.5,
            "flagged": i in (30, 31),
            "nights_with_value": 90,
        }
        for i in range(1, 33)
    ]
    table = pdf.trigger_rows({"nights_used": 100, "factors": factors})
    shown = [row["factor"] for row in table["rows"]]
    assert len(shown) == pdf.MAX_TRIGGER_ROWS
    assert shown[:2] == ["own 30", "own 31"] and shown[2] == "own 1"
    assert f"{32 - pdf.MAX_TRIGGER_ROWS} unflagged tests with larger p" in table["sentence"]


def test_repeated_red_flags_are_listed_once_with_first_and_latest_date():
    flag = {"condition": "neuropathy", "level": "soon", "message": "m"}
    saved = [(date(2026, 5, d), {"red_flags": [flag]}) for d in (20, 1, 10)]
    (row,) = s.red_flags_from_assessments(saved)
    assert (row.when, row.last, row.times) == (date(2026, 5, 1), date(2026, 5, 20), 3)
    assert pdf.red_flag_rows([row])[0]["when"] == "2026-05-01 to 2026-05-20 (3 screenings)"


def test_trial_result_words_say_when_there_is_no_clear_answer():
    words = pdf.trial_result_words(
        {
            "nights_used": 52,
            "rate_ratio": 0.7,
            "ci_low": 0.4,
            "ci_high": 1.2,
            "p_value": 0.2,
            "prob_benefit": 0.88,
        }
    )
    assert "0.70 (95% CI 0.40–1.20)" in words and "52 nights" in words
    assert "no clear answer" in words
    assert "88%" in words


def test_relief_counts_commonest_first():
    night = datetime(2026, 1, 6, 3, tzinfo=UTC)
    episodes = [
        s.EpisodeRow(START, night, relieved_by=r)
        for r in (["walking"], ["stretching"], ["stretching"], [], ["heat"])
    ]
    counts = s.relief_counts(episodes)
    assert counts[0] == ("stretching", 2) and counts[-1] == ("not recorded", 1)
    assert pdf.relief_sentence(counts, 5).startswith("During cramps, what relieved them (5 logged)")


def test_relief_counts_count_each_answer():
    night = datetime(2026, 1, 6, 3, tzinfo=UTC)
    episodes = [
        s.EpisodeRow(START, night, relieved_by=r)
        for r in (["stretching", "massage"], ["massage", "stretching"], ["stretching"], [])
    ]
    counts = s.relief_counts(episodes)
    assert counts == [("stretching", 3), ("massage", 2), ("not recorded", 1)]
    assert pdf.relief_sentence(counts, 4) == (
        "During cramps, what relieved them (4 logged; some eased by more than one thing): "
        "stretching 3, massage 2, not recorded 1."
    )
