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
    label: str
    words: str
    rate_ratio: float
    ci_low: float
    ci_high: float
    q_value: float | None
    flagged: bool


@dataclass
class TriggerReport:
    available: bool
    message: str = ""
    nights_used: int = 0
    findings: list[Finding] = field(default_factory=list)
    short: list[tuple[str, int | None]] = field(default_factory=list)  # (label, nights needed)


def factor_labels(user) -> dict[str, tuple[str, str]]:
    """name -> (label, unit), the person's own wording for every factor."""
    labels = {f.name: (f.label, f.unit) for f in builtin_factors.BUILTIN}
    for f in Factor.objects.filter(user=user):
        labels[f.name] = (f.label or f.name, f.unit)
    return labels


def describe(entry: dict, labels: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """A label and one plain sentence for a tested factor, with its 95 % interval."""
    base = entry.get("base_factor") or entry["factor"]
    label, unit = labels.get(base, (base.replace("_", " ").capitalize(), ""))
    lagged = bool(entry.get("lag"))
    if entry.get("kind") == "boolean":
        when = f"on nights after a day with “{label}”" if lagged else f"on nights with “{label}”"
    else:
        when = f"for each {_amount(entry['per'], unit)} more of “{label}”"
        when += " the day before" if lagged else ""
    if lagged:
        label = f"{label} (the day before)"
    rr, low, high = entry["rate_ratio"], entry["ci_low"], entry["ci_high"]
    words = f"Cramps were {_change(rr)} {when}; the data fit anything from {_change(low)} to "
    words += f"{_change(high)}."
    if entry.get("flagged"):
        words += " This stands out even after allowing for all the factors tested."
    elif low <= 1 <= high:
        words += " So far no clear link either way."
    else:
        words += " Not convincing yet once all the factors tested are taken into account."
    return label, words


def readable(message: str, labels: dict[str, tuple[str, str]]) -> str:
    """The analysis summary with factor column names replaced by the person's labels."""
    for name in sorted(labels, key=len, reverse=True):
        if "_" in name and name in message:
            message = message.replace(name, labels[name][0])
    return message.replace("(previous day)", "(the day before)")


def _amount(per: float, unit: str) -> str:
    """ "2 glasses", "1 hour", "30 minutes": the step a rate ratio is given per."""
    unit = unit or "units"
    if per == 1:
        unit = _singular(unit)
    return f"{per:g} {unit}"


def _singular(unit: str) -> str:
    if unit.endswith(("sses", "shes", "ches", "xes")):
        return unit[:-2]
    if unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def _change(ratio: float) -> str:
    if ratio >= 1.005:
        return f"{(ratio - 1) * 100:.0f}% more"
    if ratio <= 0.995:
        return f"{(1 - ratio) * 100:.0f}% fewer"
    return "no different"


def trigger_report(user, table: DiaryTable) -> TriggerReport:
    from nightcramp.stats.triggers import analyze

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
        label, words = describe(entry, labels)
        report.findings.append(
            Finding(
                label,
                words,
                entry["rate_ratio"],
                entry["ci_low"],
                entry["ci_high"],
                entry.get("q_value"),
                bool(entry.get("flagged")),
            )
        )
    report.findings.sort(key=lambda f: (not f.flagged, f.q_value if f.q_value is not None else 1))
    return report


@dataclass
class Timeline:
    available: bool
    messages: list[str] = field(default_factory=list)
    note: str = ""


def medicine_timeline(user, table: DiaryTable) -> Timeline:
    medicines = list(Medicine.objects.filter(user=user))
    if not medicines:
        return Timeline(True, [], "Add your medicines with their start dates to see this.")
    from nightcramp.stats.timeline import medicine_timeline as build

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
    return Timeline(True, [e["message"] for e in entries if e.get("message")])
