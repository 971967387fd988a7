"""The full JSON export ("download all my data") and its lossless import.

Format ``nightcramp-export`` version 1: profile, medicines, factors, nights (with their
factor values and medicine intakes), episodes, bedtime routines, trials and saved
assessments. Importing refuses a malformed file whole, naming the path of the bad value.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from nightcramp.diary import limits
from nightcramp.diary.models import (
    Assessment,
    Episode,
    Factor,
    FactorKind,
    FactorValue,
    Leg,
    Medicine,
    MedicineIntake,
    Muscle,
    Night,
    Profile,
    Relief,
    RoutineSession,
    Sex,
    Trial,
    relief_problem,
)
from nightcramp.diary.table import RESERVED_COLUMNS
from nightcramp.diary.text import clean_name, formula_problem, without_bidi_controls

FORMAT = "nightcramp-export"
VERSION = 1
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_SECONDS = 24 * 3600  # a cramp longer than a day is a typing error
SMALL_INT = 32767  # PositiveSmallIntegerField: the same limit in SQLite and PostgreSQL
BIG_INT = 2**63 - 1
MAX_PROBLEMS = 20
# The keys each record may hold: anything else is refused, not silently dropped.
KEYS = {
    "": {"format", "version", "profile", "medicines", "factors", "nights", "episodes"}
    | {"routines", "trials", "assessments"},
    "profile": {"age", "sex", "pregnancy_weeks", "conditions", "symptoms", "habits"}
    | {"time_zone"},
    "medicines": {"id", "name", "dose", "as_needed", "started", "stopped", "notes"},
    "factors": {"name", "label", "kind", "unit", "builtin"},
    "nights": {"night", "cramps", "max_severity", "soreness", "checked_in_at", "notes"}
    | {"evening_checked_in_at", "factors", "medicines_taken", "reported_cramps"},
    "medicines_taken": {"medicine", "doses"},
    "episodes": {"id", "night", "occurred_at", "leg", "muscle", "severity", "notes"}
    | {"duration_seconds", "woke_me", "relieved_by", "time_zone"},
    "routines": {
        "night",
        "started_at",
        "completed_at",
        "holds_done",
        "holds_total",
        "answer_kept_at",
    },
    "trials": {"intervention", "start", "end", "period_nights", "pairs", "washout_nights"}
    | {"seed", "plan", "status", "stopped_at"},
    "assessments": {"created_at", "profile", "result"},
}


class ExportFileError(ValueError):
    def __init__(self, file: str, problems: list[str]):
        self.file = file
        self.problems = problems
        lines = [f"{file}: {p}" for p in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            lines.append(f"... and {len(problems) - MAX_PROBLEMS} more problems")
        super().__init__("\n".join(lines))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def episode_to_dict(e: Episode) -> dict[str, Any]:
    return {
        "id": e.id,
        "night": e.night.night.isoformat(),
        "occurred_at": e.occurred_at.isoformat(),
        "time_zone": e.time_zone or None,
        "leg": e.leg or None,
        "muscle": e.muscle or None,
        "severity": e.severity,
        "duration_seconds": e.duration_seconds,
        "woke_me": e.woke_me,
        "relieved_by": list(e.relieved_by),
        "notes": e.notes,
    }


def profile_to_dict(p: Profile | None) -> dict[str, Any]:
    if p is None:
        return {}
    return {
        "age": p.age,
        "sex": p.sex or None,
        "pregnancy_weeks": p.pregnancy_weeks,
        "conditions": p.conditions,
        "symptoms": p.symptoms,
        "habits": p.habits,
        "time_zone": p.time_zone or None,
    }


def export_everything(user) -> dict[str, Any]:
    medicines = list(Medicine.objects.filter(user=user).order_by("id"))
    factors = list(Factor.objects.filter(user=user))
    factor_names = {f.id: f.name for f in factors}
    nights = list(Night.objects.filter(user=user).order_by("night"))
    values: dict[int, dict[str, Any]] = {}
    for fv in FactorValue.objects.filter(user=user):
        kind = next(f.kind for f in factors if f.id == fv.factor_id)
        values.setdefault(fv.night_id, {})[factor_names[fv.factor_id]] = (
            bool(fv.value) if kind == FactorKind.BOOLEAN else fv.value
        )
    intakes: dict[int, list[dict[str, Any]]] = {}
    for i in MedicineIntake.objects.filter(user=user).order_by("id"):
        intakes.setdefault(i.night_id, []).append({"medicine": i.medicine_id, "doses": i.doses})
    return {
        "format": FORMAT,
        "version": VERSION,
        "profile": profile_to_dict(Profile.objects.filter(user=user).first()),
        "medicines": [
            {
                "id": m.id,
                "name": m.name,
                "dose": m.dose,
                "as_needed": m.as_needed,
                "started": _iso(m.started),
                "stopped": _iso(m.stopped),
                "notes": m.notes,
            }
            for m in medicines
        ],
        "factors": [
            {"name": f.name, "label": f.label, "kind": f.kind, "unit": f.unit, "builtin": f.builtin}
            for f in factors
        ],
        "nights": [
            {
                "night": n.night.isoformat(),
                "reported_cramps": n.reported_cramps,
                "cramps": n.cramps,
                "max_severity": n.max_severity,
                "soreness": n.soreness,
                "checked_in_at": _iso(n.checked_in_at),
                "evening_checked_in_at": _iso(n.evening_checked_in_at),
                "notes": n.notes,
                "factors": values.get(n.id, {}),
                "medicines_taken": intakes.get(n.id, []),
            }
            for n in nights
        ],
        "episodes": [
            episode_to_dict(e) for e in Episode.objects.filter(user=user).select_related("night")
        ],
        "routines": [
            {
                "night": r.night.night.isoformat(),
                "started_at": _iso(r.started_at),
                "completed_at": _iso(r.completed_at),
                "holds_done": r.holds_done,
                "holds_total": r.holds_total,
                "answer_kept_at": _iso(r.answer_kept_at),
            }
            for r in RoutineSession.objects.filter(user=user).select_related("night")
        ],
        "trials": [
            {
                "intervention": t.intervention,
                "start": _iso(t.start),
                "end": _iso(t.end),
                "period_nights": t.period_nights,
                "pairs": t.pairs,
                "washout_nights": t.washout_nights,
                "seed": t.seed,
                "plan": t.plan,
                "status": t.status,
                "stopped_at": _iso(t.stopped_at),
            }
            for t in Trial.objects.filter(user=user).order_by("id")
        ],
        "assessments": [
            {"created_at": _iso(a.created_at), "profile": a.profile, "result": a.result}
            for a in Assessment.objects.filter(user=user).order_by("id")
        ],
    }


def read_json_file(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportFileError(str(path), [f"cannot read: {exc.strerror}"]) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExportFileError(
            str(path), ["unknown encoding: the file is UTF-16; save it as UTF-8 and try again"]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ExportFileError(
            str(path),
            [
                f"line {line}: unknown encoding: byte 0x{data[exc.start]:02x} is not UTF-8; "
                "save the file as UTF-8 and try again"
            ],
        ) from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ExportFileError(
            str(path), [f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]
        ) from None
    except ValueError as exc:  # NaN / Infinity, which JSON does not allow
        raise ExportFileError(str(path), [f"not valid JSON: {exc}"]) from None
    except RecursionError:
        raise ExportFileError(str(path), ["not valid JSON: nested too deeply"]) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


class _Checker:
    """Collects problems with JSON paths such as ``nights[3].cramps``."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def date(self, where: str, value: Any, required: bool = True) -> date | None:
        if value is None and not required:
            return None
        if isinstance(value, str) and ISO_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.add(where, f"{value!r} is not a date (YYYY-MM-DD)")
        return None

    def moment(self, where: str, value: Any, required: bool = False) -> datetime | None:
        if value is None and not required:
            return None
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:  # well formed but impossible, e.g. February 30th
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.add(where, f"{value!r} is not a date-time with a time zone")
            return None
        return self.within(where, parsed.date(), parsed)

    def within(self, where: str, day: date | None, value: Any = None, days_ahead: int = 1):
        """``value`` (default: the day) if the day is a possible date of a diary, else None;
        a year 1 or 9999 would also overflow when converted to UTC or stepped from."""
        problem = day and limits.diary_date_problem(day, timezone.localdate(), days_ahead)
        if problem:
            self.add(where, problem)
            return None
        return day if value is None else value

    def number(self, where: str, value: Any, low=None, high=None, whole=False, required=False):
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(where, f"{value!r} is not a number")
            return None
        if not _finite(value):  # 1e400 reads as infinity; a 400-digit whole number too
            self.add(where, "is too large a number")
            return None
        if whole and value != int(value):
            self.add(where, f"{value!r} is not a whole number")
        if (low is not None and value < low) or (high is not None and value > high):
            self.add(where, f"{value!r} is out of range ({low}–{high})")
        return value

    def choice(self, where: str, value: Any, choices, required: bool = False) -> str:
        if value in (None, "") and not required:
            return ""
        if value not in choices.values:
            self.add(where, f"{value!r} is not one of {', '.join(choices.values)}")
            return ""
        return value

    def text(self, where: str, value: Any, max_length: int | None = None, required=False) -> str:
        """A string (null allowed unless required; a required one may not be blank)."""
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(where, f"{value!r} is not " + ("a non-empty text" if required else "a text"))
            return ""
        problem = limits.too_long(value, max_length) if max_length is not None else None
        if problem:
            self.add(where, problem)
        return value

    def name(self, where: str, value: Any, max_length: int) -> str:
        """A required name, as it will be stored: bidi controls removed."""
        text = self.text(where, value, required=True)
        cleaned = clean_name(text)
        if text and not cleaned:
            self.add(where, f"{value!r} is not a non-empty text")
        problem = limits.too_long(cleaned, max_length)
        if problem:
            self.add(where, problem)
        return cleaned

    def boolean(self, where: str, value: Any) -> None:
        if value is not None and not isinstance(value, bool):
            self.add(where, f"{value!r} is not true, false or null")

    def obj(self, where: str, value: Any, allowed: set[str] | None = None) -> dict | None:
        """A JSON object with no keys outside ``allowed``: a mistyped or forged key would
        otherwise be dropped without a word."""
        if not isinstance(value, dict):
            self.add(where, f"must be an object, not {_json_type(value)}")
            return None
        for key in value if allowed is not None else ():
            if key not in allowed:
                self.add(f"{where}.{key}" if where else str(key), "is not a known key")
        return value

    def items(self, data: dict, key: str) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(key, f"must be a list, not {_json_type(value)}")
            return []
        return value

    def strings(self, where: str, value: Any) -> None:
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            self.add(where, "must be a list of texts")


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond what a float holds
        return False


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    names = {dict: "an object", list: "a list", str: "a text"}
    return names.get(type(value), "a number")


def import_everything(user, data: Any, file: str = "export.json", replace: bool = False):
    """Restore a JSON export into this user's diary, all or nothing.

    The diary must be empty unless ``replace`` is true, in which case it is replaced.
    Returns counts of what was restored.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportFileError(file, [f'not a nightcramp export (no "format": "{FORMAT}")'])
    if data.get("version") != VERSION:
        raise ExportFileError(file, [f"export version {data.get('version')!r} is not supported"])
    check = _Checker()
    plan = _check_export(check, data)
    if check.problems:
        raise ExportFileError(file, check.problems)
    held = diary_contents(user)
    if held and not replace:
        raise ExportFileError(
            file,
            [
                f"your diary is not empty: it already holds {', '.join(held)}; use --replace "
                "to replace it with this file"
            ],
        )
    with transaction.atomic():
        if replace:
            delete_diary(user)
        return _restore(user, data, plan)


# Every diary table of a user, in an order that deletes without breaking references.
DIARY_MODELS = (
    Assessment,
    Trial,
    RoutineSession,
    Episode,
    MedicineIntake,
    FactorValue,
    Night,
    Factor,
    Medicine,
    Profile,
)


def delete_diary(user) -> None:
    """Every diary row of this user (the account itself stays)."""
    for model in DIARY_MODELS:
        model.objects.filter(user=user).delete()


def diary_contents(user) -> list[str]:
    """What the user's diary holds ("a profile", "factors", ...); empty = nothing at all.

    A restore needs a diary with none of it: a profile or factor already there would clash
    with the file's."""
    named = {Profile: "a profile", FactorValue: "factor values", MedicineIntake: "medicine doses"}
    return [
        named.get(model, f"{model._meta.verbose_name_plural}")
        for model in reversed(DIARY_MODELS)
        if model.objects.filter(user=user).exists()
    ]


def _check_export(check: _Checker, data: dict) -> dict[str, Any]:
    """Validate everything first (every value the restore uses); returns what it needs."""
    plan: dict[str, Any] = {"nights": {}, "medicine_ids": set(), "factor_kinds": {}}
    check.obj("", data, KEYS[""])
    _check_profile(check, data.get("profile"))
    _check_medicines(check, plan, check.items(data, "medicines"))
    _check_factors(check, plan, check.items(data, "factors"))
    for i, n in enumerate(check.items(data, "nights")):
        _check_night(check, plan, f"nights[{i}]", n)
    for i, e in enumerate(check.items(data, "episodes")):
        _check_episode(check, plan, f"episodes[{i}]", e)
    for i, r in enumerate(check.items(data, "routines")):
        _check_routine(check, plan, f"routines[{i}]", r)
    for i, t in enumerate(check.items(data, "trials")):
        _check_trial(check, f"trials[{i}]", t)
    for i, a in enumerate(check.items(data, "assessments")):
        where = f"assessments[{i}]"
        if check.obj(where, a, KEYS["assessments"]) is not None:
            check.obj(f"{where}.profile", a.get("profile"))
            _check_assessment_result(check, f"{where}.result", a.get("result"))
            check.moment(f"{where}.created_at", a.get("created_at"))
    return plan


RED_FLAG_LEVELS = ("emergency", "urgent", "soon", "routine")


def _check_assessment_result(check: _Checker, where: str, result: Any) -> None:
    """A saved screening as the report and the FHIR export read it: a pattern id and red
    flags, each with a condition, a level and a message (a forged one crashed them)."""
    if check.obj(where, result) is None:
        return
    if result.get("pattern") is not None:
        check.text(f"{where}.pattern", result["pattern"])
    flags = result.get("red_flags")
    if flags is not None and not isinstance(flags, list):
        check.add(f"{where}.red_flags", f"must be a list, not {_json_type(flags)}")
        return
    for i, flag in enumerate(flags or []):
        at = f"{where}.red_flags[{i}]"
        if check.obj(at, flag) is None:
            continue
        check.text(f"{at}.condition", flag.get("condition"), required=True)
        check.text(f"{at}.message", flag.get("message"))
        if flag.get("level") not in RED_FLAG_LEVELS:
            check.add(
                f"{at}.level", f"{flag.get('level')!r} is not one of {', '.join(RED_FLAG_LEVELS)}"
            )
        check.strings(f"{at}.sources", flag.get("sources"))


def _check_profile(check: _Checker, profile: Any) -> None:
    if profile is None:
        return
    if check.obj("profile", profile, KEYS["profile"]) is None:
        return
    check.number("profile.age", profile.get("age"), 1, 120, whole=True)
    check.number("profile.pregnancy_weeks", profile.get("pregnancy_weeks"), 1, 42, whole=True)
    check.choice("profile.sex", profile.get("sex"), Sex)
    _check_conditions(check, profile.get("conditions"))
    check.strings("profile.symptoms", profile.get("symptoms"))
    habits = profile.get("habits")
    if habits is not None and check.obj("profile.habits", habits) is not None:
        for name, value in habits.items():
            check.number(f"profile.habits.{name}", value, 0)
    _check_zone(check, "profile.time_zone", profile.get("time_zone"))


def _check_conditions(check: _Checker, conditions: Any) -> None:
    check.strings("profile.conditions", conditions)
    if not isinstance(conditions, list):
        return
    if len(conditions) > limits.MAX_CONDITIONS:
        check.add(
            "profile.conditions",
            f"holds {len(conditions)} conditions; at most {limits.MAX_CONDITIONS} fit",
        )
    for i, condition in enumerate(conditions):
        problem = isinstance(condition, str) and limits.too_long(
            clean_name(condition), limits.MAX_CONDITION_NAME
        )
        if problem:
            check.add(f"profile.conditions[{i}]", problem)


def _check_zone(check: _Checker, where: str, value: Any) -> None:
    zone = check.text(where, value, 64)
    if zone:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(zone)
        except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
            check.add(where, f"{zone!r} is not a known time zone")


def _check_medicines(check: _Checker, plan: dict, medicines: list) -> None:
    for i, m in enumerate(medicines):
        where = f"medicines[{i}]"
        if check.obj(where, m, KEYS["medicines"]) is None:
            continue
        check.name(f"{where}.name", m.get("name"), limits.MAX_MEDICINE_NAME)
        check.text(f"{where}.dose", m.get("dose"), 100)
        check.text(f"{where}.notes", m.get("notes"), limits.MAX_STORED_NOTE)
        check.boolean(f"{where}.as_needed", m.get("as_needed"))
        medicine_id = m.get("id")
        if medicine_id is not None and not isinstance(medicine_id, int | str):
            check.add(f"{where}.id", f"{medicine_id!r} is not a number or text")
        elif medicine_id is not None and medicine_id in plan["medicine_ids"]:
            check.add(f"{where}.id", f"{medicine_id!r} appears twice")
        else:
            plan["medicine_ids"].add(medicine_id)
        first = _medicine_date(check, f"{where}.started", m.get("started"))
        last = _medicine_date(check, f"{where}.stopped", m.get("stopped"))
        if first and last and last < first:
            check.add(f"{where}.stopped", f"{last} is before started ({first})")


def _medicine_date(check: _Checker, where: str, value: Any) -> date | None:
    """A medicine's start or stop date, within the web form's bounds."""
    day = check.date(where, value, required=False)
    problem = day and limits.medicine_date_problem(day, timezone.localdate())
    if problem:
        check.add(where, problem)
        return None
    return day


def _check_factors(check: _Checker, plan: dict, factors: list) -> None:
    problem = limits.too_many_factors(len(factors))
    if problem:
        check.add("factors", problem)
        return
    for i, f in enumerate(factors):
        where = f"factors[{i}]"
        if check.obj(where, f, KEYS["factors"]) is None:
            continue
        name = check.name(f"{where}.name", f.get("name"), limits.MAX_FACTOR_NAME)
        if formula_problem(name):
            check.add(f"{where}.name", f"{name!r}: {formula_problem(name)}")
        check.text(f"{where}.label", f.get("label"), limits.MAX_FACTOR_LABEL)
        check.text(f"{where}.unit", f.get("unit"), 40)
        check.boolean(f"{where}.builtin", f.get("builtin"))
        kind = check.choice(f"{where}.kind", f.get("kind"), FactorKind, required=True)
        if name.strip().lower() in RESERVED_COLUMNS:
            check.add(f"{where}.name", f"{name!r} is a column of the diary, not a factor")
        elif name in plan["factor_kinds"]:
            check.add(f"{where}.name", f"{name!r} appears twice")
        elif name:
            plan["factor_kinds"][name] = kind


def _check_night(check: _Checker, plan: dict, where: str, n: Any) -> None:
    if check.obj(where, n, KEYS["nights"]) is None:
        return
    night = check.within(f"{where}.night", check.date(f"{where}.night", n.get("night")))
    if night is not None and night in plan["nights"]:
        check.add(f"{where}.night", f"{night} appears twice")
    elif night is not None:
        plan["nights"][night] = n
    check.number(f"{where}.cramps", n.get("cramps"), 0, 1000, whole=True)
    check.number(f"{where}.reported_cramps", n.get("reported_cramps"), 0, 1000, whole=True)
    check.number(f"{where}.max_severity", n.get("max_severity"), 0, 10)
    check.number(f"{where}.soreness", n.get("soreness"), 0, 10)
    check.moment(f"{where}.checked_in_at", n.get("checked_in_at"))
    check.moment(f"{where}.evening_checked_in_at", n.get("evening_checked_in_at"))
    check.text(f"{where}.notes", n.get("notes"), limits.MAX_STORED_NOTE)
    factors = n.get("factors")
    if factors is not None and check.obj(f"{where}.factors", factors) is not None:
        seen: set[str] = set()
        for key, value in factors.items():
            name, at = clean_name(key), f"{where}.factors.{key}"
            kind = plan["factor_kinds"].get(name)
            if name not in plan["factor_kinds"]:
                check.add(at, "is not among the export's factors")
            elif name in seen:
                check.add(at, f"'{name}' appears twice")
            elif kind == FactorKind.BOOLEAN and not isinstance(value, bool):
                check.add(at, f"{value!r} is not true/false")
            elif kind and kind != FactorKind.BOOLEAN:
                low, high = (0, 10) if kind == FactorKind.SCALE else (None, None)
                check.number(at, value, low, high, required=True)
            seen.add(name)
    intakes = n.get("medicines_taken")
    if intakes is not None and not isinstance(intakes, list):
        check.add(f"{where}.medicines_taken", f"must be a list, not {_json_type(intakes)}")
        intakes = []
    for j, intake in enumerate(intakes or []):
        at = f"{where}.medicines_taken[{j}]"
        if check.obj(at, intake, KEYS["medicines_taken"]) is None:
            continue
        medicine = intake.get("medicine")
        if not isinstance(medicine, int | str) or medicine not in plan["medicine_ids"]:
            check.add(f"{at}.medicine", f"{medicine!r} is not among the export's medicines")
        check.number(f"{at}.doses", intake.get("doses"), 0, 1000)


def _check_episode(check: _Checker, plan: dict, where: str, e: Any) -> None:
    if check.obj(where, e, KEYS["episodes"]) is None:
        return
    night = check.date(f"{where}.night", e.get("night"))
    if night is not None and night not in plan["nights"]:
        check.add(f"{where}.night", f"{night} is not among the export's nights")
    check.moment(f"{where}.occurred_at", e.get("occurred_at"), required=True)
    _check_zone(check, f"{where}.time_zone", e.get("time_zone"))
    check.choice(f"{where}.leg", e.get("leg"), Leg)
    check.choice(f"{where}.muscle", e.get("muscle"), Muscle)
    _check_reliefs(check, f"{where}.relieved_by", e.get("relieved_by"))
    check.number(f"{where}.severity", e.get("severity"), 0, 10, whole=True)
    check.number(f"{where}.duration_seconds", e.get("duration_seconds"), 0, MAX_SECONDS, True)
    check.boolean(f"{where}.woke_me", e.get("woke_me"))
    check.text(f"{where}.notes", e.get("notes"), limits.MAX_STORED_NOTE)


def reliefs_read(value: str | list[str] | None) -> list[str]:
    """The answers to "what helped?" as stored: older exports hold one code or null, newer
    ones a list."""
    if value is None or value == "":
        return []
    return [value] if isinstance(value, str) else list(value)


def _check_reliefs(check: _Checker, where: str, value: Any) -> None:
    if isinstance(value, str | type(None)):
        check.choice(where, value, Relief)
        return
    problem = relief_problem(value)
    if problem:
        check.add(where, problem)


def _check_routine(check: _Checker, plan: dict, where: str, r: Any) -> None:
    if check.obj(where, r, KEYS["routines"]) is None:
        return
    night = check.date(f"{where}.night", r.get("night"))
    if night is not None and night not in plan["nights"]:
        check.add(f"{where}.night", f"{night} is not among the export's nights")
    check.moment(f"{where}.started_at", r.get("started_at"), required=True)
    check.moment(f"{where}.completed_at", r.get("completed_at"))
    check.moment(f"{where}.answer_kept_at", r.get("answer_kept_at"))
    check.number(f"{where}.holds_done", r.get("holds_done"), 0, SMALL_INT, whole=True)
    check.number(f"{where}.holds_total", r.get("holds_total"), 0, SMALL_INT, whole=True)


def _check_trial(check: _Checker, where: str, t: Any) -> None:
    if check.obj(where, t, KEYS["trials"]) is None:
        return
    check.text(f"{where}.intervention", t.get("intervention"), 200, required=True)
    first, last = (
        check.within(f"{where}.{key}", check.date(f"{where}.{key}", t.get(key)), None, ahead)
        for key, ahead in (("start", limits.MEDICINE_DAYS_AHEAD), ("end", limits.TRIAL_DAYS_AHEAD))
    )
    if first and last and last < first:
        check.add(f"{where}.end", f"{last} is before the start {first}")
    check.number(f"{where}.period_nights", t.get("period_nights"), 1, SMALL_INT, True, True)
    check.number(f"{where}.pairs", t.get("pairs"), 1, SMALL_INT, whole=True, required=True)
    check.number(f"{where}.washout_nights", t.get("washout_nights"), 0, SMALL_INT, whole=True)
    check.number(f"{where}.seed", t.get("seed"), -BIG_INT, BIG_INT, whole=True, required=True)
    plan = check.obj(f"{where}.plan", t.get("plan"))
    if plan is not None and not isinstance(plan.get("periods"), list):
        check.add(f"{where}.plan.periods", "must be a list of periods")
    elif plan is not None and plan["periods"]:  # a plan without periods is kept as it is
        from nightcramp.diary.trial_plan import PlanError, validate_plan

        try:
            validate_plan(plan)
        except PlanError as exc:
            check.add(f"{where}.plan.{exc.field}", str(exc).split(": ", 1)[1])
        except OverflowError:  # a period ending 9999-12-31
            check.add(f"{where}.plan.periods", "holds dates out of range")
    check.choice(f"{where}.status", t.get("status"), Trial.Status)
    check.moment(f"{where}.stopped_at", t.get("stopped_at"))


def _restore(user, data: dict, plan: dict) -> dict[str, int]:
    profile = data.get("profile") or {}
    # an older export's episodes had no zone of their own: they were shown in the profile's
    zone = profile.get("time_zone") or settings.TIME_ZONE
    if profile:
        Profile.objects.create(
            user=user,
            age=profile.get("age"),
            sex=profile.get("sex") or "",
            pregnancy_weeks=profile.get("pregnancy_weeks"),
            conditions=[c for c in map(clean_name, profile.get("conditions") or []) if c],
            symptoms=profile.get("symptoms") or [],
            habits=profile.get("habits") or {},
            time_zone=profile.get("time_zone") or "",
        )
    medicines = {}
    for m in data.get("medicines") or []:
        medicines[m.get("id")] = Medicine.objects.create(
            user=user,
            name=clean_name(m["name"]),
            dose=m.get("dose") or "",
            as_needed=bool(m.get("as_needed")),
            started=m.get("started"),
            stopped=m.get("stopped"),
            notes=m.get("notes") or "",
        )
    factors = {}
    for position, f in enumerate(data.get("factors") or [], start=1):
        factors[clean_name(f["name"])] = Factor.objects.create(
            user=user,
            name=clean_name(f["name"]),
            label=without_bidi_controls(f.get("label") or ""),
            kind=f["kind"],
            unit=f.get("unit") or "",
            builtin=bool(f.get("builtin")),
            position=position,
        )
    nights = {}
    for n in data.get("nights") or []:
        nights[n["night"]] = Night.objects.create(
            user=user,
            night=n["night"],
            # an export made before answers were kept apart: its count was the answer
            reported_cramps=n.get("reported_cramps", n.get("cramps")),
            cramps=n.get("cramps"),
            max_severity=n.get("max_severity"),
            soreness=n.get("soreness"),
            checked_in_at=n.get("checked_in_at"),
            evening_checked_in_at=n.get("evening_checked_in_at"),
            notes=n.get("notes") or "",
        )
    values, intakes = [], []
    for n in data.get("nights") or []:
        night = nights[n["night"]]
        for name, value in (n.get("factors") or {}).items():
            values.append(
                FactorValue(
                    user=user, night=night, factor=factors[clean_name(name)], value=float(value)
                )
            )
        for intake in n.get("medicines_taken") or []:
            intakes.append(
                MedicineIntake(
                    user=user,
                    night=night,
                    medicine=medicines[intake["medicine"]],
                    doses=1 if intake.get("doses") is None else intake["doses"],
                )
            )
    FactorValue.objects.bulk_create(values, batch_size=1000)
    MedicineIntake.objects.bulk_create(intakes, batch_size=1000)
    episodes = [
        Episode(
            user=user,
            night=nights[e["night"]],
            occurred_at=e["occurred_at"],
            time_zone=e.get("time_zone") or zone,
            leg=e.get("leg") or "",
            muscle=e.get("muscle") or "",
            severity=e.get("severity"),
            duration_seconds=e.get("duration_seconds"),
            woke_me=e.get("woke_me"),
            relieved_by=reliefs_read(e.get("relieved_by")),
            notes=e.get("notes") or "",
        )
        for e in data.get("episodes") or []
    ]
    Episode.objects.bulk_create(episodes, batch_size=1000)
    for r in data.get("routines") or []:
        RoutineSession.objects.create(
            user=user,
            night=nights[r["night"]],
            started_at=r["started_at"],
            completed_at=r.get("completed_at"),
            holds_done=r.get("holds_done") or 0,
            holds_total=r.get("holds_total") or 0,
            answer_kept_at=r.get("answer_kept_at"),
        )
    for t in data.get("trials") or []:
        Trial.objects.create(
            user=user,
            intervention=t["intervention"],
            start=t["start"],
            end=t["end"],
            period_nights=t["period_nights"],
            pairs=t["pairs"],
            washout_nights=t.get("washout_nights") or 0,
            seed=t["seed"],
            plan=t["plan"],
            status=t.get("status") or Trial.Status.ACTIVE,
            stopped_at=t.get("stopped_at"),
        )
    for a in data.get("assessments") or []:
        saved = Assessment.objects.create(user=user, profile=a["profile"], result=a["result"])
        if a.get("created_at"):
            Assessment.objects.filter(pk=saved.pk).update(created_at=a["created_at"])
    return {
        "nights": len(nights),
        "episodes": len(episodes),
        "medicines": len(medicines),
        "factors": len(factors),
        "factor values": len(values),
    }
