"""``nightcramp backup FILE`` and ``nightcramp restore FILE``: the whole database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nightcramp.cli.base import app, fail


def _database() -> dict:
    """The configured database (Django set up, nothing migrated or created)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nightcramp.web.settings")
    import django

    django.setup()
    from django.conf import settings

    return settings.DATABASES["default"]


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the copy.")],
) -> None:
    """Copy the whole database (every account) into FILE, also while the server runs.

    SQLite: a consistent snapshot through SQLite's backup API. PostgreSQL (DATABASE_URL):
    pg_dump's custom format, so PostgreSQL's client tools must be installed.
    """
    from nightcramp.backup import BackupError
    from nightcramp.backup import backup as make_backup

    database = _database()
    try:
        summary = make_backup(database, file)
    except BackupError as error:
        raise fail(str(error)) from None
    typer.echo(f"Backup written: {summary}. Restore it with: nightcramp restore {file}")


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A file made by `nightcramp backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that already holds accounts.")
    ] = False,
) -> None:
    """Put a backup made by `nightcramp backup` back, replacing the database's contents.

    Refuses a database that already holds accounts unless --force is given (stop the
    server first, and back up what is there if it may be needed).
    """
    from nightcramp.backup import BackupError, accounts_in, check_backup_file
    from nightcramp.backup import restore as put_back

    database = _database()
    try:
        check_backup_file(database, file)
        accounts = accounts_in(database)
        if accounts and not force:
            raise fail(
                f"the database already holds {accounts} account(s); restoring {file} would "
                "replace all of them. Back it up first if needed, then run again with --force"
            )
        put_back(database, file)
    except BackupError as error:
        raise fail(str(error)) from None
    from nightcramp.cli.base import setup_django

    setup_django()  # a backup from an older version: bring its tables up to date
    from nightcramp.web.insight.cache import forget_all

    forget_all()  # dashboards computed before the restore are not shown
    typer.echo(f"Restored {file}: {accounts_in(database)} account(s).")
