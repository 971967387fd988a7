"""Commands run in a fresh process, as a person runs them.

The in-process ``cli`` fixture has Django set up already, so it cannot see a command that
imports the models before setting Django up (``import --json`` and ``trial analyze``
failed that way on every real run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ENTRY = "from nightcramp.cli.app import main; main()"


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["NIGHTCRAMP_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_import_json_and_trial_analyze_work_in_a_fresh_process(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    dump = tmp_path / "all.json"
    export = {
        "format": "nightcramp-export",
        "version": 1,
        "nights": [{"night": "2025-01-01", "cramps": 2}],
    }
    dump.write_text(json.dumps(export))
    restored = run(home, "import", "--json", dump)
    assert restored.returncode == 0, restored.stderr
    assert "Restored 1 nights" in restored.stdout

    refused = run(home, "trial", "analyze", "--json")
    assert "Traceback" not in refused.stderr
    assert refused.returncode == 2 and "no stored trial" in refused.stderr

    diary = tmp_path / "nights.csv"
    diary.write_text("night,cramps\n2025-01-01,1\n")
    medicines = run(home, "analyze", "--diary", diary, "--medicines", "--json")
    assert medicines.returncode == 0, medicines.stderr
    assert json.loads(medicines.stdout)["nights_used"] == 1
