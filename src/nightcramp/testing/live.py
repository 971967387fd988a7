"""A real nightcramp server on loopback and signed-in HTTP clients for it.

Used by the concurrency test and the benchmarks: ``nightcramp serve`` (gunicorn) runs in
a child process against its own database, clients sign in through the real login page
(session and CSRF cookies), and every request is timed. Only loopback addresses are used,
and every loop is bounded in count and time.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Server:
    """A running ``nightcramp serve`` child process."""

    port: int
    process: subprocess.Popen
    env: dict[str, str]
    log: list[str] = field(default_factory=list)

    @property
    def pids(self) -> list[int]:
        """The gunicorn master and its workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        workers = [int(p) for p in children.read_text().split()] if children.exists() else []
        return [self.process.pid, *workers]

    def django(self, code: str) -> object:
        """Run ``code`` (which prints one JSON value) in a fresh process on the server's
        database, with Django set up; returns the parsed value."""
        script = "import django, json\ndjango.setup()\n" + code
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"server-side script failed:\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def server_env(home: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of a server on its own data folder (and database, when given)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        NIGHTCRAMP_HOME=str(home),
        DJANGO_SETTINGS_MODULE="nightcramp.web.settings",
        NIGHTCRAMP_SECRET_KEY="live-server-test-key-" + secrets.token_hex(8),
        NIGHTCRAMP_CACHE_DIR=str(home / "cache"),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@contextmanager
def running_server(
    env: dict[str, str], workers: int = 3, start_timeout: float = 120
) -> Iterator[Server]:
    """``nightcramp serve`` on 127.0.0.1 with a port the system picks; stopped on exit."""
    command = [
        sys.executable,
        "-c",
        "from nightcramp.cli.app import main; main()",
        "serve",
        "--port",
        "0",
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    server = Server(0, process, env)
    reader = threading.Thread(target=_read_log, args=(server,), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + start_timeout
        while not server.port:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + "".join(server.log))
            time.sleep(0.1)
        _wait_until_answering(server, deadline)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(timeout=5)


def _read_log(server: Server) -> None:
    assert server.process.stdout is not None
    for line in server.process.stdout:
        server.log.append(line)
        found = LISTENING.search(line)
        if found and not server.port:
            server.port = int(found.group(1))


def _wait_until_answering(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            status = Client(server.port).get("/accounts/login/").status
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server never answered:\n" + "".join(server.log))


@dataclass
class Response:
    status: int
    location: str
    body: str
    seconds: float


class Client:
    """One device: its own cookies (session, CSRF), a new connection per request."""

    def __init__(self, port: int, timeout: float = 60) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str] | None = None) -> Response:
        form = dict(data or {})
        form.setdefault("csrfmiddlewaretoken", self.cookies.get("csrftoken", ""))
        return self.request("POST", path, urllib.parse.urlencode(form))

    def request(self, method: str, path: str, body: str | None = None) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header, value in answer.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(answer.status, answer.getheader("Location") or "", text, seconds)

    def sign_in(self, username: str, password: str) -> None:
        page = self.get("/accounts/login/")
        token = CSRF_INPUT.search(page.body)
        data = {"username": username, "password": password}
        if token:
            data["csrfmiddlewaretoken"] = token.group(1)
        answer = self.post("/accounts/login/", data)
        if answer.status != 302:
            raise RuntimeError(f"sign-in as {username} failed: HTTP {answer.status}")


PASSWORD = "a long live-test passphrase 7"

CREATE_ACCOUNTS = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from nightcramp.diary.models import Night
hashed = make_password({password!r})
past = timezone.now().date() - timedelta(days=10)
out = {{}}
for name in {names!r}:
    user = get_user_model().objects.create(username=name, password=hashed)
    out[name] = [Night.objects.create(user=user, night=past).pk, past.isoformat()]
print(json.dumps(out))
"""


def create_accounts(server: Server, names: list[str]) -> dict[str, tuple[int, str]]:
    """Accounts (with PASSWORD), each with one past night: name -> (its id, its date)."""
    code = CREATE_ACCOUNTS.format(password=PASSWORD, names=names)
    return {k: tuple(v) for k, v in server.django(code).items()}  # type: ignore[union-attr]


EPISODES = """
from nightcramp.diary.models import Episode
out = {{}}
for name, pk, notes in Episode.objects.filter(user__username__in={names!r}).values_list(
        "user__username", "pk", "notes"):
    out.setdefault(name, []).append([pk, notes])
print(json.dumps(out))
"""


def stored_episodes(server: Server, names: list[str]) -> dict[str, list[tuple[int, str]]]:
    """username -> (id, notes) of every stored episode."""
    return server.django(EPISODES.format(names=names))  # type: ignore[return-value]


@dataclass
class Outcome:
    """What one client saw: each request's action, status and time; cramps acknowledged."""

    username: str
    timings: list[tuple[str, int, float]] = field(default_factory=list)
    acknowledged: set[int] = field(default_factory=set)  # episode ids the server sent back
    acknowledged_notes: list[str] = field(default_factory=list)  # unique notes, saved
    failures: list[str] = field(default_factory=list)


def run_clients(
    clients: list[tuple[str, Client]],
    step: Callable[[Client, Outcome, int], None],
    rounds: int,
    seconds: float,
) -> list[Outcome]:
    """Every client runs ``step`` up to ``rounds`` times, all at once, until ``seconds``
    have passed; returns what each saw."""
    outcomes = [Outcome(name) for name, _ in clients]
    start = threading.Barrier(len(clients))
    deadline = time.monotonic() + seconds

    def work(client: Client, outcome: Outcome) -> None:
        start.wait()
        for number in range(rounds):
            if time.monotonic() > deadline:
                return
            try:
                step(client, outcome, number)
            except OSError as exc:
                outcome.failures.append(f"connection error: {exc}")

    threads = [
        threading.Thread(target=work, args=(client, outcome))
        for (_, client), outcome in zip(clients, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return outcomes


EPISODE_URL = re.compile(r"/episodes/(\d+)/")


def log_cramps(client: Client, outcome: Outcome, number: int, night: tuple[int, str]) -> None:
    """One round of a person logging: Cramp now, one detail, a remembered cramp (marked
    with a unique note, as the form does not send its id back)."""
    answer = client.post("/cramp/")
    if _check(outcome, "cramp now", answer, expect=(302,)):
        found = EPISODE_URL.search(answer.location)
        if found:
            outcome.acknowledged.add(int(found.group(1)))
        else:
            outcome.failures.append(f"cramp now: redirected to {answer.location}")
    if outcome.acknowledged:
        pk = max(outcome.acknowledged)
        answer = client.post(
            f"/episodes/{pk}/quick/", {"field": "severity", "value": str(number % 11)}
        )
        _check(outcome, "detail", answer, expect=(302,))
    night_pk, night_date = night
    morning = date.fromisoformat(night_date) + timedelta(days=1)
    note = f"remembered {secrets.token_hex(6)}"
    form = {
        "occurred_at": f"{morning.isoformat()}T03:{number % 60:02d}",
        "leg": "left",
        "muscle": "calf",
        "notes": note,
    }
    answer = client.post(f"/nights/{night_pk}/add-cramp/", form)
    if _check(outcome, "add a cramp", answer, expect=(302,)):
        outcome.acknowledged_notes.append(note)


def _check(outcome: Outcome, action: str, answer: Response, expect: tuple[int, ...]) -> bool:
    outcome.timings.append((action, answer.status, answer.seconds))
    if answer.status in expect:
        return True
    outcome.failures.append(f"{action}: HTTP {answer.status}")
    return False


def lost_and_extra(
    outcomes: list[Outcome], stored: dict[str, list[tuple[int, str]]]
) -> tuple[list[str], list[int]]:
    """Acknowledged cramps not stored exactly once, and stored ones never acknowledged."""
    ids: dict[str, set[int]] = {}
    notes: dict[str, list[str]] = {}
    for outcome in outcomes:
        ids.setdefault(outcome.username, set()).update(outcome.acknowledged)
        notes.setdefault(outcome.username, []).extend(outcome.acknowledged_notes)
    lost: list[str] = []
    extra: list[int] = []
    for name in ids:
        rows = stored.get(name, [])
        have_ids = {pk for pk, _ in rows}
        lost += [f"episode {pk}" for pk in sorted(ids[name] - have_ids)]
        have_notes = [text for _, text in rows]
        lost += [f"note {n!r}" for n in notes[name] if have_notes.count(n) != 1]
        extra += [pk for pk, text in rows if pk not in ids[name] and text not in notes[name]]
    return lost, extra


@contextmanager
def fresh_postgres_database(url: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of ``url``; dropped on exit."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = f"nightcramp_live_{secrets.token_hex(4)}"
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def server_database(home: Path) -> Iterator[dict[str, str]]:
    """A server environment on a fresh database of the kind the tests run on: SQLite in
    ``home``, or a new database on the PostgreSQL server that ``DATABASE_URL`` names."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield server_env(home)
        return
    with fresh_postgres_database(url) as fresh:
        yield server_env(home, fresh)


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 in milliseconds (nearest rank)."""
    if not seconds:
        return (float("nan"),) * 3  # type: ignore[return-value]
    ordered = sorted(seconds)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] * 1000

    return rank(50), rank(95), rank(99)
