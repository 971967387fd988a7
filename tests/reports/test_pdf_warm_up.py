"""A server warms the report renderer up before anyone asks for a report."""

from __future__ import annotations

import os
import subprocess
import sys

WARM_UP = """
import sys
from nightcramp.cli.base import setup_django
setup_django()
heavy = ("weasyprint", "matplotlib.pyplot", "scipy.stats", "pydyf")
before = [m for m in heavy if m in sys.modules]
from nightcramp.reports.pdf import warm_up
warm_up()
print(before, [m for m in heavy if m not in sys.modules])
"""


def test_warm_up_loads_the_renderer_charts_and_statistics(tmp_path):
    env = dict(os.environ, NIGHTCRAMP_HOME=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", WARM_UP], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[] []"  # none loaded before, none missing after
