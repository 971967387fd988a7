"""A server loads every view and compiles every template before anyone asks (issue 14).

Django loads the URLconf (and with it every view module) at a worker's first request and
compiles a template the first time it renders it; ``nightcramp serve`` does both in the
master before forking, so no one's first dashboard pays for them.
"""

from __future__ import annotations

import os
import subprocess
import sys

WARM_UP = """
import sys
from nightcramp.cli.base import setup_django
setup_django()
from django.template import engines
modules = ("nightcramp.web.insight.views", "nightcramp.web.care.report_views",
           "nightcramp.stats.forest")
before = [m for m in modules if m in sys.modules]
from nightcramp.web.server import warm_up_pages
names = warm_up_pages()
loader = engines["django"].engine.template_loaders[0]
cached = {key.split("-")[0] for key in loader.get_template_cache}
print(before, [m for m in modules if m not in sys.modules],
      "web/dashboard.html" in names, sorted(set(names) - cached))
"""


def test_warm_up_imports_the_views_and_compiles_the_templates(tmp_path):
    env = dict(os.environ, NIGHTCRAMP_HOME=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", WARM_UP], env=env, capture_output=True, text=True, check=True
    ).stdout
    # none loaded before, none missing after; the dashboard among them, every one cached
    assert out.strip() == "[] [] True []"
