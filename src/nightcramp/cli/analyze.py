"""``nightcramp analyze``: which factors go with more or fewer cramps in your diary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nightcramp.cli.base import app, cli_user, fail, print_json


def load_diary(diary: Path | None):
    """The table from ``--diary FILE`` (refused with file/line/column) or the stored diary."""
    if diary is not None:
        from nightcramp.diary.csvio import DiaryFileError, read_diary_csv

        try:
            return read_diary_csv(diary)
        except DiaryFileError as exc:
            raise fail(f"--diary: {exc}") from None
    user = cli_user()
    from nightcramp.diary.store import load_table

    return load_table(user)


def _stored_medicines() -> list[dict]:
    user = cli_user()  # sets Django up before the models are imported
    from nightcramp.diary.models import Medicine

    return [
        {"name": m.name, "started": m.started, "stopped": m.stopped}
        for m in Medicine.objects.filter(user=user, started__isnull=False)
    ]


@app.command()
def analyze(
    diary: Annotated[
        Path | None,
        typer.Option(help="A nights.csv to analyse instead of your stored diary."),
    ] = None,
    medicines: Annotated[
        bool,
        typer.Option(
            "--medicines/--no-medicines",
            help="Also compare cramps before and after the start date of each medicine in "
            "your profile.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Which factors go with more or fewer cramps for you (rate ratios, honest p-values)."""
    table = load_diary(diary)
    from nightcramp.stats.triggers import analyze as analyze_table

    result = analyze_table(table)
    if medicines:
        from nightcramp.stats.timeline import medicine_timeline

        result["medicines"] = medicine_timeline(table, _stored_medicines())
    if as_json:
        print_json(result)
        return
    _print_result(result)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _print_result(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{result['nights_used']}[/] nights with a morning check-in.")
    table = Table(title="Factors and your cramp rate", show_lines=False)
    for column in ("Factor", "Per", "Rate ratio (95 % CI)", "p", "q", ""):
        table.add_column(column)
    for entry in result["factors"]:
        if not entry["enough_data"]:
            more = entry.get("nights_needed")
            note = f"not enough data (~{more} more nights)" if more else "not enough data"
            table.add_row(entry["factor"], f"{entry['per']:g}", note, "", "", "")
            continue
        table.add_row(
            entry["factor"],
            f"{entry['per']:g}",
            f"{_fmt(entry['rate_ratio'])} ({_fmt(entry['ci_low'])}–{_fmt(entry['ci_high'])})",
            _fmt(entry["p_value"], 3),
            _fmt(entry["q_value"], 3),
            "[bold yellow]stands out[/]" if entry["flagged"] else "",
        )
    if result["factors"]:
        console.print(table)
    console.print(result["message"])
    for medicine in result.get("medicines", []):
        console.print(f"• {medicine['message']}")
    console.print(
        "[dim]Rate ratio above 1: more cramps on nights with more of the factor. "
        "Method: docs/statistics.md.[/]"
    )
