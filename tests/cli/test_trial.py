"""``nightcramp trial``: plan, today, analyze, power — and bad input refused with exit 2."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from nightcramp.diary.csvio import write_diary_csv
from nightcramp.diary.models import Trial
from nightcramp.diary.store import import_table, local_user, tonight
from nightcramp.diary.trial_store import save_trial
from nightcramp.stats.simulate import DiarySpec, simulate_trial_diary
from nightcramp.stats.trials import plan_trial

FUTURE = date.today() + timedelta(days=30)  # a plan cannot start before its first open night


def _plan_args(*extra):
    return ("trial", "plan", "--intervention", "bedtime stretching", "--start",
            FUTURE.isoformat(), "--period-nights", "7", "--pairs", "4", *extra)  # fmt: skip


@pytest.fixture
def evening():
    """The clock at 19:00 today on the CLI user's own clock: tonight has not begun."""
    from datetime import datetime, time
    from unittest import mock

    from nightcramp.diary.store import user_zone

    moment = datetime.combine(date.today(), time(19, 0), tzinfo=user_zone(local_user()))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def test_plan_prints_the_contract_json_and_stores_it(cli, tmp_path):
    out = tmp_path / "plan.json"
    result = cli(*_plan_args("--seed", "9", "--washout-nights", "2", "--json", "-o", out))
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan == json.loads(out.read_text())
    assert plan["start"] == FUTURE.isoformat()
    assert plan["end"] == (FUTURE + timedelta(days=55)).isoformat()
    assert plan["washout_nights"] == 2 and len(plan["periods"]) == 8
    for i in range(0, 8, 2):
        assert {plan["periods"][i]["arm"], plan["periods"][i + 1]["arm"]} == {
            "intervention",
            "control",
        }
    trial = Trial.objects.get()
    assert trial.user == local_user() and trial.plan["periods"] == plan["periods"]
    assert (trial.pairs, trial.period_nights, trial.seed) == (4, 7, 9)


def test_plan_no_save_stores_nothing(cli):
    assert cli(*_plan_args("--no-save", "--json")).exit_code == 0
    assert not Trial.objects.exists()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("--pairs", "0"), "--pairs"),
        (("--period-nights", "-2"), "--period-nights"),
        (("--start", "2025-02-30"), "--start"),
        (("--washout-nights", "-1"), "--washout-nights"),
        (("--washout-nights", "7"), "--washout-nights"),
    ],
)
def test_bad_plan_settings_exit_2_naming_the_option(cli, change, named):
    args = list(_plan_args())
    option, value = change
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    result = cli(*args)
    assert result.exit_code == 2
    assert named in result.output
    assert not Trial.objects.exists()


def test_today_says_tonights_arm(cli, evening):
    night = tonight(local_user())
    result = cli("trial", "plan", "--intervention", "calf stretch", "--start", str(night),
                 "--period-nights", "3", "--pairs", "2", "--seed", "4", "--json")  # fmt: skip
    plan = json.loads(result.stdout)
    status = json.loads(cli("trial", "today", "--json").stdout)
    assert status["arm"] == plan["periods"][0]["arm"] and status["night_in_period"] == 1
    text = cli("trial", "today").output
    assert "calf stretch" in text and "Period 1" in text


def test_today_without_a_trial_says_so(cli):
    result = cli("trial", "today")
    assert result.exit_code == 1 and "no running trial" in result.output


def _trial_files(tmp_path, ratio=0.4):
    plan = plan_trial("stretching", date(2025, 1, 6), 7, 6, seed=3)
    table = simulate_trial_diary(plan, DiarySpec(base_rate=1.5, missing_blocks=0), ratio, seed=8)
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan))
    diary_path = tmp_path / "nights.csv"
    with diary_path.open("w", newline="") as out:
        write_diary_csv(table, out)
    return plan, table, plan_path, diary_path


def test_analyze_files_gives_the_contract_json(cli, tmp_path):
    _, _, plan_path, diary_path = _trial_files(tmp_path)
    result = cli("trial", "analyze", "--plan", plan_path, "--diary", diary_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"nights_used", "rate_ratio", "ci_low", "ci_high", "p_value", "prob_benefit"} <= set(
        data
    )
    assert data["min_attainable_p"] == pytest.approx(1 / 32)
    assert 0 < data["p_value"] <= 1 and 0 <= data["prob_benefit"] <= 1


def test_analyze_the_stored_trial_and_diary(cli, tmp_path):
    plan, table, plan_path, diary_path = _trial_files(tmp_path)
    from_files = json.loads(
        cli("trial", "analyze", "--plan", plan_path, "--diary", diary_path, "--json").stdout
    )
    import_table(local_user(), table)
    save_trial(local_user(), plan)  # stored now, though its nights are long past
    stored = json.loads(cli("trial", "analyze", "--json").stdout)
    assert stored["rate_ratio"] == pytest.approx(from_files["rate_ratio"])
    assert stored["p_value"] == pytest.approx(from_files["p_value"])
    assert from_files["randomised"] is True  # a plan file that does not say when it was made
    # issue 11: a plan made after its first night is an observational comparison
    assert stored["randomised"] is False
    text = cli("trial", "analyze").output
    assert text.split("\n")[1].startswith("Observational comparison, not a randomised")
    assert "28 %" in text and "before versus after" in text


def test_a_plan_cannot_start_in_the_past(cli, evening):
    # issue 11: `trial plan --start` accepted a past date, and its result went into the
    # FHIR export and the PDF as a randomised self-experiment
    yesterday = tonight(local_user()) - timedelta(days=1)
    args = list(_plan_args())
    args[args.index("--start") + 1] = yesterday.isoformat()
    result = cli(*args)
    assert result.exit_code == 2
    assert f"--start: {yesterday.isoformat()} is in the past" in result.output
    assert not Trial.objects.exists()


def test_a_plan_starts_on_the_next_night_that_has_not_begun(cli, evening):
    # issue 11: a trial started on a night already stretched made it a control night
    night = tonight(local_user())
    assert cli("checkin", "--stretched").exit_code == 0  # tonight's stretching is recorded
    args = list(_plan_args())
    args[args.index("--start") + 1] = night.isoformat()
    result = cli(*args)
    assert result.exit_code == 2
    tomorrow = (night + timedelta(days=1)).isoformat()
    assert f"({tomorrow} or later)" in result.output
    args[args.index("--start") + 1] = tomorrow
    assert cli(*args).exit_code == 0
    assert Trial.objects.get().plan["planned_on"] == tomorrow


def test_a_malformed_plan_file_exits_2_naming_the_field(cli, tmp_path):
    _, _, plan_path, diary_path = _trial_files(tmp_path)
    plan = json.loads(plan_path.read_text())
    plan["periods"][3]["arm"] = "placebo"
    plan_path.write_text(json.dumps(plan))
    result = cli("trial", "analyze", "--plan", plan_path, "--diary", diary_path)
    assert result.exit_code == 2 and "periods[3].arm" in result.output
    plan_path.write_text("{not json")
    result = cli("trial", "analyze", "--plan", plan_path, "--diary", diary_path)
    assert result.exit_code == 2 and "not valid JSON" in result.output


def test_power_for_a_design_and_the_quickest_design(cli):
    result = cli("trial", "power", "--rate", "2", "--reduction", "0.5", "--period-nights", "7",
                 "--pairs", "4", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["power"] == 0.0 and data["min_attainable_p"] == pytest.approx(0.125)
    best = data["best_design"]
    assert best["reachable"] and best["power"] >= 0.8 and best["pairs"] >= 6
    text = cli("trial", "power", "--rate", "2", "--reduction", "0.5").output
    assert "Quickest design" in text


def test_power_uses_the_stored_diary_rate_or_asks_for_one(cli):
    result = cli("trial", "power", "--reduction", "0.5")
    assert result.exit_code == 2 and "--rate" in result.output
    user = local_user()
    end = tonight(user)
    from nightcramp.diary.store import morning_checkin

    for i in range(30):
        morning_checkin(user, end - timedelta(days=i), 2 if i % 2 else 1)
    data = json.loads(cli("trial", "power", "--reduction", "0.5", "--json").stdout)
    assert data["rate_per_night"] == pytest.approx(1.5)
    result = cli("trial", "power", "--rate", "1", "--reduction", "1.5")
    assert result.exit_code == 2 and "--reduction" in result.output


def test_power_uses_the_noise_estimated_from_the_stored_diary(cli):
    from nightcramp.diary.store import load_table, morning_checkin
    from nightcramp.stats.noise import estimate_noise
    from nightcramp.stats.trials import trial_power

    user = local_user()
    end = tonight(user)
    counts = [0, 0, 1, 0, 2, 0, 0, 1, 0, 3, 0, 1]
    for i in range(120):
        morning_checkin(user, end - timedelta(days=i), counts[i % len(counts)])
    args = ("trial", "power", "--reduction", "0.5", "--period-nights", "7", "--pairs", "8")
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    noise = data["noise"]
    expected = estimate_noise(load_table(user, end - timedelta(days=365), end))
    assert noise == json.loads(json.dumps(expected))
    assert noise["fitted"] is True and noise["nights_used"] == 120
    assert data["power"] == trial_power(
        data["rate_per_night"], 0.5, 7, 8, noise["dispersion"], noise["autocorrelation"],
        latent_sd=noise["latent_sd"], missing_rate=data["missing_rate"],
    )  # fmt: skip
    assert "estimated from your last 120 recorded nights" in cli(*args).output
    given = json.loads(
        cli("trial", "power", "--rate", "0.4", "--reduction", "0.5", "--json").stdout
    )
    # a rate of your own still uses your diary's noise, as the web planner does
    assert given["noise"] == noise and given["rate_per_night"] == 0.4


def test_power_with_a_given_rate_and_no_diary_assumes_the_default_noise(cli):
    result = cli("trial", "power", "--rate", "0.4", "--reduction", "0.5", "--json")
    assert result.exit_code == 0, result.output
    noise = json.loads(result.stdout)["noise"]
    assert noise["fitted"] is False and noise["dispersion"] == 0.5
    assert "Noise assumed" in cli("trial", "power", "--rate", "0.4", "--reduction", "0.5").output


def test_a_trial_of_a_medicine_never_orders_skipping_it(cli, evening):
    start = tonight(local_user())
    result = cli(
        "trial", "plan", "--intervention", "quinine 300mg", "--start", start.isoformat(),
        "--period-nights", "2", "--pairs", "6", "--seed", "3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "prescriber" in result.output
    today = cli("trial", "today")
    assert today.exit_code == 0, today.output
    assert "do NOT" not in today.output
    assert "as agreed with your prescriber" in today.output
