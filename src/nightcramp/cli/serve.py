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
    from django.core.management import call_command

    typer.echo(f"nightcramp on http://{host}:{port}/  (Ctrl+C to stop)")
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)
