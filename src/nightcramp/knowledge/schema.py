"""Typed records of the knowledge base, and the contract ids they must respect.

Plain frozen dataclasses; `build()` turns one YAML mapping into a record and refuses unknown
keys, missing fields and wrong types with a message naming the file and the entry.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass

# --- contract ids (PRODUCT.md "Interfaces the tests rely on") ---------------------------------
LEVELS = ("emergency", "urgent", "soon", "routine")  # most urgent first
SYMPTOM_IDS = (
    "one_leg_swollen",
    "leg_red_warm",
    "short_of_breath_or_chest_pain",
    "dark_urine",
    "foot_cold_pale",
    "muscle_weakness",
    "muscle_wasting_or_twitching",
    "numbness_or_tingling",
    "calf_pain_walking_relieved_by_rest",
    "urge_to_move_relieved_by_moving",
    "back_pain_spreading_to_legs",
    "daytime_cramps",
    "cramps_getting_worse",
    "cramps_disrupt_sleep_most_nights",
    "bruising_or_bleeding",
    "ringing_ears_or_vision_change",
    "palpitations_or_fainting",
    "excessive_thirst_or_urination",
    "tiredness_weight_gain_feeling_cold",
)
RED_FLAG_IDS = (
    "dvt",
    "pulmonary_embolism",
    "rhabdomyolysis",
    "acute_limb_ischaemia",
    "quinine_adverse_reaction",
    "neuromuscular_disease",
    "neuropathy",
    "peripheral_arterial_disease",
    "restless_legs",
    "lumbar_stenosis",
    "thyroid_disease",
    "diabetes",
    "secondary_cause",
)
PATTERN_IDS = (
    "typical_nocturnal_leg_cramps",
    "possible_restless_legs",
    "possible_claudication",
    "possible_clot",
    "possible_neuropathy",
    "needs_assessment",
)
CATEGORIES = ("medication", "condition", "pregnancy", "age", "habit")

# --- the knowledge base's own vocabularies -----------------------------------------------------
STRENGTHS = ("established", "association", "named", "unverified", "contested")
GRADES = ("A", "B", "C", "U", "against", "not_graded")
GRADE_MEANING = {
    "A": "good evidence it works",
    "B": "fair evidence it works",
    "C": "limited or mixed evidence",
    "U": "unproven",
    "against": "good evidence it does not help",
    "not_graded": "practical advice, not graded",
}
# cause: may contribute to cramps (shown as a factor); treatment: taken for cramps (its
# warning signs are checked); watch: no cramp link, but it can explain symptoms a red-flag rule
# looks at (lithium and thirst), so rules may name it.
MEDICINE_KINDS = ("cause", "treatment", "watch")
PLAN_WHEN = (
    "always",
    "needs_clinician",
    "quinine",
    "medication",
    "low_fluids",
    "long_sitting",
    "low_exercise",
    "hard_exercise",
    "alcohol",
    "pregnancy",
    "quinine_pregnancy",
)


class KnowledgeError(ValueError):
    """A knowledge file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    ref: int | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Cause:
    id: str
    name: str
    summary: str
    strength: str
    evidence: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Drug:
    generic: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class MedicineProduct:
    """A product people name (a combination brand, a UK "co-" name, a lay term) and the
    generic ingredients it contains; read only by the medicine-index build."""

    names: tuple[str, ...]
    ingredients: tuple[str, ...]
    note: str | None = None

    @property
    def id(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class Figure:
    estimate: float
    ci_low: float
    ci_high: float
    measure: str


@dataclass(frozen=True)
class MedicineClass:
    """A class of medicines. A drug may sit in two classes when one of them says `only_with`:
    that class applies only when the same entry also holds one of those ingredients (a
    long-acting beta-agonist with an inhaled steroid is `laba_ics`, alone it is `laba`)."""

    id: str
    name: str
    kind: str
    cause: str
    strength: str
    evidence: str
    sources: tuple[str, ...]
    drugs: tuple[Drug, ...]
    message: str | None = None  # required for kind cause and treatment
    figure: Figure | None = None
    only_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    id: str
    name: str
    cause: str
    synonyms: tuple[str, ...]
    message: str
    sources: tuple[str, ...]
    whole_entry: tuple[str, ...] = ()  # matched only when they are the whole entry ("sugar")
    secondary: bool = False  # cramps with it are secondary: the pattern needs assessment


@dataclass(frozen=True)
class Sign:
    """A warning sign as people write it in free text. `phrases` are matched as whole words;
    "(a|b|)" offers alternatives, an empty one making the word optional. `symptom` is the
    checklist id the sign stands for, when there is one."""

    id: str
    name: str
    phrases: tuple[str, ...]
    sources: tuple[str, ...]
    symptom: str | None = None


@dataclass(frozen=True)
class Symptom:
    id: str
    question: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RedFlagRule:
    level: str
    message: str
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    medicine: tuple[str, ...] = ()
    no_medicine: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()  # at least one of these conditions (conditions.yaml ids)
    sources: tuple[str, ...] = ()  # the rule's own sources; empty: the flag's sources
    # added to the contributing-factor message of the medicine that made the rule fire
    medicine_note: str | None = None

    @property
    def specificity(self) -> int:
        """How many conditions the rule needs: the more specific message wins a tie."""
        return (
            len(self.all_of)
            + bool(self.any_of)
            + bool(self.medicine)
            + bool(self.no_medicine)
            + bool(self.conditions)
        )


@dataclass(frozen=True)
class RedFlag:
    condition: str
    name: str
    sources: tuple[str, ...]
    rules: tuple[RedFlagRule, ...]

    @property
    def id(self) -> str:
        return self.condition


@dataclass(frozen=True)
class Lookalike:
    id: str
    name: str
    symptoms: tuple[str, ...]
    how_to_tell: str
    sources: tuple[str, ...]
    pattern: str | None = None


@dataclass(frozen=True)
class ReliefStep:
    id: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Stretch:
    id: str
    name: str
    muscle: str
    standing: bool
    how: tuple[str, ...]
    hold_seconds: int
    repetitions: int
    rest_seconds: int
    per_leg: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Treatment:
    id: str
    name: str
    evidence_grade: str
    summary: str
    safety: str
    clinician_only: bool
    sources: tuple[str, ...]
    effect: str | None = None

    @property
    def grade_meaning(self) -> str:
        return GRADE_MEANING[self.evidence_grade]


@dataclass(frozen=True)
class Investigation:
    id: str
    name: str
    why: str
    suggested_by: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PreventionItem:
    id: str
    name: str
    action: str
    why: str
    evidence: str
    when: str
    sources: tuple[str, ...]


# --- building records from YAML ----------------------------------------------------------------


@functools.cache
def _type_hints(cls: type) -> dict[str, typing.Any]:
    """A record type's resolved field types (resolving them is the slow part of loading)."""
    return typing.get_type_hints(cls)


def build(cls: type, raw: object, where: str) -> typing.Any:
    """Make a `cls` record from a YAML mapping; `where` names the file and entry in errors."""
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: expected a mapping, got {type(raw).__name__}")
    hints = _type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise KnowledgeError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
    values = {}
    for name, field in fields.items():
        if name not in raw:
            required = (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            )
            if required:
                raise KnowledgeError(f"{where}: missing field '{name}'")
            continue
        values[name] = _coerce(raw[name], hints[name], f"{where}, field '{name}'")
    return cls(**values)


def _coerce(value: object, tp: typing.Any, where: str) -> typing.Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _coerce(value, options[0], where)
    if origin is tuple:
        if not isinstance(value, list):
            raise KnowledgeError(f"{where}: expected a list, got {type(value).__name__}")
        item_type = typing.get_args(tp)[0]
        return tuple(_coerce(v, item_type, f"{where}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(tp):
        return build(tp, value, where)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp is int and isinstance(value, bool):
        raise KnowledgeError(f"{where}: expected int, got bool")
    if not isinstance(value, tp):
        raise KnowledgeError(f"{where}: expected {tp.__name__}, got {type(value).__name__}")
    if tp is str and not value.strip():
        raise KnowledgeError(f"{where}: must not be empty")
    return value
