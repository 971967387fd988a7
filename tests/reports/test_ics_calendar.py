"""The reminders calendar opens in icalendar's parser with the right local times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from nightcramp.reports.ics import (
    CalendarInputError,
    build_reminders_calendar,
    parse_clock,
    trial_nights_of,
    zone_named,
)

LONDON = ZoneInfo("Europe/London")
STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def build(**overrides) -> bytes:
    args = {
        "time_zone": "Europe/London",
        "bedtime": time(22, 0),
        "evening_checkin": time(21, 0),
        "start": date(2026, 3, 25),
        "days": 10,
        "stamp": STAMP,
    }
    args.update(overrides)
    return build_reminders_calendar(**args)


def event_named(calendar: Calendar, summary: str):
    matches = [e for e in calendar.events if str(e.get("summary")) == summary]
    assert len(matches) == 1, summary
    return matches[0]


def occurrences(event) -> list[datetime]:
    """Expand DTSTART + RRULE - EXDATE with dateutil (recurring_ical_events is not installed)."""
    start = event.decoded("dtstart")
    rule = rrulestr(event.get("rrule").to_ical().decode(), dtstart=start)
    excluded = set()
    exdates = event.get("exdate")
    for prop in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        excluded.update(d.dt for d in prop.dts)
    return [moment for moment in rule if moment not in excluded]


def test_calendar_round_trips_through_the_parser():
    data = build()
    calendar = Calendar.from_ical(data)
    assert calendar.to_ical() == data
    assert str(calendar.get("prodid")) == "-//nightcramp//reminders//EN"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()
    for event in calendar.events:
        assert event.get("uid") and event.get("dtstamp")


def test_bedtime_stays_at_local_22_00_across_the_march_change():
    calendar = Calendar.from_ical(build(start=date(2026, 3, 25), days=10))
    routine = event_named(calendar, "Bedtime stretching routine")
    assert routine.get("dtstart").params["TZID"] == "Europe/London"
    moments = occurrences(routine)
    assert len(moments) == 10
    assert all(m.astimezone(LONDON).time() == time(22, 0) for m in moments)
    by_day = {m.date(): m for m in moments}
    # Clocks go forward on 29 March 2026: 22:00 GMT is 22:00 UTC, 22:00 BST is 21:00 UTC.
    assert by_day[date(2026, 3, 28)].astimezone(UTC).hour == 22
    assert by_day[date(2026, 3, 30)].astimezone(UTC).hour == 21


def test_checkin_stays_at_local_21_00_across_the_october_change():
    calendar = Calendar.from_ical(build(start=date(2026, 10, 20), days=10))
    checkin = event_named(calendar, "Evening check-in")
    moments = occurrences(checkin)
    assert all(m.astimezone(LONDON).time() == time(21, 0) for m in moments)
    by_day = {m.date(): m for m in moments}
    # Clocks go back on 25 October 2026.
    assert by_day[date(2026, 10, 24)].astimezone(UTC).hour == 20
    assert by_day[date(2026, 10, 26)].astimezone(UTC).hour == 21


def test_vtimezone_describes_both_changes_of_the_year():
    calendar = Calendar.from_ical(build(start=date(2026, 3, 25), days=240))
    zone = calendar.timezones[0]
    changes = {}
    for part in zone.subcomponents:
        starts = [part.decoded("dtstart")]
        rdates = part.get("rdate")
        for prop in rdates if isinstance(rdates, list) else [rdates] if rdates else []:
            starts.extend(d.dt for d in prop.dts)
        for moment in starts:
            changes[moment.date()] = (part.name, part.decoded("tzoffsetto"))
    assert changes[date(2026, 3, 29)] == ("DAYLIGHT", timedelta(hours=1))
    assert changes[date(2026, 10, 25)] == ("STANDARD", timedelta(0))


def test_each_reminder_has_an_alarm_and_stable_uids():
    first = Calendar.from_ical(build(uid_namespace="u7"))
    again = Calendar.from_ical(build(uid_namespace="u7", stamp=STAMP + timedelta(days=3)))
    other = Calendar.from_ical(build(uid_namespace="u8"))
    uids = [str(e.get("uid")) for e in first.events]
    assert uids == [str(e.get("uid")) for e in again.events]
    assert set(uids).isdisjoint(str(e.get("uid")) for e in other.events)
    for summary in ("Bedtime stretching routine", "Evening check-in"):
        alarms = event_named(first, summary).walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0].get("action")) == "DISPLAY"
        assert alarms[0].decoded("trigger") == timedelta(0)


PLAN = {
    "intervention": "bedtime stretching",
    "start": "2026-03-24",
    "end": "2026-04-06",
    "washout_nights": 2,
    "periods": [
        {"start": "2026-03-24", "end": "2026-03-30", "arm": "control"},
        {"start": "2026-03-31", "end": "2026-04-06", "arm": "intervention"},
    ],
}


def all_day_events(calendar: Calendar) -> dict[date, str]:
    return {
        e.decoded("dtstart"): str(e.get("summary"))
        for e in calendar.events
        if not isinstance(e.decoded("dtstart"), datetime)
    }


def test_trial_arms_fall_on_the_right_nights():
    calendar = Calendar.from_ical(build(start=date(2026, 3, 25), days=20, trial_plan=PLAN))
    nights = all_day_events(calendar)
    # From the first reminder evening (25 March) to the end of the trial, one event a night.
    assert sorted(nights) == [date(2026, 3, 25) + timedelta(days=i) for i in range(13)]
    assert nights[date(2026, 3, 25)] == "Tonight: control — no bedtime stretching (washout night)"
    assert nights[date(2026, 3, 26)] == "Tonight: control — no bedtime stretching"
    assert nights[date(2026, 3, 30)] == "Tonight: control — no bedtime stretching"
    assert nights[date(2026, 3, 31)] == (
        "Tonight: intervention — bedtime stretching (washout night)"
    )
    assert nights[date(2026, 4, 1)] == "Tonight: intervention — bedtime stretching (washout night)"
    assert nights[date(2026, 4, 2)] == "Tonight: intervention — bedtime stretching"
    for event in calendar.events:
        if not isinstance(event.decoded("dtstart"), datetime):
            assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(days=1)


def test_stretching_reminder_is_left_out_on_control_nights_of_a_stretching_trial():
    calendar = Calendar.from_ical(build(start=date(2026, 3, 25), days=20, trial_plan=PLAN))
    routine_days = {
        m.date() for m in occurrences(event_named(calendar, "Bedtime stretching routine"))
    }
    assert date(2026, 3, 30) not in routine_days  # control
    assert date(2026, 3, 31) in routine_days  # intervention (washout, but the arm has begun)
    assert date(2026, 4, 7) in routine_days  # after the trial: back to every night
    checkin_days = {m.date() for m in occurrences(event_named(calendar, "Evening check-in"))}
    assert len(checkin_days) == 20


def test_other_interventions_keep_the_nightly_stretching_reminder():
    plan = dict(PLAN, intervention="tonic water")
    calendar = Calendar.from_ical(build(start=date(2026, 3, 25), days=20, trial_plan=plan))
    routine = occurrences(event_named(calendar, "Bedtime stretching routine"))
    assert len(routine) == 20
    assert all_day_events(calendar)[date(2026, 3, 28)] == "Tonight: control — no tonic water"


def test_gaps_between_periods_are_washout_nights():
    plan = {
        "intervention": "bedtime stretching",
        "start": "2026-05-01",
        "end": "2026-05-09",
        "washout_nights": 1,
        "periods": [
            {"start": "2026-05-01", "end": "2026-05-04", "arm": "intervention"},
            {"start": "2026-05-06", "end": "2026-05-09", "arm": "control"},
        ],
    }
    nights = {n.night: n for n in trial_nights_of(plan)}
    assert len(nights) == 9
    assert nights[date(2026, 5, 1)].arm == "intervention"
    assert not nights[date(2026, 5, 1)].washout
    assert nights[date(2026, 5, 5)].arm == "washout"
    assert nights[date(2026, 5, 5)].summary == "Tonight: washout — no bedtime stretching"
    assert nights[date(2026, 5, 6)].arm == "control"
    assert not nights[date(2026, 5, 6)].washout


def test_feed_holds_no_health_data():
    text = build(trial_plan=PLAN).decode().lower()
    for word in ("cramp count", "severity", "medicine", "quinine", "diagnos"):
        assert word not in text


@pytest.mark.parametrize(
    ("text", "expected"), [("22:00", time(22)), ("7:05", time(7, 5)), (" 23:59 ", time(23, 59))]
)
def test_parse_clock_accepts_24_hour_times(text, expected):
    assert parse_clock(text, "--bedtime") == expected


@pytest.mark.parametrize("text", ["24:00", "22", "10pm", "22:60", "ab:cd", ""])
def test_parse_clock_names_the_option(text):
    with pytest.raises(CalendarInputError, match="--bedtime"):
        parse_clock(text, "--bedtime")


def test_unknown_zone_is_refused():
    with pytest.raises(CalendarInputError, match="Mars/Olympus"):
        zone_named("Mars/Olympus")
    with pytest.raises(CalendarInputError, match="time zone"):
        build(time_zone="Not/AZone")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": "25/03/2026"}, "'start' must be an ISO date"),
        ({"periods": []}, "'periods' must be a non-empty list"),
        (
            {"periods": [{"start": "2026-03-24", "end": "2026-03-30", "arm": "placebo"}]},
            "periods\\[1\\].arm",
        ),
        (
            {
                "periods": [
                    {"start": "2026-03-24", "end": "2026-03-30", "arm": "control"},
                    {"start": "2026-03-29", "end": "2026-04-06", "arm": "intervention"},
                ]
            },
            "overlaps",
        ),
        ({"washout_nights": -1}, "washout_nights"),
    ],
)
def test_bad_trial_plan_is_refused_naming_the_field(change, message):
    with pytest.raises(CalendarInputError, match=message):
        build(trial_plan=dict(PLAN, **change))


def test_days_must_be_positive():
    with pytest.raises(CalendarInputError, match="days"):
        build(days=0)


def test_calendar_agrees_with_the_trial_engine_on_every_night():
    from nightcramp.stats.trials import night_status, plan_trial

    plan = plan_trial("bedtime stretching", date(2026, 3, 2), 7, 4, washout_nights=2, seed=11)
    nights = trial_nights_of(plan)
    assert nights[0].night == date(2026, 3, 2) and len(nights) == 56
    for night in nights:
        status = night_status(plan, night.night)
        assert (night.arm, night.washout) == (status["arm"], status["washout"])


def test_independent_parsers_read_the_same_reminders():
    """vobject and recurring-ical-events (pinned in the test extras) besides icalendar."""
    import recurring_ical_events
    import vobject

    from nightcramp.reports.ics import Revision

    data = build(
        morning_checkin=time(7, 30),
        revision=Revision(3, datetime(2026, 3, 20, 9, 0, tzinfo=UTC)),
    )
    parsed = vobject.readOne(data.decode())
    by_summary = {e.summary.value: e for e in parsed.vevent_list}
    assert set(by_summary) == {"Bedtime stretching routine", "Evening check-in", "Morning check-in"}
    for event in by_summary.values():
        assert event.sequence.value == "3"
        assert event.last_modified.value == datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    bedtimes = list(by_summary["Bedtime stretching routine"].getrruleset())
    assert len(bedtimes) == 10 and all((b.hour, b.minute) == (22, 0) for b in bedtimes)
    window = recurring_ical_events.of(Calendar.from_ical(data)).between(
        date(2026, 3, 28), date(2026, 3, 31)
    )  # the night of the March clock change is inside
    mornings = [e.decoded("dtstart") for e in window if str(e["summary"]) == "Morning check-in"]
    assert [m.astimezone(LONDON).time() for m in mornings] == [time(7, 30)] * 3
    assert [m.utcoffset() for m in mornings] == [
        timedelta(0),
        timedelta(hours=1),
        timedelta(hours=1),
    ]
