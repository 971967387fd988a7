"""How long the clinician PDF and the FHIR bundle take for a 6-month demo diary.

Target (issue 6): a few seconds for the PDF. The first build in a process includes the
one-off imports (WeasyPrint, matplotlib, the drug-name index); later builds show the
steady cost a web server pays. Issue 13: a server that ran ``reports.pdf.warm_up()`` (as
``nightcramp serve`` does, where nobody waits) makes its first report in under 3 s; that is
measured in a fresh process too. Run: `python benchmarks/bench_report.py`.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date

RUNS = 3


def _setup():
    os.environ["NIGHTCRAMP_HOME"] = tempfile.mkdtemp(prefix="nightcramp-bench-")
    from nightcramp.cli.base import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from nightcramp.diary.demo import make_demo_diary

    user = get_user_model().objects.create(username="bench")
    began = time.perf_counter()
    demo = make_demo_diary(user, months=6, seed=1, end=date(2026, 11, 23))
    return user, demo, time.perf_counter() - began


def _timed(function, *args, **kwargs) -> tuple[float, object]:
    began = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - began, result


def main() -> None:
    user, demo, demo_seconds = _setup()
    from nightcramp.reports.fhir import build_fhir_bundle
    from nightcramp.reports.pdf import build_report_pdf

    print(
        f"demo diary: {demo.nights_recorded} recorded nights, {demo.episodes} episodes, "
        f"{demo.cramps} cramps, built in {demo_seconds:.2f} s"
    )
    steps: dict[str, float] = {}
    last = {"name": None, "at": time.perf_counter()}

    def progress(name: str) -> None:
        now = time.perf_counter()
        if last["name"]:
            steps[last["name"]] = now - last["at"]
        last.update(name=name, at=now)

    first, content = _timed(build_report_pdf, user, progress=progress)
    steps[last["name"]] = time.perf_counter() - last["at"]
    print(f"PDF, first build (cold imports): {first:.2f} s, {len(content) / 1024:.0f} KiB")
    for name, seconds in steps.items():
        print(f"    {name:<26} {seconds:.2f} s")
    warm = [_timed(build_report_pdf, user)[0] for _ in range(RUNS)]
    print(f"PDF, warm (median of {RUNS}): {statistics.median(warm):.2f} s")
    cold_fhir, bundle = _timed(build_fhir_bundle, user)
    warm_fhir = statistics.median(_timed(build_fhir_bundle, user)[0] for _ in range(RUNS))
    print(
        f"FHIR bundle ({len(bundle['entry'])} resources): first {cold_fhir:.2f} s, "
        f"warm {warm_fhir:.2f} s"
    )


def first_report_in_fresh_process(warm: bool) -> tuple[float, float]:
    """Wall and CPU seconds for the first PDF of a new process, with or without
    ``warm_up()`` first (the warm-up itself is not counted: a server runs it before anyone
    asks). CPU time is shown because wall time on a loaded machine says little."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, __file__, "--first", "warm" if warm else "cold"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    wall, cpu = out.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def _first_report(warm: bool) -> None:
    user, _demo, _seconds = _setup()
    from nightcramp.reports.pdf import build_report_pdf, warm_up

    if warm:
        warm_up()
    cpu = time.process_time()
    seconds, _content = _timed(build_report_pdf, user)
    print(f"{seconds:.3f} {time.process_time() - cpu:.3f}")


def first_reports() -> None:
    cold = first_report_in_fresh_process(warm=False)
    warmed = first_report_in_fresh_process(warm=True)
    verdict = "OK" if warmed[0] < 3 else "TOO SLOW"
    print(
        f"first PDF of a fresh process: {cold[0]:.2f} s wall / {cold[1]:.2f} s CPU without "
        f"warm-up, {warmed[0]:.2f} s wall / {warmed[1]:.2f} s CPU after reports.pdf.warm_up() "
        f"(target < 3 s wall): {verdict}"
    )


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--first"]:
        _first_report(sys.argv[2] == "warm")
    else:
        main()
        first_reports()
