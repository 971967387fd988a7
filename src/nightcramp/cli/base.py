"""The Typer application and the helpers every command shares (light imports only)."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

app = typer.Typer(
    name="nightcramp",
    help="Night leg cramps: log them, check whether they need a doctor, find what helps you.\n\n"
    "Not medical advice: see a clinician if cramps are severe, frequent or come with "
    "swelling, weakness, numbness or dark urine.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def setup_django() -> None:
    """Configure Django and bring the database schema up to date (quietly)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nightcramp.web.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def cli_user():
    """Django set up, and the CLI's account (created on first use)."""
    setup_django()
    from nightcramp.diary.store import local_user

    return local_user()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print an error on stderr and return the Exit to raise."""
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True).print(Text("Error: ", style="bold red") + Text(message), soft_wrap=True)
    return typer.Exit(code)
