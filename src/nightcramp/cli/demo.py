"""``nightcramp demo``: fill an empty diary with invented nights, to try everything out."""

from __future__ import annotations

from typing import Annotated

import typer

from nightcramp.cli.base import app, cli_user, fail


@app.command()
def demo(
    months: Annotated[
        int, typer.Option(min=1, max=60, help="How many months of nights (up to 5 years).")
    ] = 6,
    seed: Annotated[int, typer.Option(help="Same seed, same diary.")] = 1,
) -> None:
    """Fill an EMPTY diary with a realistic, invented demo (for trying the app and reports).

    Uses the CLI's account; set NIGHTCRAMP_USER=NAME to fill a web account of that name.
    """
    user = cli_user()
    from nightcramp.diary.demo import make_demo_diary

    try:
        summary = make_demo_diary(user, months=months, seed=seed)
    except ValueError as error:
        raise fail(str(error)) from None
    typer.echo(
        f"Demo diary for '{user.get_username()}': {summary.nights_recorded} nights recorded "
        f"from {summary.start} to {summary.end}, {summary.cramps} cramps "
        f"({summary.episodes} logged in detail). All of it is invented."
    )
