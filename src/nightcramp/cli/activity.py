"""``nightcramp import-activity``: daily steps, exercise and sleep from a wearable export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nightcramp.cli.base import app, cli_user, fail, print_json

FILE_OPTION = {"exists": True, "dir_okay": False, "readable": True}
METRIC_LABELS = {
    "steps": "Steps",
    "exercise_minutes": "Exercise (minutes)",
    "sleep_hours": "Sleep (hours)",
}


@app.command("import-activity")
def import_activity(
    apple_health: Annotated[
        Path | None,
        typer.Option(
            help="Apple Health export.xml (from 'Export All Health Data').", **FILE_OPTION
        ),
    ] = None,
    google_fit: Annotated[
        Path | None,
        typer.Option(help="Google Fit Takeout 'Daily activity metrics.csv'.", **FILE_OPTION),
    ] = None,
    fitbit: Annotated[
        Path | None,
        typer.Option(
            help="Fitbit: the Google Takeout export (its folder or the .zip) or the older "
            "data-export CSV (Activities and/or Sleep).",
            exists=True,
            readable=True,
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option(help="Overwrite values already in your diary for those nights.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import daily steps, exercise minutes and sleep hours as factors of your nights.

    All or nothing: a malformed file is refused with the line named, and nothing is
    written. Values you already entered for a night are kept unless you give --replace.
    """
    chosen = [
        (kind, path)
        for kind, path in (
            ("apple_health", apple_health),
            ("google_fit", google_fit),
            ("fitbit", fitbit),
        )
        if path is not None
    ]
    if len(chosen) != 1:
        raise fail("give exactly one of --apple-health FILE, --google-fit FILE or --fitbit FILE")
    kind, path = chosen[0]
    from nightcramp.diary import wearables

    parse = {
        "apple_health": wearables.parse_apple_health,
        "google_fit": wearables.parse_google_fit_csv,
        "fitbit": wearables.parse_fitbit_csv,
    }[kind]
    takeout = kind == "fitbit" and (path.is_dir() or path.suffix.lower() == ".zip")
    if takeout:
        parse = wearables.parse_fitbit_takeout
    elif path.is_dir():
        raise fail(f"{path} is a folder: give the export file")
    try:
        nights = _parse_with_progress(parse, path, quiet=as_json, takeout=takeout)
    except wearables.WearableFileError as exc:
        raise fail(f"nothing was imported: {exc}") from None
    if not any(nights.values()):
        raise fail(f"nothing was imported: {path} holds no steps, exercise or sleep data")
    user = cli_user()
    try:
        stored = wearables.store_activity(user, nights, replace=replace, source=kind)
    except wearables.ActivityImportError as exc:
        raise fail(f"nothing was imported: {path}: {exc}") from None
    summary = wearables.summarize(nights)
    for metric, figures in summary["metrics"].items():
        figures["written"] = stored.written[metric]
        figures["measures"] = wearables.measures(kind, metric)
    summary.update({"source": kind, "file": str(path), "kept": stored.kept})
    if as_json:
        print_json(summary)
    else:
        _print_summary(summary)


def _parse_with_progress(parse, path: Path, *, quiet: bool, takeout: bool = False):
    """Run the parser with a progress bar (bytes read) on stderr."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    with Progress(
        TextColumn("Reading {task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    ) as progress:
        if takeout:
            from nightcramp.diary.wearables import takeout_members

            total = sum(size for _name, size in takeout_members(path))
        else:
            total = path.stat().st_size
        task = progress.add_task(path.name, total=total)
        return parse(path, progress=lambda n: progress.advance(task, n))


def _print_summary(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"Imported from {summary['file']}: {summary['nights']} night(s), "
        f"{summary['first']} to {summary['last']}."
    )
    table = Table("What", "Nights with a value", "Average", "Written")
    for metric, figures in summary["metrics"].items():
        mean = "" if figures["mean"] is None else f"{figures['mean']:,.1f}"
        table.add_row(METRIC_LABELS[metric], str(figures["nights"]), mean, str(figures["written"]))
    console.print(table)
    for metric, figures in summary["metrics"].items():
        if figures["nights"]:
            console.print(f"{METRIC_LABELS[metric]}: {figures['measures']}", soft_wrap=True)
    if summary["kept"]:
        console.print(
            f"{summary['kept']} value(s) already in your diary were kept "
            "(use --replace to overwrite them)."
        )
    console.print("Nights without data stay unknown; they are not counted as zero.")
