"""``nightcramp --help`` in a fresh process loads no heavy library, Rich included: the
help is Typer's plain help (Rich rendering was most of a 16x-bare-Python start). The time
itself is measured in benchmarks/bench_cli_startup.py, never asserted here."""

from __future__ import annotations

import os
import subprocess
import sys

HELP = """
import sys
sys.argv = ["nightcramp", *sys.argv[1:]]
import nightcramp.cli.app as app
try:
    app.main()
except SystemExit:
    pass
heavy = ("rich", "django", "numpy", "scipy", "weasyprint", "matplotlib", "yaml", "icalendar")
print([m for m in heavy if m in sys.modules], file=sys.stderr)
"""


def test_help_loads_no_heavy_library(tmp_path):
    env = dict(os.environ, NIGHTCRAMP_HOME=str(tmp_path))
    for args in (["--help"], ["log", "--help"], ["export", "--help"]):
        done = subprocess.run(
            [sys.executable, "-c", HELP, *args], env=env, capture_output=True, text=True
        )
        assert done.stdout.startswith("Usage: nightcramp"), done.stdout
        assert done.stderr.strip().splitlines()[-1] == "[]", (args, done.stderr)


TYPER_HELP = """
import sys
sys.argv = ["nightcramp", "--help"]
from nightcramp.cli.app import app
app()
"""


def test_the_quick_top_level_help_is_typers_own_text(tmp_path):
    """``nightcramp --help`` skips building every command's options; its text must be
    exactly what Typer itself prints, at any terminal width."""
    for columns in ("80", "120"):
        env = dict(os.environ, NIGHTCRAMP_HOME=str(tmp_path), COLUMNS=columns)
        quick = subprocess.run(
            [sys.executable, "-c", HELP, "--help"], env=env, capture_output=True, text=True
        ).stdout
        typer = subprocess.run(
            [sys.executable, "-c", TYPER_HELP], env=env, capture_output=True, text=True
        ).stdout
        assert quick == typer and "Commands:" in quick and "import-activity" in quick
