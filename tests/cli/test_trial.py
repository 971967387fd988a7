"""``nightcramp trial``: plan, today, analyze, power — and bad input refused with exit 2."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from nightcramp.diary.csvio import write_diary_csv
from nightcramp.diary.models import Trial
from nightcramp.diary.store import import_table, local_user, tonight
from nightcramp.stats.simulate import DiarySpec, simulate_trial_diary
from nightcramp.stats.trials import plan_trial


def _plan_args(*extra):
    return ("trial", "plan", "--intervention", "bedtime stretching", "--start", "2025-03-03",
            "--period-nights", "7", "--pairs", "4", *extra)  # fmt: skip


def test_plan_prints_the_contract_json_and_stores_it(cli, tmp_path):
    out = tmp_path / "plan.json"
    result = cli(*_plan_args("--seed", "9", "--washout-nights", "2", "--json", "-o", out))
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan == json.loads(out.read_text())
    assert plan["start"] == "2025-03-03" and plan["end"] == "2025-04-27"
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


def test_today_says_tonights_arm(cli):
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
    cli("trial", "plan", "--intervention", "stretching", "--start", plan["start"],
        "--period-nights", "7", "--pairs", "6", "--seed", "3")  # fmt: skip
    stored = json.loads(cli("trial", "analyze", "--json").stdout)
    assert stored["rate_ratio"] == pytest.approx(from_files["rate_ratio"])
    assert stored["p_value"] == pytest.approx(from_files["p_value"])
    text = cli("trial", "analyze").output
    assert "28 %" in text and "before versus after" in text


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


def test_a_trial_of_a_medicine_never_orders_skipping_it(cli):
    from datetime import date, timedelta

    start = date.today() - timedelta(days=1)  # tonight is today or, before noon, yesterday
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
