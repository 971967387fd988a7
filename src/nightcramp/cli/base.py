"""The Typer application and the helpers every command shares (light imports only)."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any

import typer

app = typer.Typer(
    name="nightcramp",
    help="Night leg cramps: log them, check whether they need a doctor, find what helps you.\n\n"
    "Not medical advice: see a clinician if cramps are severe, frequent or come with "
    "swelling, weakness, numbness or dark urine.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: Rich rendering cost ~60 % of `nightcramp --help`
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
    from nightcramp.web.insight.cache import bump_at_exit

    user = local_user()
    bump_at_exit(user.pk)  # the web dashboard recomputes after what the command wrote
    return user


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print an error on stderr and return the Exit to raise."""
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True).print(Text("Error: ", style="bold red") + Text(message), soft_wrap=True)
    return typer.Exit(code)


def check_writable(path: Path, option: str) -> None:
    """Refuse, before any work, an output path whose folder is missing or that is a folder."""
    if path.is_dir():
        raise fail(f"{option} {path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise fail(f"{option} {path}: the folder {path.parent} does not exist")


def write_file(path: Path, content: bytes, option: str) -> None:
    """Write all of ``content`` or nothing: a temporary file beside ``path``, then a rename,
    so a failure (disk full, no permission) never leaves a half-written file behind."""
    import os
    import tempfile

    check_writable(path, option)
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise fail(f"{option} {path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise fail(f"{option} {path}: cannot write ({exc.strerror})") from None


def read_json(path: Path, option: str) -> Any:
    """A JSON file, or a clear refusal naming the option, file, line and column."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(f"{option} {path}: no such file") from None
    except OSError as exc:
        raise fail(f"{option} {path}: cannot read ({exc.strerror})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(f"{option} {path}: the file is UTF-16; save it as UTF-8 and try again")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail(
            f"{option} {path}, line {line}: byte 0x{data[exc.start]:02x} is not UTF-8; "
            "save the file as UTF-8 and try again"
        ) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise fail(
            f"{option} {path}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except ValueError as exc:
        raise fail(f"{option} {path}: not valid JSON ({exc})") from None
    except RecursionError:
        raise fail(f"{option} {path}: not valid JSON (nested too deeply)") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")
