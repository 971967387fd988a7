"""``nightcramp serve``: the web app under gunicorn (``--dev``: Django's development server).

gunicorn and Django are imported only when the command runs, so ``nightcramp --help``
stays fast.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from nightcramp.cli.base import app, setup_django

MAX_WORKERS = 8


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, capped: each worker holds ~100 MB."""
    return min(2 * (os.cpu_count() or 1) + 1, MAX_WORKERS)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0: any free port).")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Server processes (default: 2 × cores + 1, at most 8)."),
    ] = None,
    dev: Annotated[
        bool, typer.Option("--dev", help="Django's development server instead (one process).")
    ] = False,
) -> None:
    """Serve the web app on http://HOST:PORT with gunicorn (migrating the database first).

    For many people: PostgreSQL (DATABASE_URL) behind a reverse proxy with HTTPS (README).
    """
    from nightcramp import paths

    # The workers share one cache (sign-in throttling, the dashboard): a folder.
    os.environ.setdefault("NIGHTCRAMP_CACHE_DIR", str(paths.home() / "cache"))
    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    if dev:
        _run_dev_server(host, port)
        return
    from nightcramp.web.server import run

    run(f"{host}:{port}", workers or default_workers())


def _run_dev_server(host: str, port: int) -> None:
    import threading

    from django.core.management import call_command

    from nightcramp.web.server import warm_up

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    typer.echo(f"nightcramp (development server) on http://{host}:{port}/  (Ctrl+C to stop)")
    call_command("runserver", f"{host}:{port}", use_reloader=False)
