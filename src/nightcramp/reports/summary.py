"""The clinician report as plain data.

``gather`` is the one function that reads the database; everything else here is a pure
function of the plain data it returns, so the numbers in the PDF can be tested (and
reused by the web app) without Django.

Wording rule for everything computed here: show the number of nights or cramps behind
each figure, call associations associations, and leave decisions about medicines to the
clinician.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from nightcramp.diary.table import DiaryTable, NightRow

LEGS = ("left", "right", "both")
MUSCLES = ("calf", "foot", "toes", "front_thigh", "back_thigh")
MUSCLE_LABELS = {
    "calf": "Calf",
    "foot": "Foot",
    "toes": "Toes",
    "front_thigh": "Front of thigh",
    "back_thigh": "Back of thigh",
}
LEVEL_ORDER = {"emergency": 0, "urgent": 1, "soon": 2, "routine": 3}
LEVEL_WORDS = {
    "emergency": "Emergency",
    "urgent": "Urgent (same day)",
    "soon": "Soon (within ~2 weeks)",
    "routine": "Routine (next visit)",
}
# Hours of the clock shown in the time-of-night histogram, evening to morning.
NIGHT_HOURS = (*range(18, 24), *range(0, 12))


# --- plain data gathered from the diary ----------------------------------------


@dataclass
class EpisodeRow:
    night: date
    occurred_at: datetime  # in the person's own time zone
    leg: str = ""
    muscle: str = ""
    severity: int | None = None
    duration_seconds: int | None = None
    woke_me: bool | None = None
    relieved_by: list[str] = field(default_factory=list)  # every answer to "what helped?"


@dataclass
class MedicineRow:
    name: str
    dose: str = ""
    as_needed: bool = False
    started: date | None = None
    stopped: date | None = None
    generic: str | None = None  # resolved generic name ("Lipitor" -> "Atorvastatin")


@dataclass
class RedFlagRow:
    when: date  # first saved screening that raised it
    condition: str
    level: str
    message: str  # as the latest screening worded it
    last: date | None = None  # latest screening that raised it again (None: only once)
    times: int = 1
    current: bool = True  # raised by the latest screening; False: history only


@dataclass
class TrialRow:
    intervention: str
    start: date
    end: date
    status: str
    plan: dict[str, Any]
    period_nights: int
    pairs: int
    planned_on: date | None = None  # the first night not begun when it was planned


@dataclass
class ReportData:
    """Everything the report shows, for one person and one period, as plain data."""

    start: date
    end: date
    generated: datetime
    zone: str
    profile: dict[str, Any] = field(default_factory=dict)
    table: DiaryTable = field(default_factory=DiaryTable)
    episodes: list[EpisodeRow] = field(default_factory=list)
    medicines: list[MedicineRow] = field(default_factory=list)
    red_flags: list[RedFlagRow] = field(default_factory=list)
    assessments: list[date] = field(default_factory=list)  # dates of saved screenings
    routines_started: int = 0
    routines_completed: int = 0
    trials: list[TrialRow] = field(default_factory=list)
    full_table: DiaryTable = field(default_factory=DiaryTable)  # all nights, for trials


def gather(user, start: date | None = None, end: date | None = None) -> ReportData:
    """Read one person's diary for the period (default: all of it) into plain data.

    The only function of the report that touches the database; every query is scoped to
    ``user``.
    """
    from django.utils import timezone

    from nightcramp.diary import trial_store
    from nightcramp.diary.models import (
        Assessment,
        Episode,
        Medicine,
        Night,
        Profile,
        RoutineSession,
        Trial,
    )
    from nightcramp.diary.store import load_table, user_zone

    if start and end and start > end:
        raise ValueError(f"the period starts ({start}) after it ends ({end})")
    zone = user_zone(user)
    nights = Night.objects.filter(user=user)
    first = start or nights.order_by("night").values_list("night", flat=True).first()
    last = end or nights.order_by("-night").values_list("night", flat=True).first()
    today = timezone.now().astimezone(zone).date()
    first, last = first or last or today, last or first or today
    if first > last:
        first, last = last, first

    profile = Profile.objects.filter(user=user).first()
    episodes = Episode.objects.filter(
        user=user, night__night__gte=first, night__night__lte=last
    ).select_related("night")
    medicines = [
        m
        for m in Medicine.objects.filter(user=user)
        if (m.started is None or m.started <= last) and (m.stopped is None or m.stopped >= first)
    ]
    generics = resolve_generic_names([m.name for m in medicines])
    assessments = list(Assessment.objects.filter(user=user).order_by("created_at", "id"))
    routines = RoutineSession.objects.filter(
        user=user, night__night__gte=first, night__night__lte=last
    )
    return ReportData(
        start=first,
        end=last,
        generated=timezone.now().astimezone(zone),
        zone=str(zone),
        profile=_profile_dict(profile),
        table=load_table(user, first, last),
        full_table=load_table(user),
        episodes=[
            EpisodeRow(
                night=e.night.night,
                occurred_at=e.local_time,  # on the clock it was logged on
                leg=e.leg,
                muscle=e.muscle,
                severity=e.severity,
                duration_seconds=e.duration_seconds,
                woke_me=e.woke_me,
                relieved_by=list(e.relieved_by),
            )
            for e in episodes
        ],
        medicines=[
            MedicineRow(m.name, m.dose, m.as_needed, m.started, m.stopped, generics.get(m.name))
            for m in medicines
        ],
        red_flags=red_flags_from_assessments(
            [(a.created_at.astimezone(zone).date(), a.result) for a in assessments]
        ),
        assessments=[a.created_at.astimezone(zone).date() for a in assessments],
        routines_started=routines.count(),
        routines_completed=routines.filter(completed_at__isnull=False).count(),
        trials=[
            TrialRow(
                t.intervention,
                t.start,
                t.end,
                t.status,
                t.plan,
                t.period_nights,
                t.pairs,
                trial_store.planned_on(t),
            )
            for t in Trial.objects.filter(user=user, start__lte=last, end__gte=first)
        ],
    )


def _profile_dict(profile) -> dict[str, Any]:
    if profile is None:
        return {}
    return {
        "age": profile.age,
        "sex": profile.sex or None,
        "pregnancy_weeks": profile.pregnancy_weeks,
        "conditions": list(profile.conditions or []),
    }


def resolve_generic_names(names: list[str]) -> dict[str, str]:
    """Generic names for medicines as people write them ("Lipitor 20mg" -> "Atorvastatin"),
    by the assessment's own matching (the shipped medicine index)."""
    if not names:
        return {}
    from nightcramp.assessment.matching import match_medicines
    from nightcramp.knowledge import load_knowledge

    knowledge = load_knowledge()
    resolved = {}
    for name in names:
        found = match_medicines((name,), knowledge)
        if found:  # a combination gives all its ingredients ("Triamterene/hydrochlorothiazide")
            resolved[name] = "/".join(m.generic for m in found).capitalize()
    return resolved


def red_flags_from_assessments(saved: list[tuple[date, dict]]) -> list[RedFlagRow]:
    """Each red flag of the saved screenings once (with its first and latest date and how
    many screenings raised it). The flags of the latest screening come first and are
    `current`; flags only earlier screenings raised follow as history. Within each, most
    urgent first, then by date."""
    ordered = sorted(saved, key=lambda item: item[0])
    rows: dict[tuple[str, str], RedFlagRow] = {}
    for when, result in ordered:
        for condition, level, message in _flags_of(result):
            seen = rows.get((condition, level))
            if seen is None:
                rows[(condition, level)] = RedFlagRow(when, condition, level, message)
            else:
                seen.last, seen.times, seen.message = when, seen.times + 1, message
    latest = {(c, lv) for c, lv, _ in _flags_of(ordered[-1][1])} if ordered else set()
    for key, row in rows.items():
        row.current = key in latest
    return sorted(rows.values(), key=lambda r: (not r.current, LEVEL_ORDER.get(r.level, 9), r.when))


def _flags_of(result: dict | None) -> list[tuple[str, str, str]]:
    flags = (result or {}).get("red_flags") or []
    return [
        (str(f.get("condition", "")), str(f.get("level", "")), str(f.get("message", "")))
        for f in flags
        if isinstance(f, dict)
    ]


# --- pure summaries --------------------------------------------------------------


@dataclass
class Coverage:
    nights_in_period: int
    recorded: int  # checked in (zeros included)
    missing: int
    cramp_free: int
    with_cramps: int
    total_cramps: int  # from the morning check-ins (the count, not only detailed logs)
    per_recorded_night: float | None


def coverage(table: DiaryTable, start: date, end: date) -> Coverage:
    """Nights recorded vs missing: a night with no check-in is missing, never zero."""
    nights = (end - start).days + 1
    counts = [r.cramps for r in table.rows if start <= r.night <= end and r.cramps is not None]
    total = sum(counts)
    return Coverage(
        nights_in_period=nights,
        recorded=len(counts),
        missing=nights - len(counts),
        cramp_free=sum(1 for c in counts if c == 0),
        with_cramps=sum(1 for c in counts if c > 0),
        total_cramps=total,
        per_recorded_night=total / len(counts) if counts else None,
    )


@dataclass
class Week:
    start: date
    cramps: int  # sum over recorded nights
    nights_recorded: int

    @property
    def per_week(self) -> float | None:
        """Cramps per 7 recorded nights (so a half-missing week is not read as a good one)."""
        return 7 * self.cramps / self.nights_recorded if self.nights_recorded else None


def weekly_counts(table: DiaryTable, start: date, end: date) -> list[Week]:
    """Consecutive 7-night weeks from ``start``; the last may be shorter."""
    weeks = []
    by_night = {r.night: r for r in table.rows}
    day = start
    while day <= end:
        rows = [by_night.get(day + timedelta(days=i)) for i in range(7)]
        rows = [
            r
            for i, r in enumerate(rows)
            if r and r.cramps is not None and day + timedelta(i) <= end
        ]
        weeks.append(Week(day, sum(r.cramps for r in rows), len(rows)))
        day += timedelta(days=7)
    return weeks


@dataclass
class Trend:
    ratio_per_4_weeks: float
    ci_low: float
    ci_high: float
    weeks_used: int
    nights_used: int
    dispersion: float
    fitted: list[float | None]  # fitted cramps per 7 nights for each week (None if unused)


def poisson_trend(weeks: list[Week], min_weeks: int = 4) -> Trend | None:
    """Log-linear (quasi-Poisson) trend of the cramp rate over the weeks.

    Weekly totals are modelled as Poisson with the number of recorded nights as exposure,
    rate = exp(a + b * week). The slope's standard error is inflated by the Pearson
    dispersion (at least 1), which absorbs over-dispersion and much of the night-to-night
    correlation, and the interval uses a t quantile. None when there are too few weeks
    with data or no cramps at all.
    """
    import numpy as np
    from scipy import stats

    used = [(i, w) for i, w in enumerate(weeks) if w.nights_recorded > 0]
    if len(used) < min_weeks or sum(w.cramps for _, w in used) == 0:
        return None
    x = np.array([i for i, _ in used], dtype=float)
    x_centre = x.mean()
    design = np.column_stack([np.ones_like(x), x - x_centre])
    y = np.array([w.cramps for _, w in used], dtype=float)
    exposure = np.array([w.nights_recorded for _, w in used], dtype=float)
    beta = np.array([math.log(y.sum() / exposure.sum()), 0.0])
    for _ in range(50):
        mu = exposure * np.exp(design @ beta)
        info = design.T @ (design * mu[:, None])
        step = np.linalg.solve(info, design.T @ (y - mu))
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10:
            break
    mu = exposure * np.exp(design @ beta)
    info = design.T @ (design * mu[:, None])
    df = len(used) - 2
    dispersion = max(1.0, float(np.sum((y - mu) ** 2 / mu) / df))
    se = math.sqrt(dispersion * np.linalg.inv(info)[1, 1])
    t = float(stats.t.ppf(0.975, df))
    slope = float(beta[1])
    fitted: list[float | None] = [None] * len(weeks)
    for i, _ in used:
        fitted[i] = 7 * math.exp(beta[0] + slope * (i - x_centre))
    return Trend(
        ratio_per_4_weeks=math.exp(4 * slope),
        ci_low=math.exp(4 * (slope - t * se)),
        ci_high=math.exp(4 * (slope + t * se)),
        weeks_used=len(used),
        nights_used=int(exposure.sum()),
        dispersion=dispersion,
        fitted=fitted,
    )


def trend_sentence(trend: Trend | None) -> str:
    if trend is None:
        return "Too few recorded weeks (or no cramps) to estimate a trend."
    change = (trend.ratio_per_4_weeks - 1) * 100
    direction = "rising" if change > 0 else "falling"
    words = (
        f"Cramp rate {direction} by about {abs(change):.0f}% per 4 weeks "
        f"(rate ratio {trend.ratio_per_4_weeks:.2f} per 4 weeks, 95% CI "
        f"{trend.ci_low:.2f}–{trend.ci_high:.2f}; {trend.weeks_used} weeks, "
        f"{trend.nights_used} recorded nights)."
    )
    if trend.ci_low <= 1 <= trend.ci_high:
        words += " The interval includes no change."
    return words + " Cramps vary with the season, so a trend alone does not show a cause."


@dataclass
class SeveritySummary:
    n: int
    median: float | None
    worst: float | None
    severe: int  # episodes rated 7 or more
    woke_n: int  # episodes with a yes/no answer to "woke me"
    woke_yes: int
    duration_n: int
    duration_median_seconds: float | None
    duration_max_seconds: int | None


def severity_summary(episodes: list[EpisodeRow], table: DiaryTable) -> SeveritySummary:
    """Severity from detailed episodes; the nightly worst severity where none were logged."""
    scores: list[float] = [e.severity for e in episodes if e.severity is not None]
    if not scores:
        scores = [r.max_severity for r in table.rows if r.max_severity is not None]
    woke = [e.woke_me for e in episodes if e.woke_me is not None]
    durations = [e.duration_seconds for e in episodes if e.duration_seconds is not None]
    return SeveritySummary(
        n=len(scores),
        median=median(scores) if scores else None,
        worst=max(scores) if scores else None,
        severe=sum(1 for s in scores if s >= 7),
        woke_n=len(woke),
        woke_yes=sum(woke),
        duration_n=len(durations),
        duration_median_seconds=median(durations) if durations else None,
        duration_max_seconds=max(durations) if durations else None,
    )


def hour_histogram(episodes: list[EpisodeRow]) -> list[tuple[int, int]]:
    """(hour of the clock, episodes starting in that hour), 18:00 through 11:00."""
    counts = Counter(e.occurred_at.hour for e in episodes)
    return [(hour, counts.get(hour, 0)) for hour in NIGHT_HOURS]


def body_map(episodes: list[EpisodeRow]) -> dict[str, Any]:
    """Counts by leg, by muscle, and by (muscle, leg); unrecorded sites counted apart."""
    legs = Counter(e.leg or "not recorded" for e in episodes)
    muscles = Counter(e.muscle or "not recorded" for e in episodes)
    grid = Counter((e.muscle, e.leg) for e in episodes if e.muscle and e.leg)
    rows = []
    for muscle in MUSCLES:
        cells = [grid.get((muscle, leg), 0) for leg in LEGS]
        if muscles.get(muscle):
            rows.append({"muscle": MUSCLE_LABELS[muscle], "cells": cells, "total": muscles[muscle]})
    return {
        "legs": {leg: legs.get(leg, 0) for leg in (*LEGS, "not recorded")},
        "rows": rows,
        "unrecorded_muscle": muscles.get("not recorded", 0),
        "n": len(episodes),
    }


RELIEF_LABELS = {
    "stretching": "stretching",
    "walking": "standing/walking",
    "massage": "massage",
    "heat": "heat",
    "painkiller": "a painkiller",
    "waited": "it passed by itself",
    "other": "something else",
}


def relief_counts(episodes: Sequence[EpisodeRow]) -> list[tuple[str, int]]:
    """What relieved the logged cramps, commonest first (unrecorded last). Each answer
    counts: a cramp eased by stretching and massage adds one to both. Anything with a
    ``relieved_by`` list will do (the diary's Episode rows too)."""
    counts = Counter(answer for e in episodes for answer in e.relieved_by)
    rows = [(RELIEF_LABELS.get(k, k), n) for k, n in counts.most_common()]
    missing = sum(1 for e in episodes if not e.relieved_by)
    return rows + ([("not recorded", missing)] if missing else [])


@dataclass
class StretchingSummary:
    nights_known: int  # nights with the bedtime_stretching factor answered
    nights_stretched: int
    rate_stretched: float | None  # cramps per recorded night after stretching
    n_stretched: int  # recorded nights behind that rate
    rate_not: float | None
    n_not: int
    routines_started: int
    routines_completed: int


def stretching_summary(data: ReportData) -> StretchingSummary:
    column = [(r, r.factors.get("bedtime_stretching")) for r in data.table.rows]
    known = [(r, v) for r, v in column if v is not None]
    yes = [r.cramps for r, v in known if v and r.cramps is not None]
    no = [r.cramps for r, v in known if not v and r.cramps is not None]
    return StretchingSummary(
        nights_known=len(known),
        nights_stretched=sum(1 for _, v in known if v),
        rate_stretched=sum(yes) / len(yes) if yes else None,
        n_stretched=len(yes),
        rate_not=sum(no) / len(no) if no else None,
        n_not=len(no),
        routines_started=data.routines_started,
        routines_completed=data.routines_completed,
    )


def trial_adherence(
    trial: TrialRow, table: DiaryTable, factor: str | None, before: date | None = None
) -> dict[str, Any]:
    """Nights of each arm that were recorded, and how often the factor matched the arm.

    Only nights before ``before`` (default: every planned night) count: a running trial's
    nights still to come are not "nights" of its progress yet.
    """
    by_night = {r.night: r for r in table.rows}
    result = {"intervention": [0, 0, 0], "control": [0, 0, 0]}  # nights, recorded, adhered
    for period in trial.plan.get("periods", []):
        arm = period.get("arm")
        if arm not in result:
            continue
        first, last = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        for i in range((last - first).days + 1):
            if before is not None and first + timedelta(i) >= before:
                break
            row: NightRow | None = by_night.get(first + timedelta(i))
            result[arm][0] += 1
            if row and row.cramps is not None:
                result[arm][1] += 1
            value = row.factors.get(factor) if row and factor else None
            if value is not None and bool(value) == (arm == "intervention"):
                result[arm][2] += 1
    return {
        arm: {"nights": n, "recorded": rec, "adhered": adh} for arm, (n, rec, adh) in result.items()
    }


def trial_factor(intervention: str, factor_names: list[str]) -> str | None:
    """The yes/no factor that records a trial's intervention (e.g. bedtime stretching)."""
    key = intervention.strip().lower().replace(" ", "_").replace("-", "_")
    if key in factor_names:
        return key
    if "stretch" in key and "bedtime_stretching" in factor_names:
        return "bedtime_stretching"
    return None


# --- results from nightcramp.stats ---------------------------------------------------


def trigger_analysis(table: DiaryTable) -> dict[str, Any]:
    """nightcramp.stats' trigger analysis: rate ratios, intervals, q-values, n per factor."""
    from nightcramp.stats.triggers import analyze

    return analyze(table)


def trial_analysis(
    plan: dict[str, Any], table: DiaryTable, planned_on: date | None = None
) -> dict[str, Any]:
    """nightcramp.stats' analysis of a self-experiment; ``{"error": ...}`` for a bad plan."""
    from nightcramp.stats.trials import analyze_trial

    try:
        return analyze_trial(plan, table, planned_on=planned_on)
    except ValueError as exc:  # PlanError: a stored plan that no longer validates
        return {"error": str(exc)}


def medicine_timeline(
    table: DiaryTable, medicines: list[MedicineRow], today: date | None = None
) -> list[dict | None]:
    """nightcramp.stats' before/after comparison for each medicine, in the same order as
    ``medicines`` (None for a medicine without a start date: nothing to compare)."""
    from nightcramp.stats.timeline import medicine_timeline as timeline

    dated = [m for m in medicines if m.started]
    results = iter(
        timeline(
            table,
            [{"name": m.name, "started": m.started, "stopped": m.stopped} for m in dated],
            today=today,
        )
    )
    return [next(results) if m.started else None for m in medicines]


def report_figures(data: ReportData) -> dict[str, Any]:
    """The report's numbers as JSON-ready data (``nightcramp report --json``)."""
    from dataclasses import asdict

    weeks = weekly_counts(data.table, data.start, data.end)
    trend = poisson_trend(weeks)
    return {
        "start": data.start.isoformat(),
        "end": data.end.isoformat(),
        "coverage": asdict(coverage(data.table, data.start, data.end)),
        "weeks": [
            {"start": w.start.isoformat(), "cramps": w.cramps, "nights_recorded": w.nights_recorded}
            for w in weeks
        ],
        "trend": None
        if trend is None
        else {k: v for k, v in asdict(trend).items() if k != "fitted"},
        "severity": asdict(severity_summary(data.episodes, data.table)),
        "hours": [{"hour": h, "episodes": n} for h, n in hour_histogram(data.episodes)],
        "body": body_map(data.episodes),
        "medicines": [
            {
                "name": m.name,
                "generic": m.generic,
                "dose": m.dose,
                "as_needed": m.as_needed,
                "started": m.started,
                "stopped": m.stopped,
                "before_after": comparison,
            }
            for m, comparison in zip(
                data.medicines, medicine_timeline(data.table, data.medicines), strict=True
            )
        ],
        "red_flags": [asdict(f) for f in data.red_flags],
        "stretching": asdict(stretching_summary(data)),
    }
