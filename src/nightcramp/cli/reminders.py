"""``nightcramp reminders``: an iCalendar file of bedtime and check-in reminders."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from nightcramp.cli.base import app, check_writable, cli_user, fail, print_json, write_file


@app.command()
def reminders(
    ics: Annotated[
        Path, typer.Option("--ics", help="The .ics file to write ('-' for stdout).", dir_okay=False)
    ],
    bedtime: Annotated[
        str | None, typer.Option(help="Bedtime stretching, HH:MM (default 22:00).")
    ] = None,
    checkin: Annotated[
        str | None, typer.Option(help="Evening check-in, HH:MM (default 21:00).")
    ] = None,
    morning: Annotated[
        str | None, typer.Option(help="Morning check-in, HH:MM (default 07:30).")
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="IANA time zone, e.g. Europe/London (default: your profile's)."),
    ] = None,
    days: Annotated[int, typer.Option(min=1, max=3660, help="How many evenings.")] = 90,
    start: Annotated[
        str | None, typer.Option(help="First evening, YYYY-MM-DD (default: today).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was written as JSON.")
    ] = False,
) -> None:
    """Write calendar reminders (bedtime routine, evening and morning check-ins, tonight's
    trial arm).

    Times stay at the same local time across daylight-saving changes. Import the file
    into your calendar app, or use the private feed link of the web app to stay in sync.
    """
    from datetime import date, timedelta

    from nightcramp.reports.ics import CalendarInputError, parse_clock, zone_named

    try:
        bedtime_at = parse_clock(bedtime, "--bedtime") if bedtime else None
        checkin_at = parse_clock(checkin, "--checkin") if checkin else None
        morning_at = parse_clock(morning, "--morning") if morning else None
        if tz:
            zone_named(tz)
    except CalendarInputError as exc:
        message = str(exc)
        raise fail(message if "--" in message else f"--tz: {message}") from None
    try:
        first = date.fromisoformat(start) if start else None
    except ValueError:
        raise fail(f"--start '{start}' is not a date in YYYY-MM-DD form") from None
    if first is not None and first > date.max - timedelta(days=days + 1):
        raise fail(f"--start {first}: {days} evenings would run past the year 9999")

    if str(ics) != "-":
        check_writable(ics, "--ics")
    user = cli_user()
    from nightcramp.diary.models import CalendarFeed
    from nightcramp.reports.ics import Revision, active_trial_plan, calendar_for_user

    feed = CalendarFeed.objects.filter(user=user).first()
    bedtime_at = bedtime_at or (feed.bedtime if feed else parse_clock("22:00", "--bedtime"))
    checkin_at = checkin_at or (feed.evening_checkin if feed else parse_clock("21:00", "--checkin"))
    morning_at = morning_at or (feed.morning_checkin if feed else parse_clock("07:30", "--morning"))
    try:
        tz = tz or default_zone_name(user)
        data = calendar_for_user(
            user,
            bedtime=bedtime_at,
            evening_checkin=checkin_at,
            morning_checkin=morning_at,
            time_zone=tz,
            start=first,
            days=days,
            revision=Revision(feed.revision, feed.modified_at) if feed else None,
        )
        plan = active_trial_plan(user)
    except CalendarInputError as exc:
        raise fail(f"your running self-experiment cannot go in the calendar: {exc}") from None
    if str(ics) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_file(ics, data, "--ics")
    _report(ics, (bedtime_at, checkin_at, morning_at), tz, days, plan, as_json)


def system_zone_name(localtime: Path = Path("/etc/localtime")) -> str:
    """The computer's zone from the /etc/localtime link (e.g. Europe/London), or ""."""
    target = os.path.realpath(localtime)
    return target.split("/zoneinfo/", 1)[1] if "/zoneinfo/" in target else ""


def default_zone_name(user) -> str:
    """The profile's zone, else NIGHTCRAMP_TIME_ZONE/TZ, else the computer's, else UTC."""
    from nightcramp.diary.models import Profile
    from nightcramp.reports.ics import CalendarInputError, zone_named

    profile = Profile.objects.filter(user=user).only("time_zone").first()
    candidates = (
        profile.time_zone if profile else "",
        os.environ.get("NIGHTCRAMP_TIME_ZONE", ""),
        os.environ.get("TZ", ""),
        system_zone_name(),
    )
    for name in candidates:
        if not name:
            continue
        try:
            return zone_named(name).key
        except CalendarInputError:
            continue
    return "UTC"


def _report(ics, times, tz, days, plan, as_json) -> None:
    zone = tz
    bedtime_at, checkin_at, morning_at = times
    if as_json:
        print_json(
            {
                "file": str(ics),
                "time_zone": zone,
                "bedtime": bedtime_at.strftime("%H:%M"),
                "evening_checkin": checkin_at.strftime("%H:%M"),
                "morning_checkin": morning_at.strftime("%H:%M"),
                "days": days,
                "trial": plan.get("intervention") if plan else None,
            }
        )
        return
    trial = (
        f", with tonight's arm of your '{plan.get('intervention')}' self-experiment" if plan else ""
    )
    typer.echo(
        f"Wrote {ics}: bedtime routine at {bedtime_at:%H:%M}, evening check-in at "
        f"{checkin_at:%H:%M} and morning check-in at {morning_at:%H:%M} ({zone}), every day "
        f"for {days} days{trial}."
    )
