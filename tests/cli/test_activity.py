"""``nightcramp import-activity``: wearable exports into the diary, all or nothing."""

from __future__ import annotations

import json
from datetime import date

from nightcramp.diary.models import Factor, FactorValue, Night
from nightcramp.diary.store import ensure_factor, get_night, local_user, set_factor_value


def record(kind: str, start: str, end: str, value: str, unit: str = "") -> str:
    unit_attr = f' unit="{unit}"' if unit else ""
    return (
        f' <Record type="HKQuantityTypeIdentifier{kind}" sourceName="Watch"{unit_attr}'
        f' startDate="{start}" endDate="{end}" value="{value}"/>\n'
    )


APPLE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n'
    + record("StepCount", "2024-01-05 07:30:00 +0000", "2024-01-05 07:40:00 +0000", "4000", "count")
    + record("StepCount", "2024-01-06 07:30:00 +0000", "2024-01-06 07:40:00 +0000", "6000", "count")
    + record(
        "AppleExerciseTime", "2024-01-05 18:00:00 +0000", "2024-01-05 18:01:00 +0000", "30", "min"
    )
    + record("x", "2024-01-05 23:00:00 +0000", "2024-01-06 06:30:00 +0000", "SLEEP")
    .replace("HKQuantityTypeIdentifierx", "HKCategoryTypeIdentifierSleepAnalysis")
    .replace("SLEEP", "HKCategoryValueSleepAnalysisAsleepCore")
    + "</HealthData>\n"
)


def values() -> dict[tuple[date, str], float]:
    return {
        (v.night.night, v.factor.name): v.value
        for v in FactorValue.objects.select_related("night", "factor")
    }


def test_apple_health_import_writes_daily_factors(cli, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(APPLE)
    result = cli("import-activity", "--apple-health", export)
    assert result.exit_code == 0, result.output
    assert "2 night(s), 2024-01-05 to 2024-01-06" in " ".join(result.output.split())
    assert values() == {
        (date(2024, 1, 5), "steps"): 4000.0,
        (date(2024, 1, 6), "steps"): 6000.0,
        (date(2024, 1, 5), "exercise_minutes"): 30.0,
        (date(2024, 1, 5), "sleep_hours"): 7.5,
    }
    exercise = Factor.objects.get(name="exercise_minutes")
    assert exercise.builtin and exercise.kind == "number"
    assert Factor.objects.get(name="sleep_hours").kind == "number"
    # nights with only activity are not check-ins: their cramp count stays missing
    assert set(Night.objects.values_list("cramps", flat=True)) == {None}


def test_values_already_entered_are_kept_unless_replace(cli, tmp_path):
    user = local_user()
    set_factor_value(
        user, get_night(user, date(2024, 1, 5)), ensure_factor(user, "exercise_minutes"), 45
    )
    export = tmp_path / "export.xml"
    export.write_text(APPLE)
    result = cli("import-activity", "--apple-health", export, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["kept"] == 1
    assert summary["metrics"]["exercise_minutes"]["written"] == 0
    assert summary["metrics"]["steps"] == {
        "nights": 2,
        "mean": 5000.0,
        "written": 2,
        "measures": "From Apple Health: steps counted by the iPhone or Apple Watch (the larger).",
    }
    assert values()[(date(2024, 1, 5), "exercise_minutes")] == 45.0
    result = cli("import-activity", "--apple-health", export, "--replace", "--json")
    assert json.loads(result.output)["kept"] == 0
    assert values()[(date(2024, 1, 5), "exercise_minutes")] == 30.0


def test_malformed_file_is_refused_and_nothing_written(cli, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(APPLE.replace('value="6000"', 'value="six thousand"'))
    result = cli("import-activity", "--apple-health", export)
    assert result.exit_code == 2
    assert "nothing was imported" in result.output
    assert f"{export}, line 4" in result.output.replace("\n", "")
    assert not FactorValue.objects.exists() and not Night.objects.exists()


def test_google_fit_and_fitbit_imports(cli, tmp_path):
    daily = tmp_path / "Daily activity metrics.csv"
    daily.write_text("Date,Move Minutes count,Step count\n2024-02-01,20,7000\n2024-02-02,,\n")
    result = cli("import-activity", "--google-fit", daily, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["metrics"]["exercise_minutes"]["written"] == 1
    fitbit = tmp_path / "fitbit.csv"
    fitbit.write_text(
        "Sleep\nStart Time,End Time,Minutes Asleep\n"
        '"2024-02-01 10:30PM","2024-02-02 6:30AM","450"\n'
    )
    result = cli("import-activity", "--fitbit", fitbit)
    assert result.exit_code == 0, result.output
    assert values() == {
        (date(2024, 2, 1), "steps"): 7000.0,
        (date(2024, 2, 1), "exercise_minutes"): 20.0,
        (date(2024, 2, 1), "sleep_hours"): 7.5,
    }


def test_a_yes_no_factor_of_the_same_name_is_refused(cli, tmp_path):
    ensure_factor(local_user(), "steps", "boolean")
    export = tmp_path / "export.xml"
    export.write_text(APPLE)
    result = cli("import-activity", "--apple-health", export)
    assert result.exit_code == 2
    assert "'steps' is yes/no" in result.output
    assert not FactorValue.objects.exists()


def test_exactly_one_source(cli, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(APPLE)
    result = cli("import-activity", "--apple-health", export, "--fitbit", export)
    assert result.exit_code == 2 and "exactly one" in result.output
    assert cli("import-activity").exit_code == 2
    assert cli("import-activity", "--fitbit", tmp_path / "missing.csv").exit_code == 2


def test_file_without_data_imports_nothing(cli, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text('<?xml version="1.0"?>\n<HealthData locale="en"/>\n')
    result = cli("import-activity", "--apple-health", export)
    assert result.exit_code == 2
    assert "holds no steps" in result.output
    assert not FactorValue.objects.exists()


def test_fitbit_takeout_zip_import_says_what_each_factor_measures(cli, tmp_path):
    from tests.diary.fitbit_takeout import write_takeout, zipped

    expected = write_takeout(tmp_path / "export")
    archive = zipped(tmp_path / "export", tmp_path / "takeout.zip")
    result = cli("import-activity", "--fitbit", archive, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["nights"] == len(expected)
    assert "Fitbit active minutes" in summary["metrics"]["exercise_minutes"]["measures"]
    stored = values()
    for night, metrics in expected.items():
        for metric, value in metrics.items():
            assert stored[(night, metric)] == value
    exercise = Factor.objects.get(user=local_user(), name="exercise_minutes")
    assert exercise.description.startswith("From Fitbit: Fitbit active minutes")
    readable = cli("import-activity", "--fitbit", tmp_path / "export", "--replace")
    assert readable.exit_code == 0, readable.output
    assert "Fitbit active minutes" in readable.output


def test_each_source_says_what_exercise_minutes_mean(cli, tmp_path):
    apple = tmp_path / "export.xml"
    apple.write_text(APPLE)
    assert cli("import-activity", "--apple-health", apple).exit_code == 0
    exercise = Factor.objects.get(user=local_user(), name="exercise_minutes")
    assert exercise.description.startswith("From Apple Health: Apple exercise time")
    fit = tmp_path / "daily.csv"
    fit.write_text("Date,Step count,Move Minutes count\n2024-01-07,5000,42\n")
    assert cli("import-activity", "--google-fit", fit).exit_code == 0
    exercise.refresh_from_db()
    assert exercise.description.startswith("From Google Fit: Google Fit Move Minutes")


def test_a_value_no_day_can_hold_is_refused_naming_the_file_and_day(cli, tmp_path):
    daily = tmp_path / "daily.csv"
    daily.write_text("Date,Step count\n2024-01-05,8000\n2024-01-06,300000\n")
    result = cli("import-activity", "--google-fit", daily)
    assert result.exit_code == 2
    assert f"nothing was imported: {daily}: 2024-01-06: 300000 steps" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not FactorValue.objects.exists()
