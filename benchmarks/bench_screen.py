"""`nightcramp screen --profile p.json --json` in a cold process: wall time and peak memory.

Each run is a fresh `nightcramp` process (Python start, imports, knowledge base, medicine
index, the screen, JSON out), as a person or a script would run it; peak RSS is the
process's own maximum resident set size (os.wait4). Targets from issue 12: under 0.5 s and
under 150 MB. Also the warm time of one screen() call inside a running process.
Run: `python benchmarks/bench_screen.py`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
HERE = Path(__file__).resolve().parent
STRINGS = HERE.parent / "tests" / "assessment" / "data" / "medicine_strings.yaml"
KNOWN = [
    "Lasix 40mg in the morning",
    "Lipitor 20mg",
    "Symbicort inhaler",
    "Evista",
    "hydrochlorothiazide 25 mg daily",
]
# combinations, misspellings, brands outside medicines.yaml, an unknown word
MIXED = [
    "Dyazide 1 daily",
    "valsartan + HCT 160/12.5",
    "Trelegy Ellipta",
    "Zestoretic",
    "metfromin 500mg bd",
    "lisinoprl",
    "qunine sulfate 300mg",
    "xyzzy",
]


def nightcramp() -> str:
    return str(Path(sys.executable).with_name("nightcramp"))


def cold_run(profile_path: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MiB) of one `nightcramp screen` process. CPU time
    (user + system) is the fairer figure on a shared, loaded machine."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [nightcramp(), "screen", "--profile", profile_path, "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"screen failed: {process.stderr.read().decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux: KiB


def help_run() -> str:
    start = time.perf_counter()
    process = subprocess.Popen([nightcramp(), "--help"], stdout=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss / 1024
    return f"wall {wall * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms, peak RSS {peak:.0f} MiB"


def warm_ms(medicines: list[str]) -> float:
    from nightcramp.assessment import screen

    profile = {"age": 72, "medications": medicines, "symptoms": ["numbness_or_tingling"]}
    screen(profile)
    start = time.perf_counter()
    for _ in range(20):
        screen(profile)
    return (time.perf_counter() - start) / 20 * 1000


def recall_strings() -> list[str]:
    import yaml

    return [text for text, _ in yaml.safe_load(STRINGS.read_text())["positive"]]


def main() -> None:
    cases = [
        ("5 medicines in medicines.yaml", KNOWN),
        ("8 combinations/misspellings/unknown", MIXED),
        (f"{len(recall_strings())} strings of the recall set", recall_strings()),
    ]
    print(f"nightcramp screen --json, cold process, median of {RUNS} runs")
    print(f"  (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("NIGHTCRAMP_HOME", folder)
        for label, medicines in cases:
            path = Path(folder) / "profile.json"
            path.write_text(json.dumps({"age": 72, "medications": medicines}))
            runs = [cold_run(str(path)) for _ in range(RUNS)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            peak = max(r[2] for r in runs)
            print(
                f"  {label}: wall {wall * 1000:.0f} ms (min {min(r[0] for r in runs) * 1000:.0f}),"
                f" CPU {cpu * 1000:.0f} ms, peak RSS {peak:.0f} MiB;"
                f" warm screen() {warm_ms(medicines):.1f} ms"
            )
        print(f"  for scale, `nightcramp --help`: {help_run()}")


if __name__ == "__main__":
    main()
