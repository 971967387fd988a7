"""Wearable exports -> nightly steps, exercise minutes and sleep hours (plain data)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from nightcramp.diary.wearables import (
    WearableFileError,
    parse_apple_health,
    parse_fitbit_csv,
    parse_google_fit_csv,
    summarize,
)

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>
<!ATTLIST Record type CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2024-01-10 09:00:00 +0000"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""


def record(kind: str, start: str, end: str, value: str, source: str = "Watch", unit="") -> str:
    unit_attr = f' unit="{unit}"' if unit else ""
    return (
        f' <Record type="{kind}" sourceName="{source}"{unit_attr} creationDate="{end}" '
        f'startDate="{start}" endDate="{end}" value="{value}">\n'
        '  <MetadataEntry key="HKWasUserEntered" value="0"/>\n </Record>\n'
    )


def steps(start, end, value, source="Watch"):
    return record("HKQuantityTypeIdentifierStepCount", start, end, value, source, "count")


def exercise(start, end, value, source="Watch"):
    return record("HKQuantityTypeIdentifierAppleExerciseTime", start, end, value, source, "min")


def sleep(start, end, value="HKCategoryValueSleepAnalysisAsleepCore", source="Watch"):
    return record("HKCategoryTypeIdentifierSleepAnalysis", start, end, value, source)


def workout(start, end, minutes, source="Watch"):
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="{minutes}" '
        f'durationUnit="min" sourceName="{source}" startDate="{start}" endDate="{end}">\n'
        '  <WorkoutEvent type="HKWorkoutEventTypePause" date="2024-01-05 18:10:00 +0100"/>\n'
        " </Workout>\n"
    )


def apple(*body: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "".join(body) + "</HealthData>\n").encode())


def test_apple_steps_sum_per_day_and_do_not_double_count_phone_and_watch():
    export = apple(
        steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "400"),
        steps("2024-01-05 12:00:00 +0100", "2024-01-05 12:10:00 +0100", "600"),
        steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:40:00 +0100", "700", "iPhone"),
        steps("2024-01-06 09:00:00 +0100", "2024-01-06 09:10:00 +0100", "250.5", "iPhone"),
    )
    nights = parse_apple_health(export)
    assert nights[date(2024, 1, 5)] == {"steps": 1000.0}  # Watch's 1000 beats iPhone's 700
    assert nights[date(2024, 1, 6)] == {"steps": 250.0}


def test_apple_days_use_the_recorded_wall_clock_date():
    export = apple(steps("2024-01-05 23:30:00 -0800", "2024-01-05 23:40:00 -0800", "100"))
    assert list(parse_apple_health(export)) == [date(2024, 1, 5)]


def test_apple_sleep_after_midnight_belongs_to_the_evening_before():
    export = apple(
        sleep("2024-01-05 23:00:00 +0000", "2024-01-06 01:00:00 +0000"),
        sleep(
            "2024-01-06 01:00:00 +0000",
            "2024-01-06 03:30:00 +0000",
            "HKCategoryValueSleepAnalysisAsleepDeep",
        ),
        sleep(
            "2024-01-06 03:30:00 +0000",
            "2024-01-06 04:00:00 +0000",
            "HKCategoryValueSleepAnalysisAwake",
        ),
        sleep(
            "2024-01-06 04:00:00 +0000",
            "2024-01-06 06:30:00 +0000",
            "HKCategoryValueSleepAnalysisAsleepREM",
        ),
        sleep(
            "2024-01-06 22:00:00 +0000",
            "2024-01-07 07:00:00 +0000",
            "HKCategoryValueSleepAnalysisInBed",
        ),
        sleep(
            "2024-01-07 00:30:00 +0000",
            "2024-01-07 06:30:00 +0000",
            "HKCategoryValueSleepAnalysisAsleep",
        ),
    )
    nights = parse_apple_health(export)
    assert nights[date(2024, 1, 5)] == {"sleep_hours": 7.0}  # 2 + 2.5 + 2.5; awake not counted
    assert nights[date(2024, 1, 6)] == {"sleep_hours": 6.0}  # began after midnight: night before


def test_apple_sleep_overlaps_within_a_source_count_once_and_best_source_wins():
    export = apple(
        sleep("2024-01-05 23:00:00 +0000", "2024-01-06 03:00:00 +0000"),
        sleep("2024-01-06 02:00:00 +0000", "2024-01-06 06:00:00 +0000"),
        sleep("2024-01-05 23:00:00 +0000", "2024-01-06 05:00:00 +0000", source="AutoSleep"),
    )
    assert parse_apple_health(export)[date(2024, 1, 5)] == {"sleep_hours": 7.0}


def test_apple_exercise_takes_the_larger_of_exercise_time_and_merged_workouts():
    export = apple(
        exercise("2024-01-05 18:00:00 +0100", "2024-01-05 18:01:00 +0100", "25"),
        workout("2024-01-05 18:00:00 +0100", "2024-01-05 18:40:00 +0100", "40"),
        workout("2024-01-05 18:20:00 +0100", "2024-01-05 18:50:00 +0100", "30", "Strava"),
        exercise("2024-01-06 08:00:00 +0100", "2024-01-06 08:01:00 +0100", "15"),
        workout("2024-01-06 08:00:00 +0100", "2024-01-06 08:10:00 +0100", "10"),
    )
    nights = parse_apple_health(export)
    assert nights[date(2024, 1, 5)] == {"exercise_minutes": 50.0}  # 18:00-18:50 merged
    assert nights[date(2024, 1, 6)] == {"exercise_minutes": 15.0}


def test_apple_ignores_other_record_types_and_reports_progress_in_bytes():
    export = apple(
        record("HKQuantityTypeIdentifierHeartRate", "2024-01-05 07:30:00 +0100", "x", "oops"),
        steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "10"),
    )
    size = len(export.getvalue())
    seen = []
    nights = parse_apple_health(export, progress=seen.append)
    assert nights == {date(2024, 1, 5): {"steps": 10.0}}
    assert sum(seen) == size


def test_apple_reads_from_a_path(tmp_path):
    path = tmp_path / "export.xml"
    path.write_bytes(
        apple(steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "5")).getvalue()
    )
    assert parse_apple_health(path) == {date(2024, 1, 5): {"steps": 5.0}}


def line_of(export: io.BytesIO, needle: str) -> int:
    text = export.getvalue().decode()
    return text[: text.rindex(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (steps("2024-01-05T07:30:00Z", "2024-01-05 07:35:00 +0100", "10"), "startDate"),
        (steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "ten"), "not a number"),
        (steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "-3"), "0 or more"),
        (steps("2024-02-30 07:30:00 +0100", "2024-02-30 07:35:00 +0100", "3"), "not a real date"),
        (sleep("2024-01-06 03:00:00 +0000", "2024-01-06 01:00:00 +0000"), "ends before"),
    ],
)
def test_apple_bad_record_is_refused_with_its_line(tmp_path, bad, message):
    export = apple(steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "1"), bad)
    path = tmp_path / "export.xml"
    path.write_bytes(export.getvalue())
    with pytest.raises(WearableFileError, match=message) as caught:
        parse_apple_health(path)
    assert caught.value.file == str(path)
    assert caught.value.line == line_of(export, bad.strip()[:40])
    assert f"{path}, line {caught.value.line}:" in str(caught.value)


NESTINGS = {
    "flat": ("", ""),
    "one element deeper": ("<Records>\n", "</Records>\n"),
    "three elements deeper": ("<A><B>\n<C>\n", "</C></B>\n</A>\n"),
}
DAY_RECORDS = [
    steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "400"),
    exercise("2024-01-05 18:00:00 +0100", "2024-01-05 18:01:00 +0100", "25"),
    workout("2024-01-05 18:00:00 +0100", "2024-01-05 18:40:00 +0100", "40"),
    sleep("2024-01-05 23:00:00 +0000", "2024-01-06 06:00:00 +0000"),
]


def nested(nesting: str, body: list[str]) -> io.BytesIO:
    opening, closing = NESTINGS[nesting]
    return apple(opening, *body, closing)


@pytest.mark.parametrize("nesting", list(NESTINGS))
def test_apple_records_are_read_at_any_depth(nesting):
    nights = parse_apple_health(nested(nesting, DAY_RECORDS))
    assert nights == {
        date(2024, 1, 5): {"steps": 400.0, "exercise_minutes": 40.0, "sleep_hours": 7.0}
    }


def test_apple_records_inside_a_correlation_are_its_parts_not_the_days():
    part = steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "999")
    export = apple(
        steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "400"),
        f' <Correlation type="HKCorrelationTypeIdentifierFood">\n{part} </Correlation>\n',
    )
    assert parse_apple_health(export) == {date(2024, 1, 5): {"steps": 400.0}}


def most_elements_alive_while_parsing(monkeypatch, export: io.BytesIO) -> int:
    """The most parsed elements still alive (in the tree or anywhere else) at any time."""
    import weakref
    import xml.etree.ElementTree as ET

    real = ET.iterparse
    alive = [0]

    def watched(source, events=None):
        seen: list[weakref.ref] = []
        for count, (event, element) in enumerate(real(source, events=events)):
            if event == "start":
                seen.append(weakref.ref(element))
            if count % 25 == 0:
                alive.append(sum(ref() is not None for ref in seen))
            yield event, element

    monkeypatch.setattr(ET, "iterparse", watched)
    parse_apple_health(export)
    return max(alive)


@pytest.mark.parametrize("nesting", list(NESTINGS))
def test_apple_parser_releases_elements_at_any_depth(monkeypatch, nesting):
    small = most_elements_alive_while_parsing(monkeypatch, nested(nesting, DAY_RECORDS * 50))
    large = most_elements_alive_while_parsing(monkeypatch, nested(nesting, DAY_RECORDS * 1000))
    # 1000 copies are 9,000 elements; only the open ones and the parser's read-ahead live.
    assert large <= small + 2
    assert large < 20


@pytest.mark.parametrize("nesting", list(NESTINGS)[1:])
def test_apple_bad_record_deep_in_the_file_is_refused_with_its_line(nesting):
    bad = steps("2024-01-05 07:30:00 +0100", "2024-01-05 07:35:00 +0100", "ten")
    export = nested(nesting, [*DAY_RECORDS, bad, *DAY_RECORDS])
    with pytest.raises(WearableFileError, match="not a number") as caught:
        parse_apple_health(export, name="export.xml")
    assert caught.value.line == line_of(export, 'value="ten"')


def test_apple_broken_xml_is_refused_with_its_line():
    export = io.BytesIO((HEADER + ' <Record type="x"\n  <oops>\n').encode())
    with pytest.raises(WearableFileError, match="not well-formed XML") as caught:
        parse_apple_health(export, name="export.xml")
    assert caught.value.line == 10  # the line of '<oops>'
    assert str(caught.value).startswith("export.xml, line ")


def test_apple_wrong_root_is_refused():
    with pytest.raises(WearableFileError, match="not an Apple Health export") as caught:
        parse_apple_health(io.BytesIO(b"<?xml version='1.0'?>\n\n<gpx><trk/></gpx>"))
    assert caught.value.line == 3


def test_apple_empty_file_is_refused():
    with pytest.raises(WearableFileError):
        parse_apple_health(io.BytesIO(b""))


GOOGLE_FIT = (
    "Date,Move Minutes count,Calories (kcal),Distance (m),Heart Points,Heart Minutes,"
    "Step count,Sleeping duration (ms)\n"
    "2024-01-05,45,2100.5,5200.1,30,25,8123,25200000\n"
    "2024-01-06,,1900,,,,,\n"
    "2024-01-07,12,1950,1000,2,2,1500.0,\n"
)


def test_google_fit_daily_metrics():
    nights = parse_google_fit_csv(io.BytesIO(GOOGLE_FIT.encode("utf-8-sig")))
    assert nights == {
        date(2024, 1, 5): {"steps": 8123.0, "exercise_minutes": 45.0},
        date(2024, 1, 6): {},
        date(2024, 1, 7): {"steps": 1500.0, "exercise_minutes": 12.0},
    }


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOGLE_FIT.replace("2024-01-06", "06/01/2024"), 3, "YYYY-MM-DD"),
        (GOOGLE_FIT.replace("2024-01-07", "2024-01-05"), 4, "appears twice"),
        (GOOGLE_FIT.replace(",8123,", ",-8,"), 2, "Step count"),
        (GOOGLE_FIT.replace(",8123,", ",lots,"), 2, "not a number"),
        (
            "Start time,End time,Step count\n00:00:00.000+01:00,00:15:00.000+01:00,12\n",
            1,
            "per-day",
        ),
        ("Date,Calories (kcal)\n2024-01-05,2000\n", 1, "Step count"),
    ],
)
def test_google_fit_bad_file_names_the_line(text, line, message):
    with pytest.raises(WearableFileError, match=message) as caught:
        parse_google_fit_csv(io.BytesIO(text.encode()), name="daily.csv")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"daily.csv, line {line}:")


def test_google_fit_refuses_non_utf8():
    with pytest.raises(WearableFileError, match="UTF-8"):
        parse_google_fit_csv(io.BytesIO("Date,Step count\n2024-01-05,1\xff\n".encode("latin-1")))


ACTIVITY_HEADER = (
    "Date,Calories Burned,Steps,Distance,Floors,Minutes Sedentary,Minutes Lightly Active,"
    "Minutes Fairly Active,Minutes Very Active,Activity Calories"
)
SLEEP_HEADER = (
    "Start Time,End Time,Minutes Asleep,Minutes Awake,Number of Awakenings,Time in Bed,"
    "Minutes REM Sleep,Minutes Light Sleep,Minutes Deep Sleep"
)
FITBIT = f"""Body
Date,Weight,BMI,Fat
"2024-01-05","70","22","0"

Activities
{ACTIVITY_HEADER}
"2024-01-05","2,345","10,234","7.5","10","700","200","20","15","900"
"2024-01-06","1,900","512","0.4","0","900","30","0","0","100"

Sleep
{SLEEP_HEADER}
"2024-01-06 1:15AM","2024-01-06 7:45AM","360","30","3","390","80","200","80"
"2024-01-05 3:00PM","2024-01-05 3:30PM","30","0","0","30","N/A","N/A","N/A"
"2024-01-06 11:05PM","2024-01-07 6:35AM","420","30","2","450","90","250","80"
"2024-01-06 11:05PM","2024-01-07 6:35AM","420","30","2","450","90","250","80"
"""


def test_fitbit_export_with_sections():
    nights = parse_fitbit_csv(io.BytesIO(FITBIT.encode()))
    assert nights == {
        date(2024, 1, 5): {"steps": 10234.0, "exercise_minutes": 35.0, "sleep_hours": 6.5},
        date(2024, 1, 6): {"steps": 512.0, "exercise_minutes": 0.0, "sleep_hours": 7.0},
    }


def test_fitbit_single_table_without_title():
    text = "Start Time,End Time,Minutes Asleep\n2024-01-06 23:30,2024-01-07 07:00,420\n"
    assert parse_fitbit_csv(io.BytesIO(text.encode())) == {date(2024, 1, 6): {"sleep_hours": 7.0}}


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('"2024-01-06","1,900"', '"06-01-2024","1,900"', 8, "Activities: column 'Date'"),
        ('"10,234"', '"10.234,5"', 7, "Steps"),
        ('"2024-01-06 1:15AM"', '"yesterday"', 12, "Sleep: 'Start Time'"),
        ('"2024-01-06","1,900"', '"2024-01-05","1,900"', 8, "appears twice"),
        ("Start Time,End Time,Minutes Asleep", "Start Time,End Time,Asleep", 11, "Minutes Asleep"),
    ],
)
def test_fitbit_bad_file_names_the_line(old, new, line, message):
    with pytest.raises(WearableFileError, match=message) as caught:
        parse_fitbit_csv(io.BytesIO(FITBIT.replace(old, new, 1).encode()), name="fitbit.csv")
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('"15","900"\n', '"15"\n', 7, "9 cells, but the header has 10 columns"),
        ('"15","900"\n', '"15","900","1"\n', 7, "11 cells, but the header has 10 columns"),
        ('"80","200","80"\n', '"80","200"\n', 12, "8 cells, but the header has 9 columns"),
    ],
)
def test_fitbit_row_with_too_few_or_too_many_cells_is_refused(old, new, line, message):
    with pytest.raises(WearableFileError, match=message) as caught:
        parse_fitbit_csv(io.BytesIO(FITBIT.replace(old, new, 1).encode()), name="fitbit.csv")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"fitbit.csv, line {line}: ")


def test_fitbit_file_without_known_tables_is_refused():
    with pytest.raises(WearableFileError, match="not a Fitbit"):
        parse_fitbit_csv(io.BytesIO(b"Foods\nDate,Calories In\n2024-01-05,2000\n"))


def test_summary_counts_nights_per_metric():
    nights = parse_fitbit_csv(io.BytesIO(FITBIT.encode()))
    summary = summarize(nights)
    assert summary["nights"] == 2
    assert (summary["first"], summary["last"]) == ("2024-01-05", "2024-01-06")
    assert summary["metrics"]["steps"] == {"nights": 2, "mean": 5373.0}
    assert summary["metrics"]["sleep_hours"] == {"nights": 2, "mean": 6.75}
    assert summarize({}) == {
        "nights": 0,
        "first": None,
        "last": None,
        "metrics": {
            m: {"nights": 0, "mean": None} for m in ("steps", "exercise_minutes", "sleep_hours")
        },
    }


def test_many_repeated_sleep_records_count_each_stretch_of_time_once():
    body = [
        sleep(f"2024-01-05 23:{m:02d}:00 +0000", f"2024-01-05 23:{m + 3:02d}:00 +0000")
        for _ in range(40)
        for m in range(0, 56, 5)  # 12 separate 3-minute stretches, each listed 40 times
    ]
    assert parse_apple_health(apple(*body)) == {date(2024, 1, 5): {"sleep_hours": 0.6}}


def test_interval_merging_matches_a_minute_by_minute_count():
    import random

    from nightcramp.diary.wearables import _add_interval, _merged_seconds

    rng = random.Random(7)
    for _ in range(50):
        intervals: list[tuple[float, float]] = []
        minutes: set[int] = set()
        for _ in range(rng.randint(1, 400)):
            start = rng.randint(0, 600)
            length = rng.randint(0, 30)
            _add_interval(intervals, start * 60.0, (start + length) * 60.0)
            minutes.update(range(start, start + length))
        assert _merged_seconds(intervals) == len(minutes) * 60.0
