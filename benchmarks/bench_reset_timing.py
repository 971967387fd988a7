"""Does the password-reset page's answer time tell whether an address has an account?

Django's own form sends the mail inside the request, so a known address answers only
after the SMTP server has taken the mail, an unknown one at once: the page says the same
words, but its timing gives the account away. nightcramp hands the mail to a background
thread. This prints the answer time (median and 95th percentile, in-process test client)
for a known and an unknown address, with each form, against a real SMTP server (aiosmtpd,
in its own process) that takes DELAY seconds per mail, like a distant one.

Run: `python benchmarks/bench_reset_timing.py` (about half a minute).
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = 40
DELAY = 0.2  # seconds the SMTP server takes for each mail


class SlowInbox:
    """aiosmtpd handler for the server process: accepts every mail after DELAY seconds."""

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(DELAY)
        return "250 Message accepted for delivery"


def start_smtp_server(port: int) -> subprocess.Popen:
    """In its own process, as a real mail server is: not competing for this one's GIL."""
    here = Path(__file__).resolve().parent
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "bench_reset_timing.SlowInbox"],
        env={**os.environ, "PYTHONPATH": str(here)},
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the SMTP server did not start")


def djangos_form():
    """Django's PasswordResetForm as it is, taking (and ignoring) the view's address."""
    from django.contrib.auth.forms import PasswordResetForm

    class DjangosForm(PasswordResetForm):
        def __init__(self, *args, address: str = "", **kwargs) -> None:
            super().__init__(*args, **kwargs)

    return DjangosForm


def measure(client, addresses: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Median and 95th percentile (ms) per address; the addresses take turns, so a
    machine that gets busier or quieter during the run affects both alike."""
    from django.core.cache import cache
    from tests.smtp import mail_sent

    timings: dict[str, list[float]] = {kind: [] for kind in addresses}
    for _ in range(REQUESTS):
        for kind, address in addresses.items():
            cache.clear()  # the per-address and per-email limits would stop the run
            start = time.perf_counter()
            response = client.post("/accounts/password/reset/", {"email": address})
            timings[kind].append(time.perf_counter() - start)
            assert response.status_code == 302, response.status_code
            mail_sent()
    result = {}
    for kind, values in timings.items():
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        result[kind] = (statistics.median(values) * 1000, p95 * 1000)
    return result


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ["NIGHTCRAMP_HOME"] = tempfile.mkdtemp(prefix="nightcramp-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "nightcramp.web.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from tests.smtp import free_port, smtp_settings

    from nightcramp.web.accounts import views

    call_command("migrate", verbosity=0)
    get_user_model().objects.create_user("nora", "nora@example.org", "night cramp tester 2468")
    port = free_port()
    server = start_smtp_server(port)
    for name, value in smtp_settings(port).items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    print(f"SMTP server taking {DELAY * 1000:.0f} ms per mail; {REQUESTS} requests each")
    print(f"{'form':<28} {'address':<8} {'p50 ms':>8} {'p95 ms':>8}")
    ours = views.PasswordResetView.form_class
    try:
        for label, form_class in (("Django's (mail in request)", djangos_form()),
                                  ("nightcramp's (background)", ours)):  # fmt: skip
            views.PasswordResetView.form_class = form_class
            addresses = {"known": "nora@example.org", "unknown": "x@example.org"}
            for kind, (p50, p95) in measure(client, addresses).items():
                print(f"{label:<28} {kind:<8} {p50:8.1f} {p95:8.1f}")
    finally:
        views.PasswordResetView.form_class = ours
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
