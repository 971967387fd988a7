"""The trigger analysis and the medicine timeline, in plain words with their uncertainty.

Both come from the statistics package; if it cannot run (not installed in a slim
deployment, or it fails on an odd diary) the page says the analysis is unavailable
rather than showing anything invented.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from nightcramp.diary import factors as builtin_factors
from nightcramp.diary.models import Factor, Medicine
from nightcramp.diary.table import DiaryTable

log = logging.getLogger(__name__)


@dataclass
class Finding:
    """One test behind the plot (same day or day before), for "Show the numbers"."""

    label: str
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    q_value: float | None
    flagged: bool


@dataclass
class TriggerReport:
    available: bool
    message: str = ""
    nights_used: int = 0
    summary: str = ""  # one sentence under the plot
    plot: str = ""  # the forest plot's markup (safe)
    rows: list = field(default_factory=list)  # stats.forest.ForestRow, one per factor
    findings: list[Finding] = field(default_factory=list)
    short: list[tuple[str, int | None]] = field(default_factory=list)  # (label, nights needed)


def factor_labels(user) -> dict[str, tuple[str, str]]:
    """name -> (label, unit), the person's own wording for every factor."""
    labels = {f.name: (f.label, f.unit) for f in builtin_factors.BUILTIN}
    for f in Factor.objects.filter(user=user):
        labels[f.name] = (f.label or f.name, f.unit)
    return labels


def readable(message: str, labels: dict[str, tuple[str, str]]) -> str:
    """The analysis summary with factor column names replaced by the person's labels."""
    for name in sorted(labels, key=len, reverse=True):
        if "_" in name and name in message:
            message = message.replace(name, labels[name][0])
    return message.replace("(previous day)", "(the day before)")


def _test_label(entry: dict, labels: dict[str, tuple[str, str]]) -> str:
    base = entry.get("base_factor") or entry["factor"]
    label = labels.get(base, (base.replace("_", " ").capitalize(), ""))[0]
    return f"{label} (the day before)" if entry.get("lag") else label


def trigger_report(user, table: DiaryTable) -> TriggerReport:
    from nightcramp.stats.forest import forest_rows, forest_summary
    from nightcramp.stats.triggers import analyze
    from nightcramp.web.insight.charts import forest_plot

    try:
        result = analyze(table)
    except Exception:  # an analysis failure must not take the dashboard down
        log.exception("trigger analysis failed")
        return TriggerReport(False, "The trigger analysis could not run on your diary just now.")
    labels = factor_labels(user)
    report = TriggerReport(
        True, readable(result.get("message", ""), labels), result.get("nights_used", 0)
    )
    for entry in result.get("factors", []):
        if entry.get("rate_ratio") is None:
            if not entry.get("lag"):
                base = entry.get("base_factor") or entry["factor"]
                report.short.append((labels.get(base, (base, ""))[0], entry.get("nights_needed")))
            continue
        report.findings.append(
            Finding(
                _test_label(entry, labels),
                entry["rate_ratio"],
                entry["ci_low"],
                entry["ci_high"],
                entry["p_value"],
                entry.get("q_value"),
                bool(entry.get("flagged")),
            )
        )
    report.findings.sort(key=lambda f: (not f.flagged, f.q_value if f.q_value is not None else 1))
    report.rows = forest_rows(result, labels)
    if report.rows:
        report.summary = forest_summary(report.rows)
        report.plot = forest_plot(report.rows, report.summary)
    return report


@dataclass
class Timeline:
    available: bool
    messages: list[str] = field(default_factory=list)
    note: str = ""
    chart: object = None  # charts.Chart: weekly rate with start dates, and its table


def medicine_timeline(user, table: DiaryTable) -> Timeline:
    medicines = list(Medicine.objects.filter(user=user))
    if not medicines:
        return Timeline(True, [], "Add your medicines with their start dates to see this.")
    from nightcramp.stats.timeline import medicine_timeline as build
    from nightcramp.web.insight.charts import medicine_timeline_chart

    plain = [
        {
            "name": m.name,
            "dose": m.dose,
            "as_needed": m.as_needed,
            "started": m.started,
            "stopped": m.stopped,
        }
        for m in medicines
    ]
    try:
        entries = build(table, plain)
    except Exception:
        log.exception("medicine timeline failed")
        return Timeline(False, [], "The medicine timeline could not be worked out just now.")
    nights = [(row.night, row.cramps) for row in table.rows]
    chart = medicine_timeline_chart(nights, plain, entries)
    return Timeline(True, [e["message"] for e in entries if e.get("message")], chart=chart)


@dataclass
class RoutineWeek:
    """One week (Monday first) of the bedtime routine, as the diary has it."""

    monday: object  # datetime.date
    stretched: int  # nights the diary says "stretched: yes"
    sessions: int  # nights with a routine session finished
    partial: int  # of those, nights where no session did every hold
    holds: str  # e.g. "5 of 12" for a week of partial sessions only; "" otherwise


def routine_by_week(user, weeks: int = 8) -> list[RoutineWeek]:
    """Nights stretched and nights with a session per week, newest first, two queries."""
    from datetime import timedelta

    from nightcramp.diary.models import FactorValue, RoutineSession

    sessions: dict = {}  # night -> (best holds done, holds planned)
    for night, done, total in RoutineSession.objects.filter(
        user=user, completed_at__isnull=False
    ).values_list("night__night", "holds_done", "holds_total"):
        best = sessions.get(night, (0, total))
        sessions[night] = max(best, (done, total))
    stretched = set(
        FactorValue.objects.filter(
            user=user, factor__name="bedtime_stretching", value=1.0
        ).values_list("night__night", flat=True)
    )
    by_week: dict = {}
    for night in set(sessions) | stretched:
        monday = night - timedelta(days=night.weekday())
        week = by_week.setdefault(monday, RoutineWeek(monday, 0, 0, 0, ""))
        week.stretched += night in stretched
        if night in sessions:
            done, total = sessions[night]
            week.sessions += 1
            week.partial += done < total
    newest = sorted(by_week.values(), key=lambda w: w.monday, reverse=True)[:weeks]
    return [_holds_note(w, sessions) for w in newest]


def _holds_note(week: RoutineWeek, sessions: dict) -> RoutineWeek:
    from datetime import timedelta

    nights = [week.monday + timedelta(days=i) for i in range(7)]
    parts = [sessions[n] for n in nights if n in sessions and sessions[n][0] < sessions[n][1]]
    if parts:
        week.holds = ", ".join(f"{done} of {total} holds" for done, total in parts)
    return week
