"""Wall time and peak memory of parsing a large synthetic Apple Health export.

Writes a synthetic ``export.xml`` (default 2,000,000 records over about five years: steps
from a watch and a phone, exercise time, sleep stages, heart rate that is skipped, and a
workout a day) to a temporary file, then parses it in a fresh subprocess and reports the
wall time and the peak resident memory (``ru_maxrss``) of that subprocess, next to the
peak of a subprocess that only imports the module. A second, ten times smaller file shows
that memory does not grow with the size of the file, and the large file once more with
every record one element deeper (inside a ``<Records>`` wrapper) shows that it does not
grow with the nesting either.

Run: ``python benchmarks/bench_wearables.py [--records N]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>
<!ATTLIST Record type CDATA #REQUIRED sourceName CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2025-01-01 09:00:00 +0000"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""
RECORDS_PER_DAY = 1100

PARSE = """
import json, resource, sys, time
from nightcramp.diary.wearables import parse_apple_health
started = time.perf_counter()
nights = parse_apple_health(sys.argv[1])
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "nights": len(nights),
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
IMPORT_ONLY = """
import json, resource
import xml.etree.ElementTree
import nightcramp.diary.wearables
print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S +0100")


def record(kind: str, source: str, start: datetime, minutes: int, value: str, unit: str) -> str:
    unit_attr = f' unit="{unit}"' if unit else ""
    return (
        f' <Record type="{kind}" sourceName="{source}" sourceVersion="10.1"{unit_attr} '
        f'creationDate="{stamp(start)}" startDate="{stamp(start)}" '
        f'endDate="{stamp(start + timedelta(minutes=minutes))}" value="{value}"/>\n'
    )


def day_records(day: datetime, count: int) -> list[str]:
    """One day's records: 70 % steps, 10 % exercise, 10 % sleep, 10 % heart rate."""
    lines = []
    for i in range(count):
        moment = day + timedelta(minutes=(i * 7) % 1440)
        share = i % 10
        if share < 7:
            source = "Apple Watch" if i % 2 else "iPhone"
            lines.append(
                record("HKQuantityTypeIdentifierStepCount", source, moment, 5, str(i % 97), "count")
            )
        elif share == 7:
            lines.append(
                record(
                    "HKQuantityTypeIdentifierAppleExerciseTime",
                    "Apple Watch",
                    moment,
                    1,
                    "1",
                    "min",
                )
            )
        elif share == 8:
            night = day + timedelta(hours=23, minutes=(i * 3) % 420)
            lines.append(
                record(
                    "HKCategoryTypeIdentifierSleepAnalysis",
                    "Apple Watch",
                    night,
                    3,
                    "HKCategoryValueSleepAnalysisAsleepCore",
                    "",
                )
            )
        else:
            lines.append(
                record(
                    "HKQuantityTypeIdentifierHeartRate", "Apple Watch", moment, 0, "62", "count/min"
                )
            )
    start = day + timedelta(hours=18)
    lines.append(
        f' <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="32" '
        f'durationUnit="min" sourceName="Apple Watch" startDate="{stamp(start)}" '
        f'endDate="{stamp(start + timedelta(minutes=32))}">\n'
        '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n </Workout>\n'
    )
    return lines


def write_export(path: Path, records: int, deeper: bool = False) -> None:
    day = datetime(2020, 1, 1)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER + (" <Records>\n" if deeper else ""))
        while written < records:
            count = min(RECORDS_PER_DAY, records - written)
            out.writelines(day_records(day, count))
            written += count
            day += timedelta(days=1)
        out.write((" </Records>\n" if deeper else "") + "</HealthData>\n")


def run(code: str, *args: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output)


def measure(records: int, folder: Path, deeper: bool = False) -> dict:
    path = folder / f"export-{records}.xml"
    started = time.perf_counter()
    write_export(path, records, deeper)
    written = time.perf_counter() - started
    result = run(PARSE, str(path))
    result.update(
        {
            "records": records,
            "bytes": path.stat().st_size,
            "write_seconds": written,
            "shape": "one element deeper" if deeper else "flat",
        }
    )
    path.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2_000_000)
    args = parser.parse_args()
    baseline = run(IMPORT_ONLY)["maxrss_kb"]
    print(f"Python + module, peak RSS before parsing: {baseline / 1024:.1f} MiB")
    with tempfile.TemporaryDirectory(prefix="nightcramp-bench-") as folder:
        for records, deeper in (
            (args.records // 10, False),
            (args.records, False),
            (args.records, True),
        ):
            r = measure(records, Path(folder), deeper)
            print(
                f"{r['records']:>10,} records ({r['shape']}), {r['bytes'] / 2**20:,.0f} MiB file "
                f"({r['nights']:,} nights): parse {r['seconds']:.1f} s "
                f"({r['records'] / r['seconds']:,.0f} records/s, "
                f"{r['bytes'] / 2**20 / r['seconds']:.0f} MiB/s), "
                f"peak RSS {r['maxrss_kb'] / 1024:.1f} MiB "
                f"(+{(r['maxrss_kb'] - baseline) / 1024:.1f} MiB over the baseline); "
                f"writing the file took {r['write_seconds']:.1f} s"
            )


if __name__ == "__main__":
    main()
