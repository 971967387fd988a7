"""The full JSON export ("download all my data") and its lossless import.

Format ``nightcramp-export`` version 1: profile, medicines, factors, nights (with their
factor values and medicine intakes), episodes, bedtime routines, trials and saved
assessments. Importing refuses a malformed file whole, naming the path of the bad value.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

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
)

FORMAT = "nightcramp-export"
VERSION = 1


class ExportFileError(ValueError):
    def __init__(self, file: str, problems: list[str]):
        self.file = file
        self.problems = problems
        super().__init__("\n".join(f"{file}: {p}" for p in problems[:20]))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def episode_to_dict(e: Episode) -> dict[str, Any]:
    return {
        "id": e.id,
        "night": e.night.night.isoformat(),
        "occurred_at": e.occurred_at.isoformat(),
        "leg": e.leg or None,
        "muscle": e.muscle or None,
        "severity": e.severity,
        "duration_seconds": e.duration_seconds,
        "woke_me": e.woke_me,
        "relieved_by": e.relieved_by or None,
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
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ExportFileError(str(path), [f"cannot read: {exc.strerror}"]) from None
    except UnicodeDecodeError:
        raise ExportFileError(str(path), ["unknown encoding: the file is not UTF-8"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportFileError(
            str(path), [f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]
        ) from None
    return data


class _Checker:
    """Collects problems with JSON paths such as ``nights[3].cramps``."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def date(self, where: str, value: Any, required: bool = True) -> date | None:
        if value is None and not required:
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.add(where, f"{value!r} is not a date (YYYY-MM-DD)")
        return None

    def moment(self, where: str, value: Any, required: bool = False) -> datetime | None:
        if value is None and not required:
            return None
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None or parsed.tzinfo is None:
            self.add(where, f"{value!r} is not a date-time with a time zone")
        return parsed

    def number(self, where: str, value: Any, low=None, high=None, whole=False, required=False):
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(where, f"{value!r} is not a number")
            return None
        if whole and value != int(value):
            self.add(where, f"{value!r} is not a whole number")
        if (low is not None and value < low) or (high is not None and value > high):
            self.add(where, f"{value!r} is out of range ({low}–{high})")
        return value

    def choice(self, where: str, value: Any, choices) -> str:
        if value in (None, ""):
            return ""
        if value not in choices.values:
            self.add(where, f"{value!r} is not one of {', '.join(choices.values)}")
            return ""
        return value

    def items(self, data: dict, key: str) -> list:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.add(key, "must be a list")
            return []
        return value


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
    has_data = (
        Night.objects.filter(user=user).exists() or Medicine.objects.filter(user=user).exists()
    )
    if has_data and not replace:
        raise ExportFileError(
            file, ["your diary is not empty: use --replace to replace it with this file"]
        )
    with transaction.atomic():
        if replace:
            delete_diary(user)
        return _restore(user, data, plan)


def delete_diary(user) -> None:
    """Every diary row of this user (the account itself stays)."""
    for model in (
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
    ):
        model.objects.filter(user=user).delete()


def _check_export(check: _Checker, data: dict) -> dict[str, Any]:
    """Validate everything first; returns parsed values the restore needs."""
    plan: dict[str, Any] = {"nights": {}, "medicine_ids": set(), "factor_kinds": {}}
    profile = data.get("profile") or {}
    if not isinstance(profile, dict):
        check.add("profile", "must be an object")
        profile = {}
    check.number("profile.age", profile.get("age"), 1, 120, whole=True)
    check.number("profile.pregnancy_weeks", profile.get("pregnancy_weeks"), 1, 42, whole=True)
    check.choice("profile.sex", profile.get("sex"), Sex)
    for i, m in enumerate(check.items(data, "medicines")):
        where = f"medicines[{i}]"
        if not isinstance(m, dict) or not isinstance(m.get("name"), str) or not m["name"].strip():
            check.add(where, "needs a name")
            continue
        plan["medicine_ids"].add(m.get("id"))
        check.date(f"{where}.started", m.get("started"), required=False)
        check.date(f"{where}.stopped", m.get("stopped"), required=False)
    for i, f in enumerate(check.items(data, "factors")):
        where = f"factors[{i}]"
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not f["name"]:
            check.add(where, "needs a name")
            continue
        if f["name"] in plan["factor_kinds"]:
            check.add(f"{where}.name", f"{f['name']!r} appears twice")
        plan["factor_kinds"][f["name"]] = check.choice(f"{where}.kind", f.get("kind"), FactorKind)
    for i, n in enumerate(check.items(data, "nights")):
        where = f"nights[{i}]"
        if not isinstance(n, dict):
            check.add(where, "must be an object")
            continue
        night = check.date(f"{where}.night", n.get("night"))
        if night in plan["nights"]:
            check.add(f"{where}.night", f"{night} appears twice")
        plan["nights"][night] = n
        check.number(f"{where}.cramps", n.get("cramps"), 0, 1000, whole=True)
        check.number(f"{where}.max_severity", n.get("max_severity"), 0, 10)
        check.number(f"{where}.soreness", n.get("soreness"), 0, 10)
        check.moment(f"{where}.checked_in_at", n.get("checked_in_at"))
        check.moment(f"{where}.evening_checked_in_at", n.get("evening_checked_in_at"))
        for name, value in (n.get("factors") or {}).items():
            kind = plan["factor_kinds"].get(name)
            if kind is None:
                check.add(f"{where}.factors.{name}", "is not among the export's factors")
            elif kind == FactorKind.BOOLEAN and not isinstance(value, bool):
                check.add(f"{where}.factors.{name}", f"{value!r} is not true/false")
            elif kind != FactorKind.BOOLEAN:
                check.number(f"{where}.factors.{name}", value, required=True)
        for j, intake in enumerate(n.get("medicines_taken") or []):
            if intake.get("medicine") not in plan["medicine_ids"]:
                check.add(f"{where}.medicines_taken[{j}]", "names a medicine not in the export")
            check.number(f"{where}.medicines_taken[{j}].doses", intake.get("doses"), 0)
    for i, e in enumerate(check.items(data, "episodes")):
        where = f"episodes[{i}]"
        if not isinstance(e, dict):
            check.add(where, "must be an object")
            continue
        night = check.date(f"{where}.night", e.get("night"))
        if night is not None and night not in plan["nights"]:
            check.add(f"{where}.night", f"{night} is not among the export's nights")
        check.moment(f"{where}.occurred_at", e.get("occurred_at"), required=True)
        check.choice(f"{where}.leg", e.get("leg"), Leg)
        check.choice(f"{where}.muscle", e.get("muscle"), Muscle)
        check.choice(f"{where}.relieved_by", e.get("relieved_by"), Relief)
        check.number(f"{where}.severity", e.get("severity"), 0, 10, whole=True)
        check.number(f"{where}.duration_seconds", e.get("duration_seconds"), 0, whole=True)
    for key in ("routines",):
        for i, r in enumerate(check.items(data, key)):
            night = check.date(f"{key}[{i}].night", r.get("night"))
            if night is not None and night not in plan["nights"]:
                check.add(f"{key}[{i}].night", f"{night} is not among the export's nights")
            check.moment(f"{key}[{i}].started_at", r.get("started_at"), required=True)
    for i, t in enumerate(check.items(data, "trials")):
        check.date(f"trials[{i}].start", t.get("start"))
        check.date(f"trials[{i}].end", t.get("end"))
        if not isinstance(t.get("plan"), dict):
            check.add(f"trials[{i}].plan", "must be an object")
    return plan


def _restore(user, data: dict, plan: dict) -> dict[str, int]:
    profile = data.get("profile") or {}
    if profile:
        Profile.objects.create(
            user=user,
            age=profile.get("age"),
            sex=profile.get("sex") or "",
            pregnancy_weeks=profile.get("pregnancy_weeks"),
            conditions=profile.get("conditions") or [],
            symptoms=profile.get("symptoms") or [],
            habits=profile.get("habits") or {},
            time_zone=profile.get("time_zone") or "",
        )
    medicines = {}
    for m in data.get("medicines", []):
        medicines[m.get("id")] = Medicine.objects.create(
            user=user,
            name=m["name"],
            dose=m.get("dose") or "",
            as_needed=bool(m.get("as_needed")),
            started=m.get("started"),
            stopped=m.get("stopped"),
            notes=m.get("notes") or "",
        )
    factors = {}
    for position, f in enumerate(data.get("factors", []), start=1):
        factors[f["name"]] = Factor.objects.create(
            user=user,
            name=f["name"],
            label=f.get("label") or "",
            kind=f["kind"],
            unit=f.get("unit") or "",
            builtin=bool(f.get("builtin")),
            position=position,
        )
    nights = {}
    for n in data.get("nights", []):
        nights[n["night"]] = Night.objects.create(
            user=user,
            night=n["night"],
            cramps=n.get("cramps"),
            max_severity=n.get("max_severity"),
            soreness=n.get("soreness"),
            checked_in_at=n.get("checked_in_at"),
            evening_checked_in_at=n.get("evening_checked_in_at"),
            notes=n.get("notes") or "",
        )
    values, intakes = [], []
    for n in data.get("nights", []):
        night = nights[n["night"]]
        for name, value in (n.get("factors") or {}).items():
            values.append(
                FactorValue(user=user, night=night, factor=factors[name], value=float(value))
            )
        for intake in n.get("medicines_taken") or []:
            intakes.append(
                MedicineIntake(
                    user=user,
                    night=night,
                    medicine=medicines[intake["medicine"]],
                    doses=intake.get("doses", 1),
                )
            )
    FactorValue.objects.bulk_create(values, batch_size=1000)
    MedicineIntake.objects.bulk_create(intakes, batch_size=1000)
    episodes = [
        Episode(
            user=user,
            night=nights[e["night"]],
            occurred_at=e["occurred_at"],
            leg=e.get("leg") or "",
            muscle=e.get("muscle") or "",
            severity=e.get("severity"),
            duration_seconds=e.get("duration_seconds"),
            woke_me=e.get("woke_me"),
            relieved_by=e.get("relieved_by") or "",
            notes=e.get("notes") or "",
        )
        for e in data.get("episodes", [])
    ]
    Episode.objects.bulk_create(episodes, batch_size=1000)
    for r in data.get("routines", []):
        RoutineSession.objects.create(
            user=user,
            night=nights[r["night"]],
            started_at=r["started_at"],
            completed_at=r.get("completed_at"),
            holds_done=r.get("holds_done") or 0,
            holds_total=r.get("holds_total") or 0,
        )
    for t in data.get("trials", []):
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
    for a in data.get("assessments", []):
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
