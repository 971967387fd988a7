"""How fast `nightcramp --help` starts, as a ratio to a bare `python -c pass`.

Targets: well under half a second (issue 2) and at most 8x a bare Python start (issue 13;
it was about 16x while Typer rendered the help with Rich). Medians of RUNS runs, the bare
start measured before and after, so a machine that gets busier in between shows up.
Run: `python benchmarks/bench_cli_startup.py`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15
MAX_RATIO = 8


def median_seconds(command: list[str], env: dict | None = None) -> float:
    return measured(command, env)[0]


def measured(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of the command. The CPU time
    hardly moves when other work loads the machine; the wall time does."""
    import resource

    walls, cpus = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def cpu_ratio(python: str, nightcramp: str, env: dict) -> None:
    bare = measured([python, "-c", "pass"])[1]
    help_cpu = measured([nightcramp, "--help"], env)[1]
    verdict = "OK" if help_cpu / bare <= MAX_RATIO else "TOO SLOW"
    print(
        f"CPU time (user+system, median): python -c pass {bare:.3f} s, nightcramp --help "
        f"{help_cpu:.3f} s = {help_cpu / bare:.1f}x (target <= {MAX_RATIO:g}x): {verdict}"
    )


def main() -> None:
    import os

    python = sys.executable
    nightcramp = str(Path(python).with_name("nightcramp"))
    env = dict(os.environ, NIGHTCRAMP_HOME=tempfile.mkdtemp(prefix="nightcramp-bench-"))
    bare = median_seconds([python, "-c", "pass"])
    rows = [("python -c pass", bare)]
    rows.append(("nightcramp --help", median_seconds([nightcramp, "--help"], env)))
    rows.append(("nightcramp log --help", median_seconds([nightcramp, "log", "--help"], env)))
    rows.append(("nightcramp export (empty diary)", median_seconds([nightcramp, "export"], env)))
    print(f"{'command':<34} {'median s':>9} {'x bare':>7}   ({RUNS} runs each)")
    for name, seconds in rows:
        print(f"{name:<34} {seconds:>9.3f} {seconds / bare:>7.1f}")
    help_seconds = rows[1][1]
    bare_after = median_seconds([python, "-c", "pass"])
    ratio = help_seconds / max(bare, bare_after)
    verdict = "OK" if help_seconds < 0.5 and ratio <= MAX_RATIO else "TOO SLOW"
    print(f"python -c pass again: {bare_after:.3f} s")
    print(
        f"nightcramp --help: {help_seconds:.3f} s, {ratio:.1f}x bare Python "
        f"(targets < 0.5 s and <= {MAX_RATIO:g}x): {verdict}"
    )
    cpu_ratio(python, nightcramp, env)


if __name__ == "__main__":
    main()
