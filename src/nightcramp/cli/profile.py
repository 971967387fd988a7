"""``nightcramp profile`` and ``nightcramp medicine``: who you are and what you take."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from nightcramp.cli.base import app, cli_user, fail, print_json

profile_app = typer.Typer(help="Your profile: age, sex, pregnancy, conditions, habits.")
medicine_app = typer.Typer(help="Your medicines, with doses and start/stop dates.")
app.add_typer(profile_app, name="profile")
app.add_typer(medicine_app, name="medicine")

HABITS = {
    "fluids_glasses_per_day": "glasses of fluid a day",
    "exercise_minutes_per_week": "minutes of exercise a week",
    "sitting_hours_per_day": "hours sitting a day",
    "alcohol_units_per_week": "units of alcohol a week",
}


class SexOption(StrEnum):
    female = "female"
    male = "male"
    other = "other"


def _date(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} '{text}' is not a date in YYYY-MM-DD form") from None


def _medicine_date(option: str, text: str | None) -> date | None:
    """A medicine's start or stop date, within the bounds the web form and imports use."""
    from nightcramp.diary.limits import medicine_date_problem

    day = _date(option, text)
    problem = day and medicine_date_problem(day, date.today())
    if problem:
        raise fail(f"{option} {problem}")
    return day


@profile_app.command("show")
def profile_show(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show the profile in the format `nightcramp screen --profile` reads."""
    user = cli_user()
    from nightcramp.diary.profiles import profile_dict

    data = profile_dict(user)
    if as_json:
        print_json(data)
        return
    if not data:
        typer.echo("No profile yet: `nightcramp profile set --age 67 --sex female ...`")
        return
    for key, value in data.items():
        if key == "habits":
            for habit, amount in value.items():
                typer.echo(f"{HABITS.get(habit, habit)}: {amount}")
        elif value not in (None, [], {}):
            shown = ", ".join(value) if isinstance(value, list) else value
            typer.echo(f"{key.replace('_', ' ')}: {shown}")


def _conditions(given: list[str]) -> list[str]:
    """The --condition values as stored (bidi controls removed), within the limits."""
    from nightcramp.diary import limits
    from nightcramp.diary.text import clean_name

    conditions = [c for c in map(clean_name, given) if c]
    if len(conditions) > limits.MAX_CONDITIONS:
        raise fail(f"{len(conditions)} --condition values; at most {limits.MAX_CONDITIONS} fit")
    for condition in conditions:
        problem = limits.too_long(condition, limits.MAX_CONDITION_NAME)
        if problem:
            raise fail(f"--condition '{condition[:30]}...' {problem}")
    return conditions


@profile_app.command("set")
def profile_set(
    age: Annotated[int | None, typer.Option(min=1, max=120)] = None,
    sex: Annotated[SexOption | None, typer.Option()] = None,
    pregnancy_weeks: Annotated[int | None, typer.Option(min=1, max=42)] = None,
    not_pregnant: Annotated[bool, typer.Option("--not-pregnant")] = False,
    condition: Annotated[
        list[str] | None, typer.Option(help="A condition as you would say it (repeatable).")
    ] = None,
    fluids_glasses_per_day: Annotated[float | None, typer.Option(min=0, max=40)] = None,
    exercise_minutes_per_week: Annotated[float | None, typer.Option(min=0, max=5000)] = None,
    sitting_hours_per_day: Annotated[float | None, typer.Option(min=0, max=24)] = None,
    alcohol_units_per_week: Annotated[float | None, typer.Option(min=0, max=500)] = None,
    time_zone: Annotated[str | None, typer.Option(help="e.g. Europe/London")] = None,
) -> None:
    """Set parts of the profile; what you leave out stays as it was."""
    if pregnancy_weeks is not None and not_pregnant:
        raise fail("give --pregnancy-weeks or --not-pregnant, not both")
    if sex is SexOption.male and pregnancy_weeks is not None:
        raise fail("--pregnancy-weeks does not fit --sex male")
    conditions = _conditions(condition) if condition is not None else None
    if time_zone is not None:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(time_zone)
        except Exception:
            raise fail(f"--time-zone '{time_zone}' is not a known time zone") from None
    user = cli_user()
    from nightcramp.diary.models import Profile

    profile, _ = Profile.objects.get_or_create(user=user)
    if age is not None:
        profile.age = age
    if sex is not None:
        profile.sex = sex.value
    if pregnancy_weeks is not None:
        profile.pregnancy_weeks = pregnancy_weeks
    if not_pregnant:
        profile.pregnancy_weeks = None
    if conditions is not None:
        profile.conditions = conditions
    habits = dict(profile.habits)
    for key, value in {
        "fluids_glasses_per_day": fluids_glasses_per_day,
        "exercise_minutes_per_week": exercise_minutes_per_week,
        "sitting_hours_per_day": sitting_hours_per_day,
        "alcohol_units_per_week": alcohol_units_per_week,
    }.items():
        if value is not None:
            habits[key] = value
    profile.habits = habits
    profile.save()
    if time_zone is not None:
        from nightcramp.diary.store import set_time_zone

        set_time_zone(user, time_zone)  # a change moves the calendar feed's reminders too
    typer.echo("Profile saved. `nightcramp screen` checks it again.")


@medicine_app.command("add")
def medicine_add(
    name: Annotated[str, typer.Argument(help="As you would write it, e.g. 'Lasix'.")],
    dose: Annotated[str, typer.Option(help="e.g. '40 mg in the morning'.")] = "",
    started: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    stopped: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    as_needed: Annotated[bool, typer.Option("--as-needed")] = False,
) -> None:
    """Record a medicine you take (or took), with its dates."""
    from nightcramp.diary.limits import MAX_MEDICINE_NAME
    from nightcramp.diary.text import clean_name

    first, last = _medicine_date("--started", started), _medicine_date("--stopped", stopped)
    if first and last and last < first:
        raise fail(f"--stopped {last} is before --started {first}")
    name = clean_name(name)
    if not name:
        raise fail("the medicine needs a name")
    if len(name) > MAX_MEDICINE_NAME:
        raise fail(
            f"the medicine name is {len(name)} characters long; at most {MAX_MEDICINE_NAME} fit"
        )
    if len(dose.strip()) > 100:
        raise fail(f"--dose is {len(dose.strip())} characters long; at most 100 fit")
    user = cli_user()
    from nightcramp.diary.models import Medicine

    medicine = Medicine.objects.create(
        user=user,
        name=name,
        dose=dose.strip(),
        started=first,
        stopped=last,
        as_needed=as_needed,
    )
    typer.echo(f"Saved medicine #{medicine.id}: {medicine.name}")


@medicine_app.command("list")
def medicine_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List your medicines."""
    user = cli_user()
    from nightcramp.diary.models import Medicine

    rows = [
        {
            "id": m.id,
            "name": m.name,
            "dose": m.dose,
            "as_needed": m.as_needed,
            "started": m.started.isoformat() if m.started else None,
            "stopped": m.stopped.isoformat() if m.stopped else None,
        }
        for m in Medicine.objects.filter(user=user)
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("No medicines recorded.")
    for row in rows:
        dates = f"from {row['started'] or '?'}" + (
            f" to {row['stopped']}" if row["stopped"] else ""
        )
        typer.echo(f"#{row['id']} {row['name']} {row['dose']} ({dates})".replace("  ", " "))


@medicine_app.command("stopped")
def medicine_stopped(
    medicine_id: Annotated[int, typer.Argument(help="The number shown by `medicine list`.")],
    on: Annotated[str, typer.Option(help="The date you stopped (YYYY-MM-DD).")],
) -> None:
    """Record the date you stopped a medicine (a decision to take with your prescriber)."""
    last = _medicine_date("--on", on)
    user = cli_user()
    from nightcramp.diary.models import Medicine

    medicine = Medicine.objects.filter(user=user, pk=medicine_id).first()
    if medicine is None:
        raise fail(f"you have no medicine #{medicine_id} (see `nightcramp medicine list`)")
    if medicine.started and last < medicine.started:
        raise fail(f"--on {last} is before it was started ({medicine.started})")
    medicine.stopped = last
    medicine.save()
    typer.echo(f"Recorded: {medicine.name} stopped on {last}.")


@medicine_app.command("remove")
def medicine_remove(medicine_id: Annotated[int, typer.Argument()]) -> None:
    """Delete a medicine entered by mistake."""
    user = cli_user()
    from nightcramp.diary.models import Medicine

    deleted, _ = Medicine.objects.filter(user=user, pk=medicine_id).delete()
    if not deleted:
        raise fail(f"you have no medicine #{medicine_id}")
    typer.echo(f"Deleted medicine #{medicine_id}.")
