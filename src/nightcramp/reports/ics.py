"""Calendar reminders as iCalendar (RFC 5545): plain data in, ``.ics`` bytes out.

The calendar holds:

- a daily recurring event for the bedtime stretching routine, one for the evening
  check-in and one for the morning check-in ("last night: cramps or none?" — a night
  without it counts as unknown), at local wall-clock times with a ``TZID`` and the zone's
  ``VTIMEZONE``, so 22:00 stays 22:00 local on both sides of a daylight-saving change;
- during a self-experiment, one all-day event per night saying which arm tonight
  ("Tonight: intervention — bedtime stretching" / "Tonight: control — no bedtime
  stretching"), with washout nights marked.

UIDs are stable (derived from ``uid_namespace`` and the event's meaning, never random),
so a calendar app that re-reads the feed updates events instead of duplicating them; every
event carries the stored ``revision`` as its SEQUENCE and the time of that revision as
LAST-MODIFIED, so an app that caches events sees when the times were changed.
Nothing about cramps or health is written: only times and the trial's arm.

icalendar is imported lazily so the CLI stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PRODID = "-//nightcramp//reminders//EN"
UID_DOMAIN = "nightcramp"
ROUTINE_MINUTES = 10
CHECKIN_MINUTES = 5
MORNING_CHECKIN_MINUTES = 5
MAX_DAYS = 3660
ARMS = ("intervention", "control")
MEDICINE_NOTE = (
    "This self-experiment names a prescription medicine: follow only the plan your "
    "prescriber agreed; do not start, stop or change it on your own."
)


class CalendarInputError(ValueError):
    """Input that cannot make a calendar; the message names the field."""


@dataclass(frozen=True)
class Revision:
    """The stored revision of a person's reminders: ``number`` becomes every event's
    SEQUENCE and ``modified`` (when that revision was made; None before any change) its
    LAST-MODIFIED."""

    number: int
    modified: datetime | None

    def applied_to(self, event):
        event.add("sequence", self.number)
        if self.modified is not None:
            event.add("last-modified", self.modified.astimezone(UTC))
        return event


@dataclass(frozen=True)
class TrialNight:
    """What one night of a self-experiment asks for."""

    night: date
    arm: str  # "intervention", "control" or "washout"
    washout: bool
    summary: str
    description: str


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone of that name, or CalendarInputError saying it is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise CalendarInputError(
            f"time zone '{name}' is unknown: use an IANA name such as Europe/London"
        ) from None


def parse_clock(text: str, field: str) -> time:
    """'HH:MM' (24-hour) -> time, or CalendarInputError naming the field."""
    parts = text.strip().split(":")
    if len(parts) == 2 and all(p.isdigit() and 1 <= len(p) <= 2 for p in parts):
        hour, minute = int(parts[0]), int(parts[1])
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise CalendarInputError(f"{field} '{text}' is not a time of day: use HH:MM, e.g. 22:00")


def build_reminders_calendar(
    *,
    time_zone: str,
    bedtime: time,
    evening_checkin: time,
    start: date,
    days: int = 90,
    trial_plan: dict | None = None,
    uid_namespace: str = "",
    stamp: datetime | None = None,
    morning_checkin: time | None = None,
    revision: Revision | None = None,
    zone_note: str = "",
) -> bytes:
    """The reminders calendar as ``.ics`` bytes.

    ``start`` is the first evening of the daily reminders and ``days`` how many evenings
    they repeat for; the morning check-in (when ``morning_checkin`` is given) starts the
    morning after. ``trial_plan`` is the plan of ``nightcramp trial plan --json``; its
    nights from ``start`` on become all-day events. ``uid_namespace`` keeps UIDs of
    different people's calendars apart; ``stamp`` is the DTSTAMP (default: now, UTC);
    ``revision`` gives every event its SEQUENCE and LAST-MODIFIED. ``zone_note``, when
    given, is said in the calendar's description and every reminder (e.g. that the zone
    is a default the person has not chosen).
    """
    from icalendar import Calendar

    zone = zone_named(time_zone)
    if not 1 <= days <= MAX_DAYS:
        raise CalendarInputError(f"days must be between 1 and {MAX_DAYS}, not {days}")
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    revision = revision or Revision(0, None)
    trial_nights = [n for n in trial_nights_of(trial_plan) if n.night >= start]

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"nightcramp reminders ({zone.key})")
    calendar.add("x-wr-timezone", zone.key)
    calendar.add("x-wr-caldesc", f"Reminder times are in {zone.key}. {zone_note}".strip())
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")

    uid = _uid_maker(uid_namespace)
    skip_routine = _nights_without_stretching(trial_plan, trial_nights)
    daily = [
        (
            "bedtime-routine",
            "Bedtime stretching routine",
            "Time for your bedtime stretches: open nightcramp for the guided routine "
            "and its timer.",
            datetime.combine(start, bedtime, zone),
            ROUTINE_MINUTES,
            skip_routine,
        ),
        (
            "evening-checkin",
            "Evening check-in",
            "Record today's fluids, exercise and other factors in nightcramp.",
            datetime.combine(start, evening_checkin, zone),
            CHECKIN_MINUTES,
            None,
        ),
    ]
    if morning_checkin is not None:
        daily.append(
            (
                "morning-checkin",
                "Morning check-in",
                "Last night: cramps or none? Record it in nightcramp, also when there were "
                "none: a night without a morning check-in counts as unknown, not as "
                "cramp-free.",
                datetime.combine(start + timedelta(days=1), morning_checkin, zone),
                MORNING_CHECKIN_MINUTES,
                None,
            )
        )
    for name, summary, description, at, minutes, skip in daily:
        event = _daily_event(
            uid=uid(name),
            summary=summary,
            description=f"{description} {zone_note}".strip(),
            at=at,
            minutes=minutes,
            days=days,
            stamp=stamp,
            except_nights=skip,
        )
        calendar.add_component(revision.applied_to(event))
    plan_start = trial_plan.get("start", "") if trial_plan else ""
    for night in trial_nights:
        event = _trial_event(night, uid(f"trial-{plan_start}-{night.night}"), stamp)
        calendar.add_component(revision.applied_to(event))

    first = start - timedelta(days=366)
    last = max([start + timedelta(days=days)] + [n.night for n in trial_nights]) + timedelta(
        days=366
    )
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _uid_maker(namespace: str):
    prefix = f"{namespace}-" if namespace else ""

    def make(name: str) -> str:
        return f"{prefix}{name}@{UID_DOMAIN}"

    return make


def _daily_event(
    *,
    uid: str,
    summary: str,
    description: str,
    at: datetime,
    minutes: int,
    days: int,
    stamp: datetime,
    except_nights: list[date] | None = None,
):
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", at)
    event.add("dtend", at + timedelta(minutes=minutes))
    event.add("rrule", {"FREQ": "DAILY", "COUNT": days})
    if except_nights:
        event.add(
            "exdate",
            [
                datetime.combine(d, at.timetz().replace(tzinfo=None), at.tzinfo)
                for d in except_nights
            ],
        )
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event


def _trial_event(night: TrialNight, uid: str, stamp: datetime):
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", night.summary)
    event.add("description", night.description)
    event.add("dtstart", night.night)
    event.add("dtend", night.night + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    event.add("categories", ["nightcramp", "self-experiment"])
    return event


# --- the trial plan ----------------------------------------------------------


def trial_nights_of(plan: dict | None) -> list[TrialNight]:
    """Every night of a trial plan, in order, with its arm and whether it is a washout.

    Washout nights are recognised in either style of plan: when the periods leave gaps,
    the nights no period covers; when the periods follow one another without gaps, the
    first ``washout_nights`` nights of each period (the arm has begun, but the night is
    not counted because the previous arm may still have an effect).
    """
    if not plan:
        return []
    intervention, first, last, washout, periods = _checked_plan(plan)
    medicine = _names_medicine(intervention)
    covered = sum((p_end - p_start).days + 1 for p_start, p_end, _ in periods)
    has_gaps = covered < (last - first).days + 1
    by_night: dict[date, TrialNight] = {}
    for p_start, p_end, arm in periods:
        for offset in range((p_end - p_start).days + 1):
            night = p_start + timedelta(days=offset)
            in_washout = not has_gaps and offset < washout
            by_night[night] = _arm_night(night, arm, intervention, in_washout, medicine)
    for offset in range((last - first).days + 1):
        night = first + timedelta(days=offset)
        if night not in by_night:
            by_night[night] = _washout_gap_night(night, intervention, medicine)
    return [by_night[d] for d in sorted(by_night)]


def _names_medicine(intervention: str) -> bool:
    """Whether the trial's intervention names a prescription medicine of the knowledge base."""
    from nightcramp.stats.trials import prescription_note

    return prescription_note(intervention) is not None


def _arm_night(
    night: date, arm: str, intervention: str, washout: bool, medicine: bool = False
) -> TrialNight:
    if medicine:  # never "no <medicine>" as an order: the prescriber sets both arms
        summary = f"Tonight: {arm} — {intervention} (as agreed with your prescriber)"
        what = f"Tonight is {_article(arm)} {arm} night of your self-experiment: {intervention}."
        what += " " + MEDICINE_NOTE
    elif arm == "intervention":
        summary = f"Tonight: intervention — {intervention}"
        what = f"Tonight is an intervention night of your self-experiment: {intervention}."
    else:
        summary = f"Tonight: control — no {intervention}"
        what = f"Tonight is a control night of your self-experiment: no {intervention}."
    if washout:
        summary += " (washout night)"
        what += (
            " It is a washout night: follow tonight's arm, but the night is not counted, "
            "because the previous arm may still have an effect."
        )
    what += " Do the morning check-in tomorrow, including a night without cramps."
    return TrialNight(night, arm, washout, summary, what)


def _washout_gap_night(night: date, intervention: str, medicine: bool = False) -> TrialNight:
    if medicine:
        summary = f"Tonight: washout — {intervention} (as agreed with your prescriber)"
        what = (
            "Tonight is a washout night between periods of your self-experiment: "
            f"{intervention}. The night is not counted. {MEDICINE_NOTE}"
        )
        return TrialNight(night, "washout", True, summary, what)
    summary = f"Tonight: washout — no {intervention}"
    what = (
        f"Tonight is a washout night between periods of your self-experiment: no "
        f"{intervention}. The night is not counted."
    )
    return TrialNight(night, "washout", True, summary, what)


def _article(arm: str) -> str:
    return "an" if arm[0] in "aeiou" else "a"


def _checked_plan(plan: dict) -> tuple[str, date, date, int, list[tuple[date, date, str]]]:
    """The plan's fields, checked; CalendarInputError names the first bad one."""
    if not isinstance(plan, dict):
        raise CalendarInputError("trial plan must be a JSON object")
    intervention = plan.get("intervention")
    if not isinstance(intervention, str) or not intervention.strip():
        raise CalendarInputError("trial plan: 'intervention' must be a non-empty text")
    first = _plan_date(plan.get("start"), "start")
    last = _plan_date(plan.get("end"), "end")
    if last < first:
        raise CalendarInputError("trial plan: 'end' is before 'start'")
    washout = plan.get("washout_nights", 0) or 0
    if not isinstance(washout, int) or isinstance(washout, bool) or washout < 0:
        raise CalendarInputError("trial plan: 'washout_nights' must be a whole number >= 0")
    raw_periods = plan.get("periods")
    if not isinstance(raw_periods, list) or not raw_periods:
        raise CalendarInputError("trial plan: 'periods' must be a non-empty list")
    periods = []
    for i, period in enumerate(raw_periods, start=1):
        if not isinstance(period, dict):
            raise CalendarInputError(f"trial plan: period {i} must be an object")
        p_start = _plan_date(period.get("start"), f"periods[{i}].start")
        p_end = _plan_date(period.get("end"), f"periods[{i}].end")
        arm = period.get("arm")
        if arm not in ARMS:
            raise CalendarInputError(
                f"trial plan: periods[{i}].arm must be 'intervention' or 'control', not {arm!r}"
            )
        if p_end < p_start or p_start < first or p_end > last:
            raise CalendarInputError(
                f"trial plan: period {i} ({p_start} to {p_end}) is not within the trial"
            )
        if periods and p_start <= periods[-1][1]:
            raise CalendarInputError(f"trial plan: period {i} overlaps the one before")
        periods.append((p_start, p_end, arm))
    return intervention.strip(), first, last, washout, periods


def _plan_date(value, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CalendarInputError(
            f"trial plan: '{field}' must be an ISO date (YYYY-MM-DD), not {value!r}"
        ) from None


def _nights_without_stretching(plan: dict | None, nights: list[TrialNight]) -> list[date]:
    """Control and washout-gap nights of a stretching trial: no stretching reminder then.

    Only when the intervention is itself stretching; any other trial leaves the routine on.
    """
    if not plan or "stretch" not in str(plan.get("intervention", "")).lower():
        return []
    return [n.night for n in nights if n.arm != "intervention"]


# --- for one person (ORM, imported lazily) -------------------------------------


def active_trial_plan(user) -> dict | None:
    """The plan of the user's running self-experiment, if any."""
    from nightcramp.diary.models import Trial

    trial = (
        Trial.objects.filter(user=user, status=Trial.Status.ACTIVE)
        .order_by("-start", "-id")
        .first()
    )
    return trial.plan if trial else None


def user_uid_namespace(user) -> str:
    """A stable, opaque per-person prefix for UIDs (no name or id in clear)."""
    import hashlib

    joined = user.date_joined.isoformat() if getattr(user, "date_joined", None) else ""
    return hashlib.sha256(f"nightcramp:{user.pk}:{joined}".encode()).hexdigest()[:16]


def calendar_for_user(
    user,
    *,
    bedtime: time,
    evening_checkin: time,
    time_zone: str | None = None,
    start: date | None = None,
    days: int = 90,
    morning_checkin: time | None = None,
    revision: Revision | None = None,
    zone_note: str = "",
) -> bytes:
    """The person's reminders with their running trial's arms, in their time zone.

    ``time_zone`` defaults to the profile's zone (else the server's TIME_ZONE) and
    ``start`` to today there.
    """
    from nightcramp.diary.store import user_zone

    zone = zone_named(time_zone) if time_zone else user_zone(user)
    first = start or datetime.now(zone).date()
    return build_reminders_calendar(
        time_zone=zone.key,
        bedtime=bedtime,
        evening_checkin=evening_checkin,
        morning_checkin=morning_checkin,
        start=first,
        days=days,
        trial_plan=active_trial_plan(user),
        uid_namespace=user_uid_namespace(user),
        revision=revision,
        zone_note=zone_note,
    )
