"""The self-experiment plan as data: the contract of ``nightcramp trial plan --json``
(``{"intervention", "start", "end", "washout_nights", "periods": [{"start", "end",
"arm"}]}``) and its validation. Plain Python, no statistics: the diary stores and imports
plans with it, and ``nightcramp.stats.trials`` plans and analyses them.
"""

from __future__ import annotations

from datetime import date, timedelta

INTERVENTION = "intervention"
CONTROL = "control"
ARMS = (INTERVENTION, CONTROL)


class PlanError(ValueError):
    """A plan or its settings are invalid; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


def _parse_day(value, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PlanError(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def validate_plan(plan) -> dict:
    """Check a plan read from JSON; returns it normalised. Raises PlanError naming the field.

    Periods must be contiguous, in order, equal in length, with arms 'intervention' or
    'control', and each consecutive pair must hold one of each.
    """
    if not isinstance(plan, dict):
        raise PlanError("plan", "must be a JSON object with 'intervention' and 'periods'")
    intervention = plan.get("intervention")
    if not isinstance(intervention, str) or not intervention.strip():
        raise PlanError("intervention", "missing or empty")
    washout = plan.get("washout_nights", 0)
    if isinstance(washout, bool) or not isinstance(washout, int) or washout < 0:
        raise PlanError("washout_nights", f"must be a whole number >= 0, not {washout!r}")
    periods = plan.get("periods")
    if not isinstance(periods, list) or not periods:
        raise PlanError("periods", "missing or empty")
    if len(periods) % 2:
        raise PlanError("periods", f"{len(periods)} periods: they must come in pairs")
    normal = []
    expected_start = None
    for i, period in enumerate(periods):
        where = f"periods[{i}]"
        if not isinstance(period, dict):
            raise PlanError(where, "must be an object with start, end and arm")
        first = _parse_day(period.get("start"), f"{where}.start")
        last = _parse_day(period.get("end"), f"{where}.end")
        arm = period.get("arm")
        if arm not in ARMS:
            raise PlanError(f"{where}.arm", f"{arm!r} is neither 'intervention' nor 'control'")
        if last < first:
            raise PlanError(f"{where}.end", f"{last} is before the start {first}")
        if expected_start is not None and first != expected_start:
            raise PlanError(f"{where}.start", f"{first} should be {expected_start} (contiguous)")
        if washout >= (last - first).days + 1:
            raise PlanError("washout_nights", f"{washout} leaves nothing of {where}")
        expected_start = last + timedelta(days=1)
        normal.append({"start": first.isoformat(), "end": last.isoformat(), "arm": arm})
    for i in range(0, len(normal), 2):
        if {normal[i]["arm"], normal[i + 1]["arm"]} != set(ARMS):
            raise PlanError(f"periods[{i}]", f"pair {i // 2 + 1} must hold one period of each arm")
    lengths = {
        (_parse_day(p["end"], "end") - _parse_day(p["start"], "start")).days + 1 for p in normal
    }
    result = dict(plan)
    result.update(
        intervention=intervention.strip(),
        washout_nights=washout,
        periods=normal,
        start=normal[0]["start"],
        end=normal[-1]["end"],
        pairs=len(normal) // 2,
    )
    if len(lengths) == 1:
        result["period_nights"] = lengths.pop()
    return result
