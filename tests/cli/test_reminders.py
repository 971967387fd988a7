"""``nightcramp reminders --ics``: a calendar file for the CLI's user."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

from icalendar import Calendar

from nightcramp.diary.models import CalendarFeed, Profile, Trial
from nightcramp.diary.store import local_user

PLAN = {
    "intervention": "bedtime stretching",
    "start": "2026-03-24",
    "end": "2026-03-29",
    "washout_nights": 0,
    "periods": [
        {"start": "2026-03-24", "end": "2026-03-26", "arm": "intervention"},
        {"start": "2026-03-27", "end": "2026-03-29", "arm": "control"},
    ],
}


def timed(calendar: Calendar) -> dict[str, datetime]:
    return {
        str(e.get("summary")): e.decoded("dtstart")
        for e in calendar.events
        if isinstance(e.decoded("dtstart"), datetime)
    }


def test_writes_the_reminders_with_the_given_times(cli, tmp_path):
    out = tmp_path / "out.ics"
    result = cli(
        "reminders",
        "--ics",
        out,
        "--bedtime",
        "22:30",
        "--checkin",
        "20:45",
        "--morning",
        "06:40",
        "--tz",
        "Europe/London",
        "--days",
        "30",
        "--start",
        "2026-03-20",
    )
    assert result.exit_code == 0, result.output
    assert "22:30" in result.output and "Europe/London" in result.output
    assert "morning check-in at 06:40" in result.output
    calendar = Calendar.from_ical(out.read_bytes())
    starts = timed(calendar)
    assert starts["Bedtime stretching routine"].replace(tzinfo=None) == datetime(
        2026, 3, 20, 22, 30
    )
    assert starts["Evening check-in"].replace(tzinfo=None) == datetime(2026, 3, 20, 20, 45)
    assert str(starts["Evening check-in"].tzinfo) == "Europe/London"
    assert starts["Morning check-in"].replace(tzinfo=None) == datetime(2026, 3, 21, 6, 40)
    assert "COUNT=30" in out.read_text()


def test_uses_the_profile_zone_the_feed_times_and_the_active_trial(cli, tmp_path):
    user = local_user()
    Profile.objects.create(user=user, time_zone="America/New_York")
    CalendarFeed.objects.create(user=user, bedtime=time(23, 15), evening_checkin=time(20, 0))
    Trial.objects.create(
        user=user,
        intervention="bedtime stretching",
        start=date(2026, 3, 24),
        end=date(2026, 3, 29),
        period_nights=3,
        pairs=1,
        seed=1,
        plan=PLAN,
    )
    out = tmp_path / "mine.ics"
    result = cli("reminders", "--ics", out, "--start", "2026-03-24", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["time_zone"] == "America/New_York"
    assert (summary["bedtime"], summary["trial"]) == ("23:15", "bedtime stretching")
    calendar = Calendar.from_ical(out.read_bytes())
    assert str(timed(calendar)["Bedtime stretching routine"].tzinfo) == "America/New_York"
    arms = {
        e.decoded("dtstart"): str(e.get("summary"))
        for e in calendar.events
        if not isinstance(e.decoded("dtstart"), datetime)
    }
    assert arms[date(2026, 3, 26)] == "Tonight: intervention — bedtime stretching"
    assert arms[date(2026, 3, 27)] == "Tonight: control — no bedtime stretching"


def test_finished_trials_are_not_in_the_calendar(cli, tmp_path):
    Trial.objects.create(
        user=local_user(),
        intervention="bedtime stretching",
        start=date(2026, 3, 24),
        end=date(2026, 3, 29),
        period_nights=3,
        pairs=1,
        seed=1,
        plan=PLAN,
        status=Trial.Status.FINISHED,
    )
    out = tmp_path / "out.ics"
    assert cli("reminders", "--ics", out, "--start", "2026-03-24").exit_code == 0
    assert "Tonight:" not in out.read_text()


def test_bad_time_names_the_option_and_writes_nothing(cli, tmp_path):
    out = tmp_path / "out.ics"
    result = cli("reminders", "--ics", out, "--bedtime", "10pm")
    assert result.exit_code == 2
    assert "--bedtime" in result.output and "HH:MM" in result.output
    result = cli("reminders", "--ics", out, "--checkin", "25:00")
    assert result.exit_code == 2
    assert "--checkin" in result.output
    assert not out.exists()


def test_bad_zone_names_the_option(cli, tmp_path):
    out = tmp_path / "out.ics"
    result = cli("reminders", "--ics", out, "--tz", "Europe/Londres")
    assert result.exit_code == 2
    assert "--tz" in result.output and "Europe/Londres" in result.output
    assert not out.exists()


def test_days_out_of_range_is_refused(cli, tmp_path):
    result = cli("reminders", "--ics", tmp_path / "out.ics", "--days", "0")
    assert result.exit_code == 2
    assert "--days" in result.output


def test_dash_writes_the_calendar_to_stdout(cli):
    result = cli("reminders", "--ics", "-", "--tz", "UTC", "--days", "3", "--start", "2026-01-01")
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(result.stdout_bytes)
    starts = timed(calendar)
    assert starts["Bedtime stretching routine"] == datetime(2026, 1, 1, 22, 0, tzinfo=UTC)


def test_zone_falls_back_to_the_environment_then_the_computer(cli, tmp_path, monkeypatch):
    from nightcramp.cli.reminders import default_zone_name, system_zone_name

    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Paris")
    assert system_zone_name(link) == "Europe/Paris"
    assert system_zone_name(tmp_path) == ""
    user = local_user()
    monkeypatch.setenv("NIGHTCRAMP_TIME_ZONE", "Not/AZone")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert default_zone_name(user) == "Asia/Tokyo"  # an unknown name is passed over
    Profile.objects.create(user=user, time_zone="Australia/Sydney")
    assert default_zone_name(user) == "Australia/Sydney"
