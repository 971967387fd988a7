"""Bad input on the command line: exit code 2, a message naming what and where, no change.

One test per defect found by hand; each would have failed (traceback, exit 0 or a silent
write) before the fix.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from nightcramp.diary.models import Episode, FactorValue, Medicine, Night, Trial


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("1e400", "--duration '1e400' is not a duration"),  # was an OverflowError traceback
        ("nan", "--duration 'nan' is not a duration"),  # was "cannot convert float NaN"
        ("inf", "--duration 'inf' is not a duration"),
        ("99999999999", "--duration '99999999999' is longer than a day"),  # was saved
        ("-2.5", "--duration cannot be negative"),
    ],
)
def test_log_refuses_impossible_durations(cli, duration, expected):
    result = cli("log", "--duration", duration)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert not Episode.objects.exists()


def test_log_refuses_a_moment_before_1900_naming_the_option(cli):
    result = cli("log", "--at", "1850-01-01 10:00")
    assert result.exit_code == 2 and "--at '1850-01-01 10:00' is before 1900" in result.stderr
    assert not Episode.objects.exists()


@pytest.mark.parametrize("value", ["nan", "inf", "1e400", "1_0"])
def test_checkin_refuses_non_numbers_for_a_factor(cli, value):
    result = cli("checkin", "--factor", f"magnesium_mg={value}")  # nan was a traceback
    assert result.exit_code == 2 and "--factor magnesium_mg" in result.stderr
    assert not FactorValue.objects.exists()


def test_medicine_names_and_doses_must_fit(cli):
    result = cli("medicine", "add", "x" * 201)
    assert result.exit_code == 2 and "at most 200 fit" in result.stderr
    result = cli("medicine", "add", "Lasix", "--dose", "y" * 101)
    assert result.exit_code == 2 and "--dose is 101 characters long" in result.stderr
    assert not Medicine.objects.exists()


def test_import_of_a_utf16_file_names_the_encoding(cli, tmp_path):
    source = tmp_path / "nights.csv"
    source.write_bytes("night,cramps\n2025-01-01,1\n".encode("utf-16"))
    result = cli("import", "--diary", source)
    assert result.exit_code == 2
    assert "nothing was imported" in result.stderr and "the file is UTF-16" in result.stderr
    assert not Night.objects.exists()


def test_import_of_a_tampered_export_names_the_json_path(cli, tmp_path):
    dump = tmp_path / "all.json"
    export = {"format": "nightcramp-export", "version": 1, "nights": [{"night": "2025-01-01"}]}
    export["nights"][0]["factors"] = [1]  # was a traceback ('list' has no 'items')
    dump.write_text(json.dumps(export))
    result = cli("import", "--json", dump)
    assert result.exit_code == 2
    assert "nights[0].factors: must be an object, not a list" in result.stderr
    assert not Night.objects.exists()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("missing/x.csv", "the folder"),  # was a FileNotFoundError traceback
        (".", "is a folder; give a file name"),
    ],
)
def test_export_to_an_impossible_path_is_refused(cli, tmp_path, target, expected):
    result = cli("export", "-o", tmp_path / target)
    assert result.exit_code == 2 and "-o " in result.stderr and expected in result.stderr


def test_export_refuses_from_after_to(cli):
    result = cli("export", "--from", "2025-02-01", "--to", "2025-01-01")
    assert result.exit_code == 2 and "--from 2025-02-01 is after --to 2025-01-01" in result.stderr


def test_export_to_a_file_leaves_no_temporary_file(cli, tmp_path):
    cli("checkin", "--cramps", "1", "--night", "2025-01-01")
    out = tmp_path / "nights.csv"
    assert cli("export", "-o", out).exit_code == 0
    assert out.read_text().splitlines()[1].startswith("2025-01-01,1")
    assert [p.name for p in tmp_path.iterdir()] == ["nights.csv"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--pairs", "100000"], "is more than a self-experiment can run"),
        (["--start", "9999-12-25"], "the trial would end after the year 9999"),  # traceback
        (["--seed", str(10**23)], "--seed must be between"),  # was a SQLite OverflowError
        (["--intervention", "z" * 201], "--intervention is 201 characters"),
    ],
)
def test_trial_plan_refuses_plans_the_diary_cannot_hold(cli, options, expected):
    settings = {"--intervention": "stretching", "--start": "2025-01-06", "--pairs": "2"}
    settings.update(dict(zip(options[::2], options[1::2], strict=True)))
    args = [item for pair in settings.items() for item in pair]
    result = cli("trial", "plan", *args, "--period-nights", "7")
    assert result.exit_code == 2 and expected in result.stderr
    assert not Trial.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{}".encode("utf-16"), "the file is UTF-16"),
        (b'{"intervention": "x", "washout_nights": NaN}', "NaN is not a JSON number"),
        (b'{"intervention":\n "x",, }', "line 2, column 6: not valid JSON"),
    ],
)
def test_trial_analyze_names_an_unreadable_plan(cli, tmp_path, content, expected):
    plan = tmp_path / "plan.json"
    plan.write_bytes(content)
    result = cli("trial", "analyze", "--plan", plan)
    assert result.exit_code == 2 and f"--plan {plan}" in result.stderr
    assert expected in result.stderr


def test_screen_names_a_utf16_profile(cli, tmp_path):
    profile = tmp_path / "profile.json"
    profile.write_bytes('{"age": 70}'.encode("utf-16"))
    result = cli("screen", "--profile", profile)
    assert result.exit_code == 2 and "the file is UTF-16" in result.stderr


def test_reminders_refuse_a_calendar_past_the_year_9999(cli, tmp_path):
    out = tmp_path / "r.ics"
    result = cli("reminders", "--ics", out, "--start", "9999-12-30")  # was a traceback
    assert result.exit_code == 2 and "would run past the year 9999" in result.stderr
    assert not out.exists()


def test_reminders_refuse_a_missing_folder_before_any_work(cli, tmp_path):
    result = cli("reminders", "--ics", tmp_path / "no" / "r.ics")
    assert result.exit_code == 2 and "--ics" in result.stderr and "does not exist" in result.stderr


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("9999-12-31,5,30", "9999-12-31 is in the future"),
        ("2024-01-01,5,99999", "99999 minutes of exercise in one day is not possible"),
    ],
)
def test_import_activity_refuses_implausible_days(cli, tmp_path, row, expected):
    source = tmp_path / "daily.csv"
    source.write_text(f"Date,Step count,Move Minutes count\n2024-01-02,10,10\n{row}\n")
    result = cli("import-activity", "--google-fit", source)
    assert result.exit_code == 2 and "nothing was imported" in result.stderr
    assert expected in result.stderr
    assert not FactorValue.objects.exists()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--pairs", "100000", "--period-nights", "7"], "more than a self-experiment can run"),
        (["--rate", "1e308"], "--rate: 1e+308 cramps a night is not plausible"),  # numpy error
    ],
)
def test_trial_power_refuses_sizes_that_crashed_the_statistics(cli, options, expected):
    settings = {"--rate": "1", **dict(zip(options[::2], options[1::2], strict=True))}
    result = cli("trial", "power", *[item for pair in settings.items() for item in pair])
    assert result.exit_code == 2 and expected in result.stderr


def test_a_factor_may_not_take_the_name_of_a_diary_column(cli):
    """A factor 'cramps' made the CSV export hold two 'cramps' columns it cannot re-import."""
    result = cli("checkin", "--factor", "Cramps=3")
    assert result.exit_code == 2 and "'Cramps' is a column of the diary itself" in result.stderr
    assert not FactorValue.objects.exists()


@pytest.mark.parametrize(
    ("option", "value"), [("--cramps", "1001"), ("--fluids", "61"), ("--exercise-minutes", "1441")]
)
def test_checkin_refuses_amounts_an_export_could_not_restore(cli, option, value):
    """99999 cramps were saved, and the JSON export then refused to import (0–1000)."""
    result = cli("checkin", option, value)
    assert result.exit_code == 2 and option in result.output
    assert not Night.objects.exists()


def test_trial_analyze_needs_a_yes_no_adherence_factor(cli, tmp_path):
    from nightcramp.stats.trials import plan_trial

    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(plan_trial("stretching", date(2025, 1, 6), 7, 2, seed=1)))
    diary = tmp_path / "nights.csv"
    diary.write_text("night,cramps,steps\n2025-01-06,1,5000\n2025-01-07,0,7000\n")
    result = cli("trial", "analyze", "--plan", plan, "--diary", diary, "--adherence", "steps")
    assert result.exit_code == 2 and "--adherence: 'steps' holds numbers" in result.stderr
