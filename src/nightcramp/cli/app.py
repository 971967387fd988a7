"""Entry point: imports each command module (light) so it registers its commands."""

from __future__ import annotations

from nightcramp.cli import diary, profile, serve  # noqa: F401  (each registers its commands)
from nightcramp.cli.base import app


def main() -> None:
    app()
