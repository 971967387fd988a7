"""Many people logging cramps at once on the real server: every write waits its turn.

gunicorn (``nightcramp serve``) runs with several worker processes on loopback against a
fresh database (SQLite in a temporary folder, or PostgreSQL when the suite runs on it).
Six people with two signed-in devices each tap "Cramp now", set a detail and add a
remembered cramp, all at once, for a bounded number of rounds. No request may fail and
every cramp the server acknowledged must be stored, exactly once, with nothing else.
"""

from __future__ import annotations

import functools

from nightcramp.testing import live

PEOPLE = 6
DEVICES = 2
ROUNDS = 8
SECONDS = 90


def test_simultaneous_cramps_all_saved_without_errors(tmp_path) -> None:
    names = [f"person{i}" for i in range(PEOPLE)]
    with live.server_database(tmp_path) as env, live.running_server(env, workers=3) as server:
        nights = live.create_accounts(server, names)
        clients = []
        for name in names:
            for _ in range(DEVICES):
                client = live.Client(server.port)
                client.sign_in(name, live.PASSWORD)
                clients.append((name, client))
        steps = {name: functools.partial(live.log_cramps, night=nights[name]) for name in names}
        outcomes = live.run_clients(
            clients,
            lambda client, outcome, number: steps[outcome.username](client, outcome, number),
            rounds=ROUNDS,
            seconds=SECONDS,
        )
        stored = live.stored_episodes(server, names)
    failures = [f for o in outcomes for f in o.failures]
    assert failures == [], f"{len(failures)} failed requests, e.g. {failures[:3]}"
    requests = sum(len(o.timings) for o in outcomes)
    assert requests == PEOPLE * DEVICES * ROUNDS * 3, "every round ran within the time bound"
    lost, extra = live.lost_and_extra(outcomes, stored)
    assert lost == [], f"acknowledged cramps missing from the diary: {lost}"
    assert extra == [], f"cramps stored that no device was told about: {extra}"
    assert sum(len(v) for v in stored.values()) >= PEOPLE * DEVICES * ROUNDS
