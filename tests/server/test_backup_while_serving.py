"""`nightcramp backup` while the server is taking writes gives a consistent copy.

Devices keep logging cramps through the real server while the backup runs; the copy
restores into a fresh database, and every cramp in it is one the live diary also has
(a snapshot: nothing half-written, nothing invented).
"""

from __future__ import annotations

import threading

from nightcramp.testing import live
from tests.cli.test_backup_restore import nightcramp

PEOPLE = 3


def test_backup_during_writes_is_a_consistent_snapshot(tmp_path) -> None:
    names = [f"writer{i}" for i in range(PEOPLE)]
    backup_file = tmp_path / "during.backup"
    (tmp_path / "live").mkdir()
    (tmp_path / "copy").mkdir()
    with (
        live.server_database(tmp_path / "live") as env,
        live.server_database(tmp_path / "copy") as fresh,
        live.running_server(env, workers=2) as server,
    ):
        nights = live.create_accounts(server, names)
        clients = []
        for name in names:
            client = live.Client(server.port)
            client.sign_in(name, live.PASSWORD)
            clients.append((name, client))
        results = []
        writers = threading.Thread(
            target=lambda: results.extend(
                live.run_clients(
                    clients,
                    lambda c, o, n: live.log_cramps(c, o, n, night=nights[o.username]),
                    rounds=10,
                    seconds=60,
                )
            )
        )
        writers.start()
        done = nightcramp(env, "backup", str(backup_file))
        writers.join()
        assert done.returncode == 0, done.stderr
        live_episodes = live.stored_episodes(server, names)
        restored = nightcramp(fresh, "restore", str(backup_file))
        assert restored.returncode == 0, restored.stderr
        copy_server = live.Server(0, server.process, fresh)
        copied = copy_server.django(
            "from nightcramp.diary.models import Episode\n"
            "print(json.dumps(list(Episode.objects.values_list('pk', 'notes'))))"
        )
    assert [f for o in results for f in o.failures] == []
    everything = {tuple(row) for rows in live_episodes.values() for row in rows}
    assert {tuple(row) for row in copied} <= everything
