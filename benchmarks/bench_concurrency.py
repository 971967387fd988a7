"""Errors and lost writes when many devices log cramps at once, on the default install.

`nightcramp serve` (gunicorn, default workers) on a fresh SQLite database on loopback;
at 1, 12 and 50 concurrent signed-in clients (two devices per person), each client taps
"Cramp now", sets a detail and adds a remembered cramp, for at most ROUNDS rounds or
SECONDS seconds. Prints requests, server errors (anything but the expected redirect),
acknowledged cramps missing from the database ("lost") and stored cramps no device was
told about ("extra"), with latencies. All error counts must be 0.

Run: `python benchmarks/bench_concurrency.py` (about a minute).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from nightcramp.testing import live

ROUNDS = 10
SECONDS = 60
CLIENTS = (1, 12, 50)


def run_level(server: live.Server, clients: int, level: int) -> tuple:
    people = max(1, clients // 2)
    names = [f"level{level}-p{i}" for i in range(people)]
    nights = live.create_accounts(server, names)
    signed_in = []
    for number in range(clients):
        name = names[number % people]
        client = live.Client(server.port)
        client.sign_in(name, live.PASSWORD)
        signed_in.append((name, client))
    outcomes = live.run_clients(
        signed_in,
        lambda client, outcome, number: live.log_cramps(
            client, outcome, number, night=nights[outcome.username]
        ),
        rounds=ROUNDS,
        seconds=SECONDS,
    )
    stored = live.stored_episodes(server, names)
    lost, extra = live.lost_and_extra(outcomes, stored)
    timings = [t for o in outcomes for t in o.timings]
    errors = sum(len(o.failures) for o in outcomes)
    p50, p95, p99 = live.percentiles([seconds for _, _, seconds in timings])
    return clients, len(timings), errors, len(lost), len(extra), p50, p95, p99


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="nightcramp-bench-concurrency-"))
    from nightcramp.cli.serve import default_workers

    workers = default_workers()
    print(f"gunicorn, {workers} workers, SQLite (WAL, IMMEDIATE), loopback; {ROUNDS} rounds")
    print(
        f"{'clients':>7} {'requests':>8} {'errors':>6} {'lost':>5} {'extra':>5} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    )
    with live.running_server(live.server_env(home), workers=workers) as server:
        for level, clients in enumerate(CLIENTS):
            row = run_level(server, clients, level)
            print("{:>7} {:>8} {:>6} {:>5} {:>5} {:>7.0f} {:>7.0f} {:>7.0f}".format(*row))


if __name__ == "__main__":
    main()
