"""Consistent copies of the whole database, taken while the server runs, and their restore.

SQLite: SQLite's online backup API (a snapshot, also while other processes write).
PostgreSQL: ``pg_dump`` in its custom format, restored with ``pg_restore``.
Errors are ``BackupError`` with a message naming what is wrong; nothing is written then.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
NOT_INSTALLED = (
    "{tool} was not found: backups of a PostgreSQL database use PostgreSQL's own {tool}. "
    "Install PostgreSQL's client tools (Debian/Ubuntu: apt-get install postgresql-client, "
    "the same major version as the server or newer) and try again"
)


class BackupError(Exception):
    pass


def is_sqlite(database: dict) -> bool:
    return database["ENGINE"].endswith("sqlite3")


def backup(database: dict, target: Path) -> str:
    """Copy the database into ``target`` (written whole or not at all); returns a summary."""
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise BackupError(f"{target}: the folder {target.parent} does not exist")
    temporary = target.with_name(f".{target.name}.partial")
    try:
        if is_sqlite(database):
            _sqlite_backup(Path(database["NAME"]), temporary)
        else:
            _pg_dump(database, temporary)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return f"{target} ({target.stat().st_size:,} bytes)"


def _sqlite_backup(source: Path, temporary: Path) -> None:
    if not source.exists():
        raise BackupError(f"there is no database at {source} yet: nothing to back up")
    with (
        contextlib.closing(sqlite3.connect(source, timeout=30)) as live,
        contextlib.closing(sqlite3.connect(temporary)) as copy,
    ):
        live.backup(copy)  # one step: a consistent snapshot of the live database
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        (result,) = copy.execute("PRAGMA quick_check").fetchone()
    if result != "ok":
        raise BackupError(f"the copy of {source} failed its integrity check: {result}")


def _pg_environment(database: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[name] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def _run_pg_tool(tool: str, arguments: list[str], database: dict) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(NOT_INSTALLED.format(tool=tool))
    done = subprocess.run(
        [executable, *arguments],
        env=_pg_environment(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")


def _pg_dump(database: dict, temporary: Path) -> None:
    _run_pg_tool(
        "pg_dump",
        ["--format=custom", "--no-owner", f"--file={temporary}", database["NAME"]],
        database,
    )


def accounts_in(database: dict) -> int:
    """How many accounts the database holds (0 when it has no tables yet)."""
    from django.db import connection

    if "auth_user" not in connection.introspection.table_names():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM auth_user")
        return cursor.fetchone()[0]


def check_backup_file(database: dict, source: Path) -> None:
    """Refuse a file that is missing or not a backup of this kind of database."""
    try:
        with source.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        raise BackupError(f"{source}: no such file") from None
    except OSError as exc:
        raise BackupError(f"{source}: cannot read ({exc.strerror})") from None
    if is_sqlite(database):
        if not head.startswith(SQLITE_HEADER):
            kind = " (it is a PostgreSQL dump)" if head.startswith(PG_DUMP_HEADER) else ""
            raise BackupError(f"{source} is not an SQLite backup{kind}")
        with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as db:
            names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "diary_night" not in names:
            raise BackupError(f"{source} is an SQLite database, but not a nightcramp backup")
    elif not head.startswith(PG_DUMP_HEADER):
        kind = " (it is an SQLite backup)" if head.startswith(SQLITE_HEADER) else ""
        raise BackupError(f"{source} is not a pg_dump file made by `nightcramp backup`{kind}")


def restore(database: dict, source: Path) -> None:
    """Replace the database's contents with the backup in ``source`` (checked first)."""
    check_backup_file(database, source)
    from django.db import connections

    connections.close_all()
    if is_sqlite(database):
        with (
            contextlib.closing(sqlite3.connect(source)) as backup_db,
            contextlib.closing(sqlite3.connect(database["NAME"], timeout=30)) as live,
        ):
            backup_db.backup(live)
    else:
        _run_pg_tool(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={database['NAME']}",
                str(source),
            ],
            database,
        )
