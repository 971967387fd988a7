"""`nightcramp backup` and `nightcramp restore`: a diary goes out and comes back whole.

Each command runs as a fresh process on its own database: SQLite in a temporary data
folder, or a new database on the PostgreSQL server when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess
import sys

from nightcramp.testing import live


def nightcramp(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from nightcramp.cli.app import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def exported(env: dict[str, str]) -> dict:
    done = nightcramp(env, "export", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_diary_round_trips_through_backup_and_restore(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    backup_file = tmp_path / "nightcramp.backup"
    with (
        live.server_database(tmp_path / "a") as first,
        live.server_database(tmp_path / "b") as second,
    ):
        assert nightcramp(first, "demo", "--months", "2").returncode == 0
        nightcramp(first, "log", "--leg", "left", "--muscle", "calf", "--severity", "7")
        diary = exported(first)
        assert diary["nights"] and diary["episodes"]

        done = nightcramp(first, "backup", str(backup_file))
        assert done.returncode == 0, done.stderr
        assert "Backup written" in done.stdout

        done = nightcramp(second, "restore", str(backup_file))
        assert done.returncode == 0, done.stderr
        assert "1 account(s)" in done.stdout
        assert exported(second) == diary

        # A database with accounts is never replaced by accident ...
        nightcramp(first, "log", "--leg", "right", "--muscle", "foot")
        done = nightcramp(first, "restore", str(backup_file))
        assert done.returncode == 2
        assert "already holds 1 account(s)" in done.stderr and "--force" in done.stderr
        assert len(exported(first)["episodes"]) == len(diary["episodes"]) + 1
        # ... only on purpose.
        done = nightcramp(first, "restore", "--force", str(backup_file))
        assert done.returncode == 0, done.stderr
        assert exported(first) == diary


def test_restore_refuses_what_is_not_a_backup(tmp_path) -> None:
    not_a_backup = tmp_path / "nights.csv"
    not_a_backup.write_text("night,cramps\n2025-01-01,1\n")
    with live.server_database(tmp_path) as env:
        done = nightcramp(env, "restore", str(not_a_backup))
        assert done.returncode == 2
        assert f"{not_a_backup} is not" in done.stderr
        done = nightcramp(env, "restore", str(tmp_path / "missing.backup"))
        assert done.returncode == 2
        assert "no such file" in done.stderr


def test_backup_names_a_bad_target(tmp_path) -> None:
    with live.server_database(tmp_path) as env:
        nightcramp(env, "log", "--leg", "left")
        done = nightcramp(env, "backup", str(tmp_path / "no-such-folder" / "x.backup"))
        assert done.returncode == 2
        assert "does not exist" in done.stderr
