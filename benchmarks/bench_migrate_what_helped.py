"""How long the "what helped?" migration (diary 0006: one answer -> a list) takes.

It runs once, when a server is upgraded, while nobody can log a cramp. This fills a fresh
database at migration 0005 with CRAMPS cramps (the seven answers and no answer, in turn),
times `migrate diary 0006` and checks that every answer came through as a list of itself.

Run: `python benchmarks/bench_migrate_what_helped.py` (SQLite in a temporary folder), or
`scripts/with-postgres python benchmarks/bench_migrate_what_helped.py` (PostgreSQL).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta

CRAMPS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
BEFORE = ("diary", "0005_routine_answer_kept")
AFTER = "0006_what_helped_several"
ANSWERS = ["stretching", "walking", "massage", "heat", "painkiller", "waited", "other", ""]


def fill_old_diary(cramps: int) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    apps = MigrationExecutor(connection).loader.project_state([BEFORE]).apps
    user = apps.get_model("auth", "User").objects.create(username="migrating")
    night = apps.get_model("diary", "Night").objects.create(
        user=user, night=date(2026, 1, 1), cramps=1
    )
    Episode = apps.get_model("diary", "Episode")
    start = datetime(2026, 1, 2, 3, tzinfo=UTC)
    Episode.objects.bulk_create(
        (
            Episode(
                user=user,
                night=night,
                occurred_at=start + timedelta(seconds=i),
                relieved_by=ANSWERS[i % len(ANSWERS)],
            )
            for i in range(cramps)
        ),
        batch_size=5000,
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nightcramp.web.settings")
    with tempfile.TemporaryDirectory(prefix="nightcramp-bench-") as home:
        os.environ["NIGHTCRAMP_HOME"] = home  # SQLite's file, unless DATABASE_URL is set
        measure()


def measure() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("migrate", *BEFORE, verbosity=0)
    fill_old_diary(CRAMPS)
    wall, cpu = time.perf_counter(), time.process_time()
    call_command("migrate", BEFORE[0], AFTER, verbosity=0)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    from nightcramp.diary.models import Episode

    stored = Counter(tuple(a) for a in Episode.objects.values_list("relieved_by", flat=True))
    expected = Counter(
        (ANSWERS[i % len(ANSWERS)],) if ANSWERS[i % len(ANSWERS)] else () for i in range(CRAMPS)
    )
    assert stored == expected, "an answer was lost or changed"
    print(
        f"{connection.vendor}: {CRAMPS} cramps migrated to lists in {wall:.2f} s wall, "
        f"{cpu:.2f} s CPU in this process; every answer kept"
    )


if __name__ == "__main__":
    main()
