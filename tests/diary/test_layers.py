"""The house shows what it is: the diary depends on nothing in ``stats`` (statistics use the
diary, never the other way round), and ``reports`` holds only what goes out (PDF, FHIR,
calendar) — imports from other apps and the demo diary live with the diary."""

from __future__ import annotations

from pathlib import Path

from tests.source import imported_modules

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "nightcramp"


def test_nothing_in_the_diary_imports_the_statistics():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(m for m in imported_modules(path) if "stats" in m)
        for path in (PACKAGE / "diary").rglob("*.py")
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_reports_hold_only_what_goes_out():
    modules = {p.stem for p in (PACKAGE / "reports").glob("*.py")} - {"__init__"}
    assert not modules & {"wearables", "demo"}
    assert (PACKAGE / "diary" / "wearables.py").exists() and (
        PACKAGE / "diary" / "demo.py"
    ).exists()
