"""The trigger analysis as a forest plot: one row per factor, in plain words.

Plain data for the dashboard (``web/insight``) and the clinician PDF (``reports/charts``):
each factor gets one row — its same-day test, or its previous-day test when that one is
the finding that stands out — with the rate ratio, its 95 % interval, whether it is
flagged, and a sentence such as "2× more cramps on nights with long walks — probably real".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PROBABLY_REAL = "probably real"
MAYBE = "maybe, not sure yet"
NO_CLEAR_LINK = "no clear link so far"
AXIS_LIMITS = (1 / 8, 8.0)  # the plot's widest log-scale range; intervals beyond are cut


@dataclass
class ForestRow:
    factor: str  # the analysis' name ("coffee (previous day)")
    label: str  # the person's wording ("Coffee (the day before)")
    words: str  # "2× more cramps on nights with coffee — probably real"
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    q_value: float | None
    flagged: bool
    verdict: str
    per: float
    kind: str


def size_words(ratio: float) -> str:
    """ "2× more", "30% more", "40% fewer", "no more or fewer": a rate ratio in words."""
    if ratio >= 2.95:
        return f"{ratio:.0f}× more"
    if ratio >= 1.5:
        return f"{ratio:.1f}× more".replace(".0×", "×")
    if ratio >= 1.005:
        return f"{(ratio - 1) * 100:.0f}% more"
    if ratio > 0.995:
        return "no more or fewer"
    return f"{(1 - ratio) * 100:.0f}% fewer"


def verdict(entry: dict) -> str:
    if entry.get("flagged"):
        return PROBABLY_REAL
    if entry["p_value"] is not None and entry["p_value"] < 0.05:
        return MAYBE
    return NO_CLEAR_LINK


def amount(per: float, unit: str) -> str:
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


def row_words(entry: dict, label: str, unit: str) -> str:
    """The sentence of one row: size, when, verdict ("2× more cramps on nights with …")."""
    lagged = bool(entry.get("lag"))
    if entry.get("kind") == "boolean":
        when = f"after a day with “{label}”" if lagged else f"on nights with “{label}”"
    else:
        when = f"for each {amount(entry['per'], unit)} more of “{label}”"
        when += " the day before" if lagged else ""
    return f"{size_words(entry['rate_ratio'])} cramps {when} — {verdict(entry)}"


def _pick(entries: list[dict]) -> dict | None:
    """A factor's row: the flagged test if one is (the stronger), else the same-day test."""
    tested = [e for e in entries if e.get("rate_ratio") is not None]
    if not tested:
        return None
    flagged = [e for e in tested if e.get("flagged")]
    if flagged:
        return min(flagged, key=lambda e: e["q_value"])
    same_day = [e for e in tested if not e.get("lag")]
    return same_day[0] if same_day else tested[0]


def forest_rows(result: dict, labels: dict[str, tuple[str, str]]) -> list[ForestRow]:
    """One row per factor with enough data, flagged first, then by the size of the effect.

    ``result`` is ``stats.triggers.analyze``'s output; ``labels`` maps a factor's column name
    to the person's (label, unit).
    """
    by_factor: dict[str, list[dict]] = {}
    for entry in result.get("factors", []):
        by_factor.setdefault(entry.get("base_factor") or entry["factor"], []).append(entry)
    rows = []
    for base, entries in by_factor.items():
        entry = _pick(entries)
        if entry is None:
            continue
        label, unit = labels.get(base, (base.replace("_", " ").capitalize(), ""))
        shown = f"{label} (the day before)" if entry.get("lag") else label
        rows.append(
            ForestRow(
                factor=entry["factor"],
                label=shown,
                words=row_words(entry, label, unit),
                rate_ratio=entry["rate_ratio"],
                ci_low=entry["ci_low"],
                ci_high=entry["ci_high"],
                p_value=entry["p_value"],
                q_value=entry.get("q_value"),
                flagged=bool(entry.get("flagged")),
                verdict=verdict(entry),
                per=entry["per"],
                kind=entry.get("kind", "boolean"),
            )
        )
    order = {PROBABLY_REAL: 0, MAYBE: 1, NO_CLEAR_LINK: 2}
    rows.sort(key=lambda r: (order[r.verdict], -abs(math.log(max(r.rate_ratio, 1e-12)))))
    return rows


def forest_summary(rows: list[ForestRow], untested: int = 0) -> str:
    """One sentence under the plot: what stands out, or that nothing does yet."""
    if not rows:
        return "Not enough data yet to compare any factor with your cramps."
    real = [r for r in rows if r.verdict == PROBABLY_REAL]
    maybe = [r for r in rows if r.verdict == MAYBE]
    tested = f"{len(rows)} factor{'' if len(rows) == 1 else 's'}"
    if real:
        named = "; ".join(r.words.split(" — ")[0] for r in real)
        verb = "matters" if len(real) == 1 else "matter"
        rest = f"; {len(maybe)} more might, not sure yet" if maybe else ""
        return f"Of {tested}, {len(real)} probably {verb}: {named}{rest}."
    if maybe:
        return (
            f"None of {tested} clearly stands out yet; {len(maybe)} might "
            f"({', '.join(r.label for r in maybe)}), keep logging to be sure."
        )
    return f"None of {tested} shows a clear link with your cramps so far."


def axis_range(rows: list[ForestRow]) -> tuple[float, float]:
    """A log-scale range symmetric around 1 that holds every interval (within AXIS_LIMITS)."""
    low, high = AXIS_LIMITS
    reach = 2.0
    for row in rows:
        reach = max(reach, 1 / max(row.ci_low, low), min(row.ci_high, high))
    for edge in (2.0, 4.0, 8.0):
        if reach <= edge * 1.0001:
            return 1 / edge, edge
    return low, high


def axis_ticks(span: tuple[float, float]) -> list[float]:
    ticks = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0]
    return [t for t in ticks if span[0] * 0.999 <= t <= span[1] * 1.001]


def position(value: float, span: tuple[float, float]) -> float:
    """Where ``value`` falls on the log axis, 0..1 (clipped)."""
    low, high = span
    where = (math.log(value) - math.log(low)) / (math.log(high) - math.log(low))
    return min(max(where, 0.0), 1.0)
