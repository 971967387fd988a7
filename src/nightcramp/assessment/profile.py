"""The screening profile: validated from plain JSON-like data, every field optional."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nightcramp.knowledge.schema import SYMPTOM_IDS

SEXES = ("female", "male", "other")
MIN_AGE, MAX_AGE = 1, 120
MIN_PREGNANCY_WEEKS, MAX_PREGNANCY_WEEKS = 1, 42
# habit -> (largest plausible value, unit for messages)
HABIT_LIMITS: dict[str, tuple[float, str]] = {
    "fluids_glasses_per_day": (60, "glasses a day"),
    "exercise_minutes_per_week": (7 * 24 * 60, "minutes a week"),
    "sitting_hours_per_day": (24, "hours a day"),
    "alcohol_units_per_week": (500, "units a week"),
}
FIELDS = (
    "age",
    "sex",
    "pregnancy_weeks",
    "medications",
    "conditions",
    "symptoms",
    "habits",
    "notes",
)
MEDICATION_KEYS = ("name", "started", "dose")


class ProfileError(ValueError):
    """The profile is invalid; `field` names the offending field (e.g. 'symptoms[2]')."""

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"{field_name}: {problem}")
        self.field = field_name
        self.problem = problem


@dataclass(frozen=True)
class Habits:
    fluids_glasses_per_day: float | None = None
    exercise_minutes_per_week: float | None = None
    sitting_hours_per_day: float | None = None
    alcohol_units_per_week: float | None = None


@dataclass(frozen=True)
class Profile:
    age: int | None = None
    sex: str | None = None
    pregnancy_weeks: int | None = None
    medications: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    habits: Habits = field(default_factory=Habits)
    # any other free text (medicine notes, "anything else", diary notes): read for warning signs
    notes: tuple[str, ...] = ()


def validate_profile(data: Any) -> Profile:
    """Check a profile mapping and return it typed; raise ProfileError naming the bad field."""
    if not isinstance(data, dict):
        raise ProfileError("profile", f"expected a JSON object, got {_kind(data)}")
    unknown = sorted(str(key) for key in data if key not in FIELDS)
    if unknown:
        raise ProfileError(unknown[0], f"unknown field (known fields: {', '.join(FIELDS)})")
    age = _whole_number(data.get("age"), "age", MIN_AGE, MAX_AGE, "years")
    sex = _sex(data.get("sex"))
    weeks = _whole_number(
        data.get("pregnancy_weeks"),
        "pregnancy_weeks",
        MIN_PREGNANCY_WEEKS,
        MAX_PREGNANCY_WEEKS,
        "weeks",
    )
    if weeks is not None and sex == "male":
        raise ProfileError("pregnancy_weeks", "a pregnancy is given but sex is 'male'")
    return Profile(
        age=age,
        sex=sex,
        pregnancy_weeks=weeks,
        medications=_medications(data.get("medications")),
        conditions=_texts(data.get("conditions"), "conditions"),
        symptoms=_symptoms(data.get("symptoms")),
        habits=_habits(data.get("habits")),
        notes=_texts(data.get("notes"), "notes"),
    )


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, bool):
        return names[bool]
    if isinstance(value, int | float):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _whole_number(value: Any, name: str, low: int, high: int, unit: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProfileError(name, f"expected a whole number of {unit}, got {_kind(value)}")
    if not low <= value <= high:
        raise ProfileError(name, f"{value} is impossible: expected {low} to {high} {unit}")
    return value


def _sex(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.strip().lower() not in SEXES:
        raise ProfileError("sex", f"expected one of {', '.join(SEXES)} or null, got {value!r}")
    return value.strip().lower()


def _texts(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ProfileError(name, f"expected a list of text, got {_kind(value)}")
    texts = []
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise ProfileError(f"{name}[{index}]", f"expected text, got {_kind(item)}")
        if item.strip():
            texts.append(item.strip())
    return tuple(texts)


def _medications(value: Any) -> tuple[str, ...]:
    """Medicines as text; an object {"name", "started", "dose"} is accepted for its name."""
    if isinstance(value, list):
        names: list[Any] = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                where = f"medications[{index}]"
                unknown = sorted(str(k) for k in item if k not in MEDICATION_KEYS)
                if unknown:
                    raise ProfileError(f"{where}.{unknown[0]}", "unknown field")
                if not isinstance(item.get("name"), str):
                    raise ProfileError(f"{where}.name", "expected the medicine's name as text")
                item = " ".join(str(item[k]) for k in ("name", "dose") if item.get(k))
            names.append(item)
        value = names
    return _texts(value, "medications")


def _symptoms(value: Any) -> tuple[str, ...]:
    _texts(value, "symptoms")  # type checks
    symptoms = [item.strip() for item in value or ()]
    for index, symptom in enumerate(symptoms):
        if symptom not in SYMPTOM_IDS:
            raise ProfileError(
                f"symptoms[{index}]",
                f"unknown symptom id {symptom!r} (known ids: {', '.join(SYMPTOM_IDS)})",
            )
    return tuple(dict.fromkeys(symptoms))


def _habits(value: Any) -> Habits:
    if value is None:
        return Habits()
    if not isinstance(value, dict):
        raise ProfileError("habits", f"expected an object, got {_kind(value)}")
    numbers = {}
    for key, number in value.items():
        where = f"habits.{key}"
        if key not in HABIT_LIMITS:
            raise ProfileError(where, f"unknown habit (known: {', '.join(HABIT_LIMITS)})")
        if number is None:
            continue
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ProfileError(where, f"expected a number, got {_kind(number)}")
        high, unit = HABIT_LIMITS[key]
        if not 0 <= number <= high:
            raise ProfileError(where, f"{number} is impossible: expected 0 to {high:g} {unit}")
        numbers[key] = float(number)
    return Habits(**numbers)
