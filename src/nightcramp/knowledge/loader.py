"""Load the knowledge base from its YAML files and check it is whole and consistent."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nightcramp.knowledge.schema import (
    GRADES,
    LEVELS,
    MEDICINE_KINDS,
    PATTERN_IDS,
    PLAN_WHEN,
    RED_FLAG_IDS,
    STRENGTHS,
    SYMPTOM_IDS,
    Cause,
    Condition,
    Investigation,
    KnowledgeError,
    Lookalike,
    MedicineClass,
    PreventionItem,
    RedFlag,
    ReliefStep,
    Sign,
    Source,
    Stretch,
    Symptom,
    Treatment,
    build,
)

DATA_DIR = Path(__file__).parent / "data"

# file name -> (attribute of Knowledge, record type)
FILES: dict[str, tuple[str, type]] = {
    "sources.yaml": ("sources", Source),
    "causes.yaml": ("causes", Cause),
    "medicines.yaml": ("medicines", MedicineClass),
    "conditions.yaml": ("conditions", Condition),
    "symptoms.yaml": ("symptoms", Symptom),
    "signs.yaml": ("signs", Sign),
    "red_flags.yaml": ("red_flags", RedFlag),
    "lookalikes.yaml": ("lookalikes", Lookalike),
    "relief.yaml": ("relief_steps", ReliefStep),
    "stretches.yaml": ("stretches", Stretch),
    "treatments.yaml": ("treatments", Treatment),
    "tests.yaml": ("tests", Investigation),
    "prevention.yaml": ("prevention", PreventionItem),
}


@dataclass(frozen=True, eq=False)  # hashed by identity: it is cached and used as a cache key
class Knowledge:
    """The whole knowledge base. `sources` maps id -> Source; the rest are tuples in file order."""

    sources: dict[str, Source]
    causes: tuple[Cause, ...]
    medicines: tuple[MedicineClass, ...]
    conditions: tuple[Condition, ...]
    symptoms: tuple[Symptom, ...]
    signs: tuple[Sign, ...]
    red_flags: tuple[RedFlag, ...]
    lookalikes: tuple[Lookalike, ...]
    relief_steps: tuple[ReliefStep, ...]
    stretches: tuple[Stretch, ...]
    treatments: tuple[Treatment, ...]
    tests: tuple[Investigation, ...]
    prevention: tuple[PreventionItem, ...]

    def cause(self, cause_id: str) -> Cause:
        return next(c for c in self.causes if c.id == cause_id)

    def medicine_class(self, class_id: str) -> MedicineClass:
        return next(m for m in self.medicines if m.id == class_id)

    def condition(self, condition_id: str):
        return next(c for c in self.conditions if c.id == condition_id)

    def red_flag(self, condition: str) -> RedFlag:
        return next(r for r in self.red_flags if r.condition == condition)

    def treatment(self, treatment_id: str) -> Treatment:
        return next(t for t in self.treatments if t.id == treatment_id)


@functools.cache
def load_knowledge() -> Knowledge:
    """The packaged knowledge base, read and validated once per process."""
    return read_knowledge(DATA_DIR)


def read_knowledge(directory: Path) -> Knowledge:
    """Read and validate every knowledge file in `directory` (raises KnowledgeError)."""
    parts: dict[str, Any] = {}
    for file_name, (attribute, record_type) in FILES.items():
        records = _read_file(directory / file_name, record_type)
        if attribute == "sources":
            parts[attribute] = {r.id: r for r in records}
        else:
            parts[attribute] = tuple(records)
    knowledge = Knowledge(**parts)
    _check(knowledge)
    return knowledge


def _read_file(path: Path, record_type: type) -> list[Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        raise KnowledgeError(f"{path.name}: file is missing") from None
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{path.name}: not valid YAML: {error}") from None
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: expected a list of entries")
    records = []
    seen: set[str] = set()
    for index, entry in enumerate(raw, start=1):
        label = entry.get("id", entry.get("condition")) if isinstance(entry, dict) else None
        where = f"{path.name}, entry #{index}" + (f" '{label}'" if label else "")
        record = build(record_type, entry, where)
        key = record.id
        if key in seen:
            raise KnowledgeError(f"{where}: duplicate id '{key}'")
        seen.add(key)
        records.append(record)
    return records


def _check(k: Knowledge) -> None:
    """Cross-file checks: ids that must exist, vocabularies, and the contract's id sets."""
    files = {attribute: name for name, (attribute, _) in FILES.items()}
    symptom_ids = {s.id for s in k.symptoms}
    class_ids = {m.id for m in k.medicines}
    cause_ids = {c.id for c in k.causes}

    def fail(attribute: str, record: Any, problem: str) -> None:
        key = getattr(record, "id", "")
        raise KnowledgeError(f"{files[attribute]}, entry '{key}': {problem}")

    def expect(attribute: str, record: Any, field: str, value: Any, allowed: Any) -> None:
        if value not in allowed:
            fail(attribute, record, f"{field} '{value}' is not one of {sorted(allowed)}")

    for attribute in files:
        if attribute == "sources":
            continue
        for record in getattr(k, attribute):
            for source_id in getattr(record, "sources", ()):
                if source_id not in k.sources:
                    fail(attribute, record, f"unknown source '{source_id}'")
            if not getattr(record, "sources", True):
                fail(attribute, record, "needs at least one source")
    for cause in k.causes:
        expect("causes", cause, "strength", cause.strength, STRENGTHS)
    for med in k.medicines:
        expect("medicines", med, "kind", med.kind, MEDICINE_KINDS)
        expect("medicines", med, "strength", med.strength, STRENGTHS)
        expect("medicines", med, "cause", med.cause, cause_ids)
        if not med.drugs:
            fail("medicines", med, "needs at least one drug")
        if med.kind != "watch" and not med.message:
            fail("medicines", med, f"a {med.kind} class needs a message")
    _check_medicine_names(k, fail)
    for condition in k.conditions:
        expect("conditions", condition, "cause", condition.cause, cause_ids)
    for symptom in k.symptoms:
        expect("symptoms", symptom, "id", symptom.id, SYMPTOM_IDS)
    missing = set(SYMPTOM_IDS) - symptom_ids
    if missing:
        raise KnowledgeError(f"symptoms.yaml: missing symptom id(s) {sorted(missing)}")
    for sign in k.signs:
        if sign.id in symptom_ids:
            fail("signs", sign, "a sign id must not repeat a checklist symptom id")
        if sign.symptom is not None:
            expect("signs", sign, "symptom", sign.symptom, symptom_ids)
    _check_red_flags(k, symptom_ids | {s.id for s in k.signs}, class_ids, expect, fail)
    for look in k.lookalikes:
        for symptom in look.symptoms:
            expect("lookalikes", look, "symptom", symptom, symptom_ids)
        if look.pattern is not None:
            expect("lookalikes", look, "pattern", look.pattern, PATTERN_IDS)
    for treatment in k.treatments:
        expect("treatments", treatment, "evidence_grade", treatment.evidence_grade, GRADES)
    for stretch in k.stretches:
        if min(stretch.hold_seconds, stretch.repetitions, stretch.rest_seconds) < 1:
            fail("stretches", stretch, "hold_seconds, repetitions and rest_seconds must be >= 1")
    tokens = {"any_cause"} | set(RED_FLAG_IDS) | class_ids | {c.id for c in k.conditions}
    tokens |= symptom_ids
    for test in k.tests:
        for token in test.suggested_by:
            expect("tests", test, "suggested_by", token, tokens)
    for item in k.prevention:
        expect("prevention", item, "when", item.when, PLAN_WHEN)


def _check_medicine_names(k: Knowledge, fail) -> None:
    """Each name belongs to one drug; a generic sits in two classes only through `only_with`."""
    owner: dict[str, str] = {}
    unconditional: dict[str, str] = {}
    for med in k.medicines:
        for drug in med.drugs:
            if not med.only_with:
                if drug.generic in unconditional:
                    other = unconditional[drug.generic]
                    fail("medicines", med, f"'{drug.generic}' is also in '{other}'")
                unconditional[drug.generic] = med.id
            for name in drug.names:
                key = " ".join(name.lower().split())
                if owner.setdefault(key, drug.generic) != drug.generic:
                    fail("medicines", med, f"name '{name}' is also given for '{owner[key]}'")


def _check_red_flags(k: Knowledge, symptom_ids: set, class_ids: set, expect, fail) -> None:
    condition_ids = {c.id for c in k.conditions}
    for flag in k.red_flags:
        expect("red_flags", flag, "condition", flag.condition, RED_FLAG_IDS)
        if not flag.rules:
            fail("red_flags", flag, "needs at least one rule")
        for rule in flag.rules:
            expect("red_flags", flag, "level", rule.level, LEVELS)
            if not (rule.all_of or rule.any_of or rule.conditions):
                fail("red_flags", flag, "a rule needs all_of or any_of symptoms, or conditions")
            for symptom in rule.all_of + rule.any_of:
                expect("red_flags", flag, "symptom", symptom, symptom_ids)
            for condition_id in rule.conditions:
                expect("red_flags", flag, "condition", condition_id, condition_ids)
            if rule.medicine_note is not None and not rule.medicine:
                fail("red_flags", flag, "medicine_note needs the rule's medicine")
            for class_id in rule.medicine + rule.no_medicine:
                expect("red_flags", flag, "medicine", class_id, class_ids)
            for source_id in rule.sources:
                if source_id not in k.sources:
                    fail("red_flags", flag, f"unknown source '{source_id}' in a rule")
    missing = set(RED_FLAG_IDS) - {f.condition for f in k.red_flags}
    if missing:
        raise KnowledgeError(f"red_flags.yaml: missing condition(s) {sorted(missing)}")
