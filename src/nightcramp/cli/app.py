"""Entry point: imports each command module (light) so it registers its commands.

The order here is the order of ``nightcramp --help``: diary first, then insight, then
interchange and the server.
"""

from __future__ import annotations

from importlib import import_module

from nightcramp.cli.base import app

COMMAND_MODULES = (
    "diary",  # log, checkin, import, export
    "profile",  # profile, medicine
    "screen",
    "analyze",
    "trial",
    "report",
    "reminders",
    "activity",
    "demo",
    "serve",
    "backup",  # backup, restore
)

for _module in COMMAND_MODULES:
    import_module(f"nightcramp.cli.{_module}")


def main() -> None:
    import sys

    if sys.argv[1:] == ["--help"]:
        sys.stdout.write(top_level_help())
        return
    app()


def top_level_help() -> str:
    """``nightcramp --help``, the same text Typer prints, without building every command's
    options first (Typer inspects the signature and type hints of all commands for any
    invocation: about 40 % of the start of ``--help``). A test compares the two."""
    import inspect

    from typer._click import Context
    from typer.core import TyperCommand, TyperGroup
    from typer.main import get_command_name, solve_typer_info_help

    commands: dict = {}
    for info in app.registered_commands:
        name = info.name or get_command_name(info.callback.__name__)
        text = inspect.cleandoc(info.help) if info.help else inspect.getdoc(info.callback)
        commands[name] = TyperCommand(
            name, help=text, short_help=info.short_help, hidden=info.hidden, rich_markup_mode=None
        )
    for info in app.registered_groups:
        name = info.name if isinstance(info.name, str) else info.typer_instance.info.name
        commands[name] = TyperGroup(
            name=name, help=solve_typer_info_help(info), rich_markup_mode=None
        )
    group = TyperGroup(
        name="nightcramp", help=app.info.help, commands=commands, rich_markup_mode=None
    )
    with Context(group, info_name="nightcramp") as ctx:
        return group.get_help(ctx) + "\n"
