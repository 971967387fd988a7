"""A realistic Google Takeout Fitbit export, written the way Takeout lays it out.

``Takeout/Fitbit/Global Export Data/`` holds per-metric JSON files named
``<metric>-YYYY-MM-DD.json`` (the first day they cover): per-minute ``steps`` entries
``{"dateTime": "MM/DD/YY HH:MM:SS", "value": "52"}``, per-day ``very_active_minutes`` and
``moderately_active_minutes``, and ``sleep`` entries (logId, dateOfSleep, startTime,
endTime, minutesAsleep, mainSleep, nested ``levels``). Other files (heart rate, calories,
the profile CSV, sleep-score CSV) sit beside them and are not read.
"""

from __future__ import annotations

import json
import random
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

EXPORT = "Takeout/Fitbit/Global Export Data"


def fitbit_time(moment: datetime) -> str:
    return moment.strftime("%m/%d/%y %H:%M:%S")


def minute_steps(first: date, days: int, seed: int = 1) -> tuple[list[dict], dict[date, int]]:
    """Per-minute entries (most minutes 0, walks in the day) and each day's total."""
    rng = random.Random(seed)
    entries, totals = [], {}
    for offset in range(days):
        day = first + timedelta(days=offset)
        totals[day] = 0
        for minute in range(24 * 60):
            walking = 7 * 60 <= minute <= 21 * 60 and rng.random() < 0.15
            value = rng.randint(20, 120) if walking else 0
            totals[day] += value
            moment = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
            entries.append({"dateTime": fitbit_time(moment), "value": str(value)})
    return entries, totals


def daily(first: date, values: list[int]) -> list[dict]:
    return [
        {
            "dateTime": fitbit_time(
                datetime.combine(first + timedelta(days=i), datetime.min.time())
            ),
            "value": str(v),
        }
        for i, v in enumerate(values)
    ]


def sleep_entry(log_id: int, start: datetime, minutes_asleep: int, main: bool = True) -> dict:
    end = start + timedelta(minutes=minutes_asleep + 35)
    return {
        "logId": log_id,
        "dateOfSleep": end.date().isoformat(),
        "startTime": start.strftime("%Y-%m-%dT%H:%M:%S.000"),
        "endTime": end.strftime("%Y-%m-%dT%H:%M:%S.000"),
        "duration": (minutes_asleep + 35) * 60_000,
        "minutesToFallAsleep": 0,
        "minutesAsleep": minutes_asleep,
        "minutesAwake": 35,
        "minutesAfterWakeup": 0,
        "timeInBed": minutes_asleep + 35,
        "efficiency": 93,
        "type": "stages",
        "infoCode": 0,
        "logType": "auto_detected",
        "levels": {
            "summary": {"deep": {"count": 4, "minutes": 80, "thirtyDayAvgMinutes": 75}},
            "data": [
                {
                    "dateTime": start.strftime("%Y-%m-%dT%H:%M:%S.000"),
                    "level": "wake",
                    "seconds": 300,
                }
            ],  # fmt: skip
            "shortData": [],
        },
        "mainSleep": main,
    }


def write_takeout(root: Path, first: date = date(2024, 1, 4), days: int = 4) -> dict:
    """Write the export under ``root`` and return what it should import (per night)."""
    folder = root / EXPORT
    folder.mkdir(parents=True)
    stamp = first.isoformat()
    steps, totals = minute_steps(first, days)
    very = [25, 0, 40, 12][:days] + [0] * max(0, days - 4)
    moderately = [10, 5, 0, 20][:days] + [0] * max(0, days - 4)
    (folder / f"steps-{stamp}.json").write_text(json.dumps(steps))
    (folder / f"very_active_minutes-{stamp}.json").write_text(json.dumps(daily(first, very)))
    (folder / f"moderately_active_minutes-{stamp}.json").write_text(
        json.dumps(daily(first, moderately))
    )
    night1 = datetime.combine(first, datetime.min.time()) + timedelta(hours=23, minutes=10)
    night2 = datetime.combine(first + timedelta(days=2), datetime.min.time()) + timedelta(
        minutes=40
    )  # after midnight: the night that began the evening before
    nap = datetime.combine(first + timedelta(days=1), datetime.min.time()) + timedelta(hours=15)
    sleeps = [
        sleep_entry(101, night1, 402),
        sleep_entry(102, nap, 45, main=False),
        sleep_entry(103, night2, 366),
    ]
    (folder / f"sleep-{stamp}.json").write_text(json.dumps(sleeps))
    (folder / f"heart_rate-{stamp}.json").write_text(
        json.dumps([{"dateTime": fitbit_time(night1), "value": {"bpm": 61, "confidence": 2}}])
    )
    (folder / f"calories-{stamp}.json").write_text(json.dumps(daily(first, [1900] * days)))
    profile = root / "Takeout/Fitbit/Your Profile"
    profile.mkdir(parents=True)
    (profile / "Profile.csv").write_text("full_name,weight_unit\nAlex,KILOGRAM\n")
    (root / "Takeout/Fitbit/Sleep Score").mkdir(parents=True)
    (root / "Takeout/Fitbit/Sleep Score/sleep_score.csv").write_text(
        "sleep_log_entry_id,timestamp,overall_score\n101,2024-01-05T06:52:00Z,81\n"
    )
    expected = {}
    for i in range(days):
        day = first + timedelta(days=i)
        expected[day] = {
            "steps": float(totals[day]),
            "exercise_minutes": float(very[i] + moderately[i]),
        }
    expected[first]["sleep_hours"] = round(402 / 60, 2)
    expected[first + timedelta(days=1)]["sleep_hours"] = round(366 / 60, 2)
    return expected


def zipped(root: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(root).as_posix())
    return target
