"""Diary commands: ``log``, ``checkin``, ``import``, ``export``."""

from __future__ import annotations

import io
import math
import re
import sys
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from nightcramp.cli.base import app, check_writable, cli_user, fail, print_json, write_file


class LegOption(StrEnum):
    left = "left"
    right = "right"
    both = "both"


class MuscleOption(StrEnum):
    calf = "calf"
    foot = "foot"
    toes = "toes"
    front_thigh = "front_thigh"
    back_thigh = "back_thigh"


class ReliefOption(StrEnum):
    stretching = "stretching"
    walking = "walking"
    massage = "massage"
    heat = "heat"
    painkiller = "painkiller"
    waited = "waited"
    other = "other"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    fhir = "fhir"  # FHIR R4 Bundle (nightcramp.reports.fhir)


class BundleType(StrEnum):
    document = "document"  # Composition first: for the person to hand over
    transaction = "transaction"  # every entry a POST: for a FHIR server


class DrugNames(StrEnum):
    us = "us"  # acetaminophen, albuterol
    international = "international"  # paracetamol, salbutamol


def parse_moment(text: str | None, zone) -> datetime:
    """'now', 'HH:MM' (the most recent such time) or 'YYYY-MM-DD HH:MM' in the user's zone."""
    now = datetime.now(zone)
    if not text or text == "now":
        return now
    if re.fullmatch(r"\d{1,2}:\d{2}", text):
        hour, minute = map(int, text.split(":"))
        if hour > 23 or minute > 59:
            raise ValueError(f"'{text}' is not a time of day")
        moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        return moment - timedelta(days=1) if moment > now else moment
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a time: use HH:MM or 'YYYY-MM-DD HH:MM'") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    if moment > now + timedelta(minutes=5):
        raise ValueError(f"'{text}' is in the future")
    if moment.year < 1900:
        raise ValueError(f"'{text}' is before 1900")
    return moment


MAX_DURATION_SECONDS = 24 * 3600
# As the CSV and JSON imports: a count the diary accepts here must also restore from an
# export. The built-in amounts below take the web check-in's daily ceilings.
MAX_CRAMPS = 1000


def parse_duration(text: str) -> int:
    """Seconds from '90s', '2m', '2.5' (minutes) or '1m30s'; at most a day."""
    match = re.fullmatch(
        r"\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?\s*(?:(\d+)\s*s(?:ec)?)?\s*", text, re.ASCII
    )
    if match and (match.group(1) or match.group(2)):
        seconds = float(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    elif re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", text, re.ASCII):
        seconds = float(text) * 60
    else:
        raise ValueError(f"--duration '{text}' is not a duration: use e.g. 90s, 2m or 1m30s")
    if seconds < 0:
        raise ValueError("--duration cannot be negative")
    if seconds > MAX_DURATION_SECONDS:
        raise ValueError(f"--duration '{text}' is longer than a day; use e.g. 90s, 2m or 1m30s")
    return round(seconds)


@app.command()
def log(
    at: Annotated[str, typer.Option(help="When: 'now', 'HH:MM' or 'YYYY-MM-DD HH:MM'.")] = "now",
    leg: Annotated[LegOption | None, typer.Option(help="Which leg.")] = None,
    muscle: Annotated[MuscleOption | None, typer.Option(help="Which muscle group.")] = None,
    severity: Annotated[int | None, typer.Option(min=0, max=10, help="Pain 0–10.")] = None,
    duration: Annotated[str | None, typer.Option(help="How long: 90s, 2m, 1m30s.")] = None,
    woke_me: Annotated[
        bool | None, typer.Option("--woke-me/--did-not-wake-me", help="Did it wake you?")
    ] = None,
    relieved_by: Annotated[
        list[ReliefOption] | None,
        typer.Option(help="What relieved it; repeat for each that helped."),
    ] = None,
    notes: Annotated[str, typer.Option(help="Anything else.")] = "",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the saved episode as JSON.")
    ] = False,
) -> None:
    """Log a cramp, now or at a given time, and see what to do while it lasts."""
    from nightcramp.diary.limits import MAX_NOTE, too_long

    if too_long(notes, MAX_NOTE):
        raise fail(f"--notes {too_long(notes, MAX_NOTE)}")
    user = cli_user()
    from nightcramp.diary.jsonio import episode_to_dict
    from nightcramp.diary.store import record_episode, user_zone

    try:
        moment = parse_moment(at, user_zone(user))
    except ValueError as exc:
        raise fail(f"--at {exc}") from None
    try:
        seconds = parse_duration(duration) if duration else None
    except ValueError as exc:
        raise fail(str(exc)) from None
    episode = record_episode(
        user,
        moment,
        leg=leg.value if leg else "",
        muscle=muscle.value if muscle else "",
        severity=severity,
        duration_seconds=seconds,
        woke_me=woke_me,
        relieved_by=list(dict.fromkeys(r.value for r in relieved_by or [])),
        notes=notes,
    )
    if as_json:
        print_json(episode_to_dict(episode))
        return
    from rich.console import Console

    console = Console()
    console.print(
        f"[green]Saved[/] cramp at {moment:%H:%M} on the night of {episode.night.night:%a %d %b}."
    )
    _print_relief_steps(console)


def _print_relief_steps(console) -> None:
    from nightcramp.knowledge.relief import relief_steps_text

    console.print(relief_steps_text())


def _parse_factor_value(text: str) -> bool | float:
    lowered = text.strip().lower()
    if lowered in {"true", "yes", "y"}:
        return True
    if lowered in {"false", "no", "n"}:
        return False
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", lowered, re.ASCII):
        raise ValueError(f"'{text}' is neither yes/no nor a number")
    value = float(lowered)
    if not math.isfinite(value):
        raise ValueError(f"'{text}' is too large a number")
    return value


@app.command()
def checkin(
    cramps: Annotated[
        int | None,
        typer.Option(min=0, max=MAX_CRAMPS, help="Morning: cramps last night (0 = none)."),
    ] = None,
    soreness: Annotated[float | None, typer.Option(min=0, max=10, help="Soreness 0–10.")] = None,
    night: Annotated[
        str | None, typer.Option(help="The night (YYYY-MM-DD, its evening's date).")
    ] = None,
    fluids: Annotated[
        float | None, typer.Option(min=0, max=60, help="Glasses of fluid today.")
    ] = None,
    exercise_minutes: Annotated[float | None, typer.Option(min=0, max=24 * 60)] = None,
    exercise_intensity: Annotated[float | None, typer.Option(min=0, max=10)] = None,
    sitting: Annotated[float | None, typer.Option(min=0, max=24, help="Hours sitting.")] = None,
    standing: Annotated[float | None, typer.Option(min=0, max=24, help="Hours standing.")] = None,
    alcohol: Annotated[float | None, typer.Option(min=0, max=100, help="Units of alcohol.")] = None,
    caffeine: Annotated[
        float | None, typer.Option(min=0, max=40, help="Caffeinated drinks.")
    ] = None,
    stretched: Annotated[bool | None, typer.Option("--stretched/--not-stretched")] = None,
    footwear: Annotated[
        bool | None,
        typer.Option("--supportive-footwear/--unsupportive-footwear", help="Footwear today."),
    ] = None,
    foot_support: Annotated[
        bool | None, typer.Option("--foot-support/--no-foot-support", help="Support in bed.")
    ] = None,
    factor: Annotated[
        list[str] | None, typer.Option(help="Your own factor: NAME=VALUE (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Record last night's cramps (--cramps 0 = none) or today's factors.

    Morning: --cramps N (and --soreness) for last night. Evening: today's factors, which
    belong to the night that begins this evening.
    """
    values: dict[str, bool | float | None] = {
        "fluids_glasses": fluids,
        "exercise_minutes": exercise_minutes,
        "exercise_intensity": exercise_intensity,
        "sitting_hours": sitting,
        "standing_hours": standing,
        "alcohol_units": alcohol,
        "caffeine_drinks": caffeine,
        "bedtime_stretching": stretched,
        "supportive_footwear": footwear,
        "foot_support_in_bed": foot_support,
    }
    values = {k: v for k, v in values.items() if v is not None}
    for item in factor or []:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_ ]{0,63}", name):
            raise fail(f"--factor '{item}': use NAME=VALUE, e.g. --factor magnesium=yes")
        try:
            values[name] = _parse_factor_value(raw)
        except ValueError as exc:
            raise fail(f"--factor {name}: {exc}") from None
    if cramps is None and soreness is None and not values:
        raise fail("nothing to record: give --cramps for the morning or factors for the evening")

    user = cli_user()
    from django.utils import timezone

    from nightcramp.diary import store

    zone = store.user_zone(user)
    try:
        chosen = date.fromisoformat(night) if night else None
    except ValueError:
        raise fail(f"--night '{night}' is not a date in YYYY-MM-DD form") from None
    today = timezone.now().astimezone(zone).date()
    if chosen and chosen > today:
        raise fail(f"--night {chosen} is in the future")
    if chosen and chosen.year < 1900:
        raise fail(f"--night {chosen} is before 1900")
    try:
        values = store.coerce_factor_values(user, values)
    except ValueError as exc:
        raise fail(str(exc)) from None
    _check_room_for_factors(user, values)
    result: dict = {}
    if cramps is not None or soreness is not None:
        last_night = chosen or store.last_finished_night(user)
        if last_night > store.last_finished_night(user):
            raise fail(f"--night {last_night}: that night has not finished yet (it ends at 05:00)")
        row = store.morning_checkin(user, last_night, cramps, soreness)
        result["morning"] = {
            "night": str(row.night),
            "cramps": row.cramps,
            "soreness": row.soreness,
        }
    if values:
        evening = chosen or store.tonight(user)
        store.evening_checkin(user, evening, values)
        result["evening"] = {"night": str(evening), "factors": values}
    if as_json:
        print_json(result)
        return
    from rich.console import Console

    console = Console()
    if "morning" in result:
        m = result["morning"]
        if m["cramps"] is None:  # soreness only, and no answer given for that night yet
            console.print(f"Night of {m['night']}: soreness recorded; no cramp count yet.")
        else:
            console.print(f"Night of {m['night']}: [bold]{m['cramps']}[/] cramp(s) recorded.")
    if "evening" in result:
        console.print(f"Night of {result['evening']['night']}: {len(values)} factor(s) recorded.")


def _check_room_for_factors(user, values: dict) -> None:
    """Refuse new factors that would take the diary past its limit, naming it."""
    from nightcramp.diary.limits import too_many_factors
    from nightcramp.diary.models import Factor

    stored = set(Factor.objects.filter(user=user).values_list("name", flat=True))
    new = [name for name in values if name not in stored]
    problem = new and too_many_factors(len(stored) + len(new))
    if problem:
        raise fail(f"--factor {', '.join(new)}: no room for another factor: {problem}")


@app.command("import")
def import_(
    diary: Annotated[
        Path | None, typer.Option(help="Nightly CSV (night, cramps, ...).", dir_okay=False)
    ] = None,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="A full JSON export.", dir_okay=False)
    ] = None,
    update: Annotated[
        bool, typer.Option(help="CSV: replace nights that are already in the diary.")
    ] = False,
    replace: Annotated[
        bool, typer.Option(help="JSON: replace the whole diary with the file.")
    ] = False,
) -> None:
    """Add nights from a CSV file, or restore a JSON export. All or nothing."""
    if (diary is None) == (json_file is None):
        raise fail("give exactly one of --diary FILE or --json FILE")
    from nightcramp.diary.csvio import DiaryFileError

    if diary is not None:
        from nightcramp.diary.csvio import read_diary_csv

        try:
            table = read_diary_csv(diary)
            if not table.rows:
                raise fail(f"nothing was imported: {diary} holds no nights, only a header")
            user = cli_user()
            from nightcramp.diary.store import import_table

            summary = import_table(user, table, file=str(diary), update=update)
        except DiaryFileError as exc:
            raise _refused(exc) from None
        typer.echo(
            f"Imported {summary.nights_added} new night(s)"
            + (f", updated {summary.nights_updated}" if summary.nights_updated else "")
            + f", {summary.values_written} factor value(s)"
            + (
                f"; new factors: {', '.join(summary.factors_created)}"
                if summary.factors_created
                else ""
            )
            + "."
        )
        return
    user = cli_user()  # sets Django up: jsonio imports the models
    from nightcramp.diary.jsonio import ExportFileError, import_everything, read_json_file

    try:
        data = read_json_file(json_file)
        counts = import_everything(user, data, file=str(json_file), replace=replace)
    except ExportFileError as exc:
        raise _refused(exc) from None
    typer.echo("Restored " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".")


def _refused(error: ValueError) -> typer.Exit:
    """One line per problem, each naming the file and where in it; nothing was written."""
    problems = str(error).splitlines()
    if len(problems) == 1:
        return fail(f"nothing was imported: {problems[0]}")
    return fail(f"nothing was imported ({len(problems)} problems):\n" + "\n".join(problems))


@app.command()
def export(
    format: Annotated[
        ExportFormat, typer.Option(help="csv (nightly table), json (everything) or fhir.")
    ] = ExportFormat.csv,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (default: stdout).")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First night (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last night (YYYY-MM-DD).")] = None,
    bundle: Annotated[
        BundleType, typer.Option(help="FHIR: document (to hand over) or transaction (to POST).")
    ] = BundleType.document,
    drug_names: Annotated[
        DrugNames | None,
        typer.Option(help="FHIR: generic names as in the US or elsewhere (default: time zone)."),
    ] = None,
) -> None:
    """Export the diary: the nightly CSV, everything as JSON, or a FHIR R4 Bundle."""
    first = _parse_day(start, "--from")
    last = _parse_day(end, "--to")
    if first and last and first > last:
        raise fail(f"--from {first} is after --to {last}")
    if output is not None:
        check_writable(output, "-o")
    user = cli_user()
    out = io.StringIO()
    if format is ExportFormat.csv:
        from nightcramp.diary.csvio import write_diary_csv
        from nightcramp.diary.store import load_table

        write_diary_csv(load_table(user, first, last), out)
    elif format is ExportFormat.fhir:
        import json

        from nightcramp.reports.fhir import build_fhir_bundle

        names = drug_names.value if drug_names else None
        data = build_fhir_bundle(user, start=first, end=last, bundle_type=bundle.value, names=names)
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        import json

        from nightcramp.diary.jsonio import export_everything

        json.dump(export_everything(user), out, indent=2, ensure_ascii=False)
        out.write("\n")
    if output is None:
        sys.stdout.write(out.getvalue())
        return
    write_file(output, out.getvalue().encode("utf-8"), "-o")
    typer.echo(f"Wrote {output}", err=True)


def _parse_day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} '{text}' is not a date in YYYY-MM-DD form") from None
