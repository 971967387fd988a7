"""``nightcramp serve``: the web app on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from nightcramp.cli.base import app, setup_django


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Start the web app (migrating the database first) on http://HOST:PORT."""
    setup_django()
    import threading

    from django.core.management import call_command

    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()

    typer.echo(f"nightcramp on http://{host}:{port}/  (Ctrl+C to stop)")
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)


def _warm_up() -> None:
    """Load the slow parts (knowledge base, medicine index, SciPy) while nobody waits."""
    from nightcramp.assessment.matching import load_medicine_index
    from nightcramp.knowledge import load_knowledge

    load_knowledge()
    load_medicine_index()
    import scipy.special  # noqa: F401  (used by every analysis)
