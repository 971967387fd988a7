"""``nightcramp report``: the clinician PDF (and its figures as JSON)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from nightcramp.cli.base import app, check_writable, cli_user, fail, print_json, write_file


def _parse_day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} '{text}' is not a date in YYYY-MM-DD form") from None


@app.command()
def report(
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Write the clinician report (A4 PDF) here.")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First night (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last night (YYYY-MM-DD).")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report's figures as JSON.")
    ] = False,
) -> None:
    """A one-to-two-page clinician report (PDF) of your diary; default: all of it.

    Frequency, trend, severity, time of night, medicines, red flags and what you have tried.
    """
    if pdf is None and not as_json:
        raise fail("give --pdf FILE for the clinician report, or --json for its figures")
    first, last = _parse_day(start, "--from"), _parse_day(end, "--to")
    if first and last and first > last:
        raise fail(f"--from {first} is after --to {last}")
    if pdf is not None and pdf.is_dir():
        raise fail(f"--pdf {pdf} is a folder; give a file name such as report.pdf")
    if pdf is not None:
        check_writable(pdf, "--pdf")
    user = cli_user()
    if as_json:
        from nightcramp.reports.summary import gather, report_figures

        print_json(report_figures(gather(user, first, last)))
    if pdf is not None:
        write_file(pdf, _build_with_progress(user, first, last), "--pdf")
        typer.echo(f"Wrote {pdf}", err=True)


def _build_with_progress(user, first: date | None, last: date | None) -> bytes:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from nightcramp.reports.pdf import STEPS, build_report_pdf

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("Clinician report", total=len(STEPS))
        done = {"steps": 0}

        def step(name: str) -> None:
            progress.update(task, completed=done["steps"], description=name)
            done["steps"] += 1

        content = build_report_pdf(user, first, last, progress=step)
        progress.update(task, completed=len(STEPS))
    return content
