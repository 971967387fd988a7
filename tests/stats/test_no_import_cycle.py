"""stats.simulate and stats.trials do not import each other (issue 13): simulate -> trials only."""

from __future__ import annotations

from pathlib import Path

import nightcramp.stats
from tests.source import imported_modules

STATS = Path(nightcramp.stats.__file__).parent


def _imports(module: str) -> set[str]:
    return imported_modules(STATS / f"{module}.py")


def test_trials_does_not_import_simulate():
    assert "nightcramp.stats.simulate" not in _imports("trials")


def test_no_stats_module_imports_one_that_imports_it_back():
    modules = [p.stem for p in STATS.glob("*.py") if p.stem != "__init__"]
    graph = {
        m: {i.rsplit(".", 1)[-1] for i in _imports(m) if i.startswith("nightcramp.stats.")}
        for m in modules
    }
    cycles = [(a, b) for a in graph for b in graph[a] if a in graph.get(b, set())]
    assert cycles == []
