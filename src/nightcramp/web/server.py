"""The production server: gunicorn serving ``nightcramp.web.wsgi`` from this process.

The master process loads the app, the knowledge base, the medicine index and SciPy once,
freezes them out of the garbage collector's reach and then forks the workers, so those
pages stay shared between workers instead of being copied into each (``gc.freeze``).
"""

from __future__ import annotations

import gc
import sys

from gunicorn.app.base import BaseApplication


def warm_up() -> None:
    """Load what every page needs (knowledge base, medicine index, SciPy, every view and
    template) and the clinician-report renderer (WeasyPrint, Matplotlib, fonts: ~10 s the
    first time) before anyone waits."""
    import scipy.special  # noqa: F401  (every analysis uses it)

    from nightcramp.assessment.matching import load_medicine_index
    from nightcramp.knowledge import load_knowledge
    from nightcramp.reports.pdf import warm_up as warm_up_reports

    load_knowledge()
    load_medicine_index()
    warm_up_pages()
    warm_up_reports()


def warm_up_pages() -> list[str]:
    """Import every view (through the URLconf, which Django otherwise loads at a worker's
    first request) and compile every template of the web app into the template cache, so
    a worker's first dashboard costs what its later ones do. Returns the template names."""
    from pathlib import Path

    from django.template.loader import get_template
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver

    import nightcramp.stats.forest  # noqa: F401  (the dashboard imports these lazily)
    import nightcramp.stats.timeline  # noqa: F401
    import nightcramp.stats.triggers  # noqa: F401

    get_resolver().reverse_dict  # noqa: B018  (imports the views, builds the URL patterns)
    from nightcramp.web.accounts import zones

    zones.warm_up()  # the time-zone search's index
    package = Path(__file__).parents[1]
    names = sorted(
        path.relative_to(folder).as_posix()
        for folder in get_app_template_dirs("templates")
        if folder.is_relative_to(package)
        for path in folder.rglob("*.html")
    )
    for name in names:
        get_template(name)
    return names


def _when_ready(server) -> None:
    for listener in server.LISTENERS:
        print(f"nightcramp on {listener}/  (Ctrl+C to stop)", file=sys.stderr, flush=True)


def _pre_fork(server, worker) -> None:
    """Never hand the master's database connection to a worker."""
    from django.db import connections

    connections.close_all()


class NightcrampServer(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from nightcramp.web.wsgi import application

        warm_up()
        gc.collect()
        gc.freeze()
        return application


def options(bind: str, workers: int) -> dict:
    return {
        "bind": bind,
        "workers": workers,
        "worker_class": "sync",
        "preload_app": True,
        "timeout": 120,  # the clinician PDF of a long diary takes a few seconds
        "graceful_timeout": 20,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "when_ready": _when_ready,
        "pre_fork": _pre_fork,
        "proc_name": "nightcramp",
        "control_socket_disable": True,  # one shared path per user otherwise
    }


def run(bind: str, workers: int) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM)."""
    sys.argv = sys.argv[:1]  # gunicorn reads its own options from argv; ours are parsed
    NightcrampServer(options(bind, workers)).run()
