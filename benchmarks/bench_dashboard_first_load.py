"""How long the dashboard takes the first time, later, and after a write (issue 14).

`nightcramp serve` (gunicorn, one sync worker, so every request meets the same worker) on
a fresh SQLite database with a one-year demo diary; one signed-in client on loopback.

- "first view": the first dashboard of a freshly started server, for a diary whose stored
  dashboard is stale (the demo was just written): the worker computes it.
- "cached": the next views, read back from the stored result.
- "after a write": "Cramp now", then the dashboard: computed again, in a worker that has
  computed it before.

Wall times over HTTP, milliseconds; medians of ROUNDS where repeated. On a shared machine
wall time says little, so the same diary is then timed inside fresh processes, wall and
CPU: the dashboard view computing a stale dashboard, first without any warm-up (what a
server without preloading, such as a test's live server, pays: the SciPy import), then
after ``web.server.warm_up()`` (what ``nightcramp serve`` runs before forking), then the
later recomputations. Run: `python benchmarks/bench_dashboard_first_load.py`
(``NIGHTCRAMP_BENCH_ROUNDS`` changes the number of rounds).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nightcramp.testing import live

ROUNDS = int(os.environ.get("NIGHTCRAMP_BENCH_ROUNDS", "5"))
MONTHS = 12

MAKE_DEMO = """
from datetime import date
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from nightcramp.diary.demo import make_demo_diary
user = get_user_model().objects.create(username="bench", password=make_password({password!r}))
demo = make_demo_diary(user, months={months}, seed=1, end=date(2026, 11, 23))
print(json.dumps([demo.nights_recorded, demo.episodes]))
"""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _dashboard(client: live.Client) -> float:
    answer = client.get("/dashboard/")
    if answer.status != 200:
        raise RuntimeError(f"dashboard: HTTP {answer.status}")
    return answer.seconds


def _in_process(warm: bool) -> None:
    """In a fresh process on the benchmark's database: print the first stale dashboard's
    wall and CPU ms, then the median of ROUNDS later ones."""
    from nightcramp.cli.base import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from nightcramp.web.insight import cache, views

    if warm:
        from nightcramp.web.server import warm_up

        warm_up()
    request = RequestFactory().get("/dashboard/")
    request.user = get_user_model().objects.get(username="bench")
    timings = []
    for _ in range(ROUNDS + 1):
        cache.bump(request.user.pk)
        wall, cpu = time.perf_counter(), time.process_time()
        if views.dashboard(request).status_code != 200:
            raise RuntimeError("dashboard view failed")
        timings.append((time.perf_counter() - wall, time.process_time() - cpu))
    later = timings[1:]
    print(
        *timings[0],
        statistics.median(w for w, _ in later),
        statistics.median(c for _, c in later),
    )


def _fresh_process(home: Path, warm: bool) -> list[float]:
    out = subprocess.run(
        [sys.executable, __file__, "--in-process", "warm" if warm else "cold"],
        env=live.server_env(home),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [float(x) for x in out.strip().splitlines()[-1].split()]


def in_fresh_processes(home: Path) -> None:
    cold = _fresh_process(home, warm=False)
    warm = _fresh_process(home, warm=True)
    for words, (wall, cpu, *_) in (("without warm-up", cold), ("after warm_up()", warm)):
        print(f"first dashboard of a fresh process, {words}: {_ms(wall)} wall, {_ms(cpu)} CPU")
    print(f"later recomputations (median of {ROUNDS}): {_ms(warm[2])} wall, {_ms(warm[3])} CPU")


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="nightcramp-bench-dashboard-"))
    with live.running_server(live.server_env(home), workers=1) as server:
        code = MAKE_DEMO.format(password=live.PASSWORD, months=MONTHS)
        nights, episodes = server.django(code)  # type: ignore[misc]
        print(f"{MONTHS}-month demo diary: {nights} recorded nights, {episodes} episodes")
        client = live.Client(server.port)
        client.sign_in("bench", live.PASSWORD)
        first = _dashboard(client)
        cached = [_dashboard(client) for _ in range(ROUNDS)]
        after_write = []
        for _ in range(ROUNDS):
            if client.post("/cramp/").status != 302:
                raise RuntimeError("Cramp now failed")
            after_write.append(_dashboard(client))
    print(f"first view of a fresh server (stale, computed): {_ms(first)}")
    print(f"cached view (median of {ROUNDS}): {_ms(statistics.median(cached))}")
    print(
        f"after a write (median of {ROUNDS}, computed again): "
        f"{_ms(statistics.median(after_write))} "
        f"(min {_ms(min(after_write))}, max {_ms(max(after_write))})"
    )
    in_fresh_processes(home)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        _in_process(sys.argv[2] == "warm")
    else:
        main()
