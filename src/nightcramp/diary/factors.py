"""The built-in daily factors of the evening check-in (plain data, no Django)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltinFactor:
    name: str
    label: str
    kind: str  # "boolean", "number" or "scale"
    unit: str = ""
    per: float = 1.0  # the step a rate ratio is reported per (see nightcramp.stats)


BUILTIN: tuple[BuiltinFactor, ...] = (
    BuiltinFactor("fluids_glasses", "Fluids", "number", "glasses", 2),
    BuiltinFactor("exercise_minutes", "Exercise", "number", "minutes", 30),
    BuiltinFactor("exercise_intensity", "Exercise intensity", "scale", "0–10", 1),
    BuiltinFactor("sitting_hours", "Hours sitting", "number", "hours", 1),
    BuiltinFactor("standing_hours", "Hours standing", "number", "hours", 1),
    BuiltinFactor("alcohol_units", "Alcohol", "number", "units", 1),
    BuiltinFactor("caffeine_drinks", "Caffeine", "number", "drinks", 1),
    BuiltinFactor("bedtime_stretching", "Bedtime stretching done", "boolean"),
    BuiltinFactor("supportive_footwear", "Supportive footwear today", "boolean"),
    BuiltinFactor("foot_support_in_bed", "Foot/toe support in bed", "boolean"),
)

BY_NAME = {f.name: f for f in BUILTIN}
