"""Many people on one PostgreSQL server: page latency under load, from signed-in clients.

Starts its own throw-away PostgreSQL (scripts/with-postgres; never the DATABASE_URL you
may have set), loads N users x 5 years of diary with bulk INSERT ... SELECT statements
(nights, 6 daily factors, episodes, 2 medicines each), serves the app with
`nightcramp serve` (gunicorn, default workers) on loopback, signs clients in through the
login page, fills the dashboard caches once, and then measures for each page and for 1,
10 and 50 concurrent clients (each its own person) for SECONDS seconds (bounded in
requests too): p50 / p95 / p99 and errors (any answer other than the expected one).

    python benchmarks/bench_scale.py                         # 200 users (make benchmarks)
    NIGHTCRAMP_BENCH_USERS=2000 python benchmarks/bench_scale.py
    NIGHTCRAMP_BENCH_SECONDS=20 ...                          # longer runs per cell

Targets (issue 10): dashboard p95 < 200 ms at 50 clients on a warm cache, logging a
cramp p95 < 100 ms, no errors.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nightcramp.diary.factors import BY_NAME

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("NIGHTCRAMP_BENCH_USERS", "200"))
SECONDS = float(os.environ.get("NIGHTCRAMP_BENCH_SECONDS", "5"))
LEVELS = (1, 10, 50)
MAX_REQUESTS_PER_CLIENT = 2000
YEARS_OF_NIGHTS = 5 * 365 + 1

# The built-in factors each loaded person has (with their diary positions 1, 2, ...).
FACTORS = [
    BY_NAME[name]
    for name in (
        "fluids_glasses",
        "exercise_minutes",
        "sitting_hours",
        "alcohol_units",
        "bedtime_stretching",
        "supportive_footwear",
    )
]

LOAD_SQL = """
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined)
SELECT %(hash)s, false, 'scale' || g, '', '', '', false, true, now()
FROM generate_series(1, %(users)s) g;

INSERT INTO diary_factor (user_id, name, label, description, kind, unit, builtin, position)
SELECT u.id, f.name, f.label, '', f.kind, f.unit, true, f.position
FROM auth_user u CROSS JOIN (VALUES {factors}) AS f(name, label, kind, unit, position);

INSERT INTO diary_medicine (user_id, name, dose, as_needed, started, notes, created_at)
SELECT u.id, m.name, m.dose, false, current_date - m.days_ago, '', now()
FROM auth_user u CROSS JOIN (VALUES ('Amlodipine', '5 mg', 900), ('Atorvastatin', '20 mg', 400))
     AS m(name, dose, days_ago);

INSERT INTO diary_night (user_id, night, reported_cramps, cramps, max_severity, soreness,
                         checked_in_at, evening_checked_in_at, notes)
SELECT user_id, night, cramps, cramps,
       CASE WHEN cramps > 0 THEN 1 + floor(random() * 9) END, NULL,
       night + interval '1 day 8 hours', night + interval '20 hours', ''
FROM (SELECT u.id AS user_id, d::date AS night,
             floor(random() * random() * 4)::int AS cramps
      FROM auth_user u
      CROSS JOIN generate_series(current_date - {nights}, current_date - 1,
                                 interval '1 day') d
      WHERE random() < 0.92) s;

ANALYZE;

INSERT INTO diary_factorvalue (user_id, night_id, factor_id, value)
SELECT n.user_id, n.id, f.id,
       CASE WHEN f.kind = 'boolean' THEN (random() < 0.5)::int ELSE round(random() * 8) END
FROM diary_night n JOIN diary_factor f ON f.user_id = n.user_id
WHERE random() < 0.9;

INSERT INTO diary_episode (user_id, night_id, occurred_at, time_zone, leg, muscle, severity,
                           duration_seconds, woke_me, relieved_by, notes, created_at,
                           updated_at)
SELECT user_id, id, night + interval '1 day 3 hours', 'UTC', 'left', 'calf',
       max_severity, 120, true, '["stretching"]', '', now() - interval '1 day',
       now() - interval '1 day'
FROM diary_night WHERE cramps > 0;

SET session_replication_role = DEFAULT;

ANALYZE;
"""

COUNT_SQL = """
SELECT (SELECT count(*) FROM auth_user), (SELECT count(*) FROM diary_night),
       (SELECT count(*) FROM diary_episode), (SELECT count(*) FROM diary_factorvalue)
"""


def load(database_url: str) -> tuple[int, ...]:
    import psycopg
    from django.contrib.auth.hashers import make_password

    factors = ", ".join(
        f"('{f.name}', '{f.label}', '{f.kind}', '{f.unit}', {position})"
        for position, f in enumerate(FACTORS, start=1)
    )
    sql = LOAD_SQL.format(factors=factors, nights=YEARS_OF_NIGHTS)
    from nightcramp.testing.live import PASSWORD

    parameters = {"hash": make_password(PASSWORD), "users": USERS}
    with psycopg.connect(database_url, autocommit=True) as connection:
        # A bulk load of consistent rows: skip the per-row foreign-key triggers (Django's
        # constraints are deferred, so each row would queue three checks until commit).
        connection.execute("SET session_replication_role = replica")
        for statement in filter(str.strip, sql.split(";")):
            started = time.monotonic()
            connection.execute(statement, parameters if "%(" in statement else None)
            first_line = statement.strip().splitlines()[0]
            print(f"  {time.monotonic() - started:6.1f} s  {first_line}", flush=True)
        return connection.execute(COUNT_SQL).fetchone()


def measure(clients: list, action: str) -> tuple[list[float], int]:
    """Every client repeats ``action`` for SECONDS; returns latencies and errors."""
    from nightcramp.testing import live

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = threading.Barrier(len(clients))
    deadline: list[float] = []

    def work(client: live.Client) -> None:
        start.wait()
        if not deadline:
            deadline.append(time.monotonic() + SECONDS)
        mine, bad = [], 0
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() > deadline[0]:
                break
            if action == "log a cramp":  # each tap a new cramp: its own key and time
                client.taps = getattr(client, "taps", 0) + 1
                tapped_at = datetime.now(UTC) - timedelta(seconds=31 * client.taps)
                tap = {"client_key": str(uuid.uuid4()), "tapped_at": tapped_at.isoformat()}
                answer, expected = client.post("/cramp/", tap), 302
            else:
                answer, expected = client.get(PAGES[action]), 200
            mine.append(answer.seconds)
            bad += answer.status != expected
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 300)
    return latencies, errors[0]


PAGES = {"dashboard": "/dashboard/", "home": "/?screen=day", "check-ins": "/checkins/"}


def run(database_url: str) -> None:
    import platform

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nightcramp.web.settings")
    os.environ.setdefault("NIGHTCRAMP_HOME", tempfile.mkdtemp(prefix="nightcramp-scale-"))
    import django

    django.setup()
    from django.core.management import call_command

    from nightcramp.cli.serve import default_workers
    from nightcramp.testing import live

    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    users, nights, episodes, values = load(database_url)
    print(
        f"Loaded {users:,} users x 5 years: {nights:,} nights, {episodes:,} episodes, "
        f"{values:,} factor values in {time.monotonic() - started:.0f} s"
    )
    workers = default_workers()
    print(
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"gunicorn {workers} sync workers; PostgreSQL on loopback; {SECONDS:g} s per cell"
    )
    env = live.server_env(Path(os.environ["NIGHTCRAMP_HOME"]), database_url)
    with live.running_server(env, workers=workers) as server:
        clients = []
        for number in range(1, max(LEVELS) + 1):
            client = live.Client(server.port)
            client.sign_in(f"scale{number}", live.PASSWORD)
            clients.append(client)
        for client in clients:  # a warm cache: each dashboard computed once
            client.get("/dashboard/")
        print(
            f"{'page':<12} {'clients':>7} {'requests':>8} {'errors':>6} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        )
        for action in (*PAGES, "log a cramp"):
            for level in LEVELS:
                latencies, errors = measure(clients[:level], action)
                p50, p95, p99 = live.percentiles(latencies)
                print(
                    f"{action:<12} {level:>7} {len(latencies):>8} {errors:>6} "
                    f"{p50:>7.0f} {p95:>7.0f} {p99:>7.0f}",
                    flush=True,
                )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        run(os.environ["DATABASE_URL"])
        return
    script = ROOT / "scripts" / "with-postgres"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run([str(script), sys.executable, __file__, "--inside"], env=env)
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
