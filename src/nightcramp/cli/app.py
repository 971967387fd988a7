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
    app()
