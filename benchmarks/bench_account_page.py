"""The account page's weight (bytes of HTML, and gzipped) and the time-zone search's cost.

Before the time-zone picker (issue 14) the page carried a <select> of every zone: 37,544
bytes (7,067 gzipped), measured on the 2-core shared dev VM. The search figures are CPU
time per query inside a running process (the index is built once, at warm-up).
Run: `python benchmarks/bench_account_page.py` (SQLite in a temporary folder).
"""

from __future__ import annotations

import gzip
import os
import tempfile
import time

QUERIES = ["kolk", "par", "new york", "india", "america", "calcutta", "são paulo", "lo"]
ROUNDS = 50


def main() -> None:
    os.environ["NIGHTCRAMP_HOME"] = tempfile.mkdtemp(prefix="nightcramp-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nightcramp.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from nightcramp.diary.store import set_time_zone
    from nightcramp.web.accounts import zones

    call_command("migrate", verbosity=0)
    start = time.process_time()
    zones.warm_up()
    print(
        f"search index: {len(zones.all_zones())} zones, built in "
        f"{(time.process_time() - start) * 1000:.0f} ms CPU"
    )
    user = get_user_model().objects.create_user("bench", "", "bench password 2468")
    set_time_zone(user, "Europe/Paris")
    client = Client()
    client.force_login(user)
    for url in ("/accounts/", "/accounts/zones/?q=kolk", "/accounts/zones/?q=america"):
        body = client.get(url, HTTP_HOST="127.0.0.1").content
        print(f"{url}: {len(body):,} bytes of HTML, {len(gzip.compress(body)):,} gzipped")

    start = time.process_time()
    for _ in range(ROUNDS):
        for query in QUERIES:
            zones.search(query)
    per_query = (time.process_time() - start) / (ROUNDS * len(QUERIES))
    print(f"search: {per_query * 1000:.2f} ms CPU per query ({len(QUERIES)} queries x {ROUNDS})")


if __name__ == "__main__":
    main()
