"""The screen: profile + symptoms -> red flags, pattern, contributing factors, plan.

Every message comes from the knowledge base and carries its sources. Conservative by design:
when two readings are possible the more urgent one is shown, and nothing tells a person to
start, stop or change a prescription medicine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nightcramp.assessment.matching import MedicineMatch, match_each
from nightcramp.assessment.profile import Profile, validate_profile
from nightcramp.assessment.reading import read_conditions, read_signs
from nightcramp.knowledge import Knowledge, load_knowledge
from nightcramp.knowledge.schema import LEVELS, RED_FLAG_IDS, RedFlag, RedFlagRule

# Habit thresholds. These are our heuristics (no source gives a cut-off); the evidence for
# each habit itself is in causes.yaml and is shown with the factor.
LOW_FLUIDS_GLASSES = 6  # fewer glasses a day than this
LONG_SITTING_HOURS = 8  # this many hours a day or more
LOW_EXERCISE_MINUTES = 60  # fewer minutes a week than this
HARD_EXERCISE_MINUTES = 420  # this many minutes a week or more (an hour a day)
LATE_PREGNANCY_WEEKS = 28  # third trimester

STRENGTH_LABELS = {
    "established": "Established",
    "association": "Observational association",
    "named": "Named by a clinical source, not graded",
    "unverified": "Unverified",
    "contested": "Contested, not supported by evidence",
}
CLOT_FLAGS = ("dvt", "pulmonary_embolism")
DISCLAIMER = (
    "Not medical advice. This screen sums up published evidence and cannot examine you. "
    "See a clinician if cramps are severe or frequent, or come with swelling, redness, "
    "weakness, numbness or dark urine; in an emergency call 999, 911 or 112. Do not start, "
    "stop or change a prescription medicine on your own: ask your prescriber."
)
TESTS_NOTE = (
    "Tests are usually unnecessary unless a cause is suspected (NICE); these are the ones a "
    "clinician may consider for you."
)


@dataclass(frozen=True)
class Found:
    """What the profile says, recognised: the basis of every part of the screen."""

    profile: Profile
    medicines: list[MedicineMatch]  # each ingredient once (the first entry naming it)
    classes: set[str]
    conditions: list[str]  # the person's own, never a relative's
    symptoms: set[str]  # the checklist, plus symptoms and signs read in free text
    noted: list[dict]  # what free text was read as: {"text", "sign", "name", "symptom"}
    family_history: list[dict]  # conditions said of relatives: {"text", "condition", "name"}
    read: tuple[tuple[str, list[MedicineMatch]], ...] = ()  # each medicine entry, as read


def screen(profile: dict) -> dict:
    """Screen a profile (see docs/screen.md); raises ProfileError if it is invalid."""
    person = validate_profile(profile)
    knowledge = load_knowledge()
    read = tuple(match_each(person.medications, knowledge))
    medicines = list({m.generic: m for _, found in reversed(read) for m in found[::-1]}.values())
    found = _found(person, medicines[::-1], knowledge, read)
    red_flags = _red_flags(found, knowledge)
    pattern = _pattern(found, red_flags, knowledge)
    factors = _contributing_factors(found, knowledge)
    return {
        "pattern": pattern,
        "red_flags": red_flags,
        "contributing_factors": factors,
        "plan": _plan(found, red_flags, pattern, factors, knowledge),
        "tests": _tests(found, red_flags, knowledge),
        "tests_note": TESTS_NOTE,
        "treatments": _treatments(knowledge),
        "medicines": _medicines_as_read(found),
        "noted_in_text": _noted_that_counted(found, knowledge),
        "family_history": found.family_history,
        "disclaimer": DISCLAIMER,
    }


def _found(
    person: Profile, medicines: list[MedicineMatch], knowledge: Knowledge, read: tuple = ()
) -> Found:
    """Recognise conditions, and warning signs written in any free-text field."""
    conditions = read_conditions(person.conditions, knowledge)
    texts = (*person.conditions, *person.medications, *person.notes)
    signs = read_signs(texts, knowledge)
    symptoms = set(person.symptoms)
    noted = []
    for sign_found in signs:
        sign = next(s for s in knowledge.signs if s.id == sign_found.key)
        symptoms |= {sign.id} | ({sign.symptom} if sign.symptom else set())
        noted.append(
            {"text": sign_found.text, "sign": sign.id, "name": sign.name, "symptom": sign.symptom}
        )
    return Found(
        profile=person,
        medicines=medicines,
        classes={m.class_id for m in medicines if m.class_id},
        conditions=[c.key for c in conditions if not c.family],
        symptoms=symptoms,
        noted=noted,
        family_history=[
            {"text": c.text, "condition": c.key, "name": knowledge.condition(c.key).name}
            for c in conditions
            if c.family
        ],
        read=read,
    )


# --- red flags ----------------------------------------------------------------------------------


def _red_flags(found: Found, knowledge: Knowledge) -> list[dict[str, Any]]:
    """Each red-flag condition at most once, at its most urgent firing rule; most urgent first."""
    flags = []
    for flag in knowledge.red_flags:
        rule = _most_urgent_rule(flag, found)
        if rule is not None:
            flags.append(_flag_dict(flag, rule, found))
    flags.sort(key=lambda f: (LEVELS.index(f["level"]), RED_FLAG_IDS.index(f["condition"])))
    return flags


def _noted_that_counted(found: Found, knowledge: Knowledge) -> list[dict]:
    """The signs read in free text that a fired red-flag rule looks at (a rash with no
    quinine is not shown as a warning sign)."""
    firing = [rule for flag in knowledge.red_flags for rule in flag.rules if _fires(rule, found)]
    looked_at = {s for rule in firing for s in rule.all_of + rule.any_of}
    return [
        {"text": n["text"], "sign": n["sign"], "name": n["name"]}
        for n in found.noted
        if n["sign"] in looked_at or n["symptom"] in looked_at
    ]


def _most_urgent_rule(flag: RedFlag, found: Found) -> RedFlagRule | None:
    fired = [rule for rule in flag.rules if _fires(rule, found)]
    if not fired:
        return None
    return min(fired, key=lambda r: (LEVELS.index(r.level), -r.specificity))


def _fired_rules(found: Found, knowledge: Knowledge) -> list[RedFlagRule]:
    """The rule shown for each red flag that fires."""
    rules = (_most_urgent_rule(flag, found) for flag in knowledge.red_flags)
    return [rule for rule in rules if rule is not None]


def _fires(rule: RedFlagRule, found: Found) -> bool:
    symptoms, classes = found.symptoms, found.classes
    return (
        all(s in symptoms for s in rule.all_of)
        and (not rule.any_of or any(s in symptoms for s in rule.any_of))
        and (not rule.medicine or any(c in classes for c in rule.medicine))
        and not any(c in classes for c in rule.no_medicine)
        and (not rule.conditions or any(c in found.conditions for c in rule.conditions))
    )


def _rule_medicines(rule: RedFlagRule, found: Found) -> list[str]:
    """The person's medicines that made ``rule`` fire, by generic name, with the product's
    name as they wrote it when that differs ("ethinylestradiol/drospirenone (Yasmin)")."""
    by_product: dict[str, list[str]] = {}
    for m in found.medicines:
        if m.class_id in rule.medicine:
            by_product.setdefault(m.product or m.generic, []).append(m.generic)
    names = []
    for product, generics in by_product.items():
        generic = "/".join(generics)
        if product.lower() == generic.lower():
            names.append(generic)
        elif "type not stated" in generic:
            names.append(product)  # "the pill", "water tablets": as the person wrote it
        else:
            names.append(f"{generic} ({product})")
    return names


def _flag_dict(flag: RedFlag, rule: RedFlagRule, found: Found) -> dict[str, Any]:
    names = " and ".join(_rule_medicines(rule, found)) or "this medicine"
    return {
        "condition": flag.condition,
        "level": rule.level,
        "message": rule.message.replace("{medicines}", names),
        "sources": list(rule.sources or flag.sources),
    }


# --- pattern ------------------------------------------------------------------------------------


def _pattern(found: Found, red_flags: list[dict], knowledge: Knowledge) -> str:
    """A possible clot wins; then any other emergency/urgent flag needs assessment; then a
    single look-alike names its pattern; several look-alikes, or any flag above routine,
    need assessment; otherwise these are typical night cramps."""
    conditions = {f["condition"] for f in red_flags}
    if conditions & set(CLOT_FLAGS):
        return "possible_clot"
    if any(f["level"] in ("emergency", "urgent") for f in red_flags):
        return "needs_assessment"
    if any(knowledge.condition(c).secondary for c in found.conditions):
        return "needs_assessment"  # cramps secondary to a known condition are not "typical"
    symptoms = found.symptoms
    lookalikes = [look for look in knowledge.lookalikes if symptoms & set(look.symptoms)]
    if len(lookalikes) == 1:
        return lookalikes[0].pattern or "needs_assessment"
    if lookalikes or any(f["level"] == "soon" for f in red_flags):
        return "needs_assessment"
    return "typical_nocturnal_leg_cramps"


# --- contributing factors ----------------------------------------------------------------------


def _factor(category: str, matched: str, message: str, evidence: str, sources) -> dict:
    return {
        "category": category,
        "matched": matched,
        "message": message,
        "evidence": evidence,
        "sources": list(sources),
    }


def _evidence(strength: str, text: str) -> str:
    return f"{STRENGTH_LABELS[strength]}: {text}"


def _contributing_factors(found: Found, knowledge: Knowledge) -> list[dict[str, Any]]:
    factors = _medicine_factors(found, knowledge)
    for condition_id in found.conditions:
        condition = knowledge.condition(condition_id)
        cause = knowledge.cause(condition.cause)
        evidence = _evidence(cause.strength, cause.evidence)
        factors.append(
            _factor("condition", condition.name, condition.message, evidence, condition.sources)
        )
    factors += _life_stage_factors(found.profile, knowledge)
    factors += _habit_factors(found.profile, knowledge)
    return factors


def _medicine_factors(found: Found, knowledge: Knowledge) -> list[dict[str, Any]]:
    """One factor per cramp-linked class per product: a combination gives one factor for each
    class among its ingredients (Dyazide: triamterene and hydrochlorothiazide); `matched` is
    the generic name, or the class's ingredients joined by "/" (the pill's two hormones)."""
    fired = _fired_rules(found, knowledge)
    groups: dict[tuple[str, str], list[MedicineMatch]] = {}
    for match in found.medicines:
        if match.class_id and knowledge.medicine_class(match.class_id).kind == "cause":
            groups.setdefault((match.text, match.class_id), []).append(match)
    factors = []
    for (_, class_id), matches in groups.items():
        med = knowledge.medicine_class(class_id)
        generic = "/".join(m.generic for m in matches)
        named = generic
        if matches[0].ingredients > len(matches) and matches[0].product:
            named = f"{generic} (in {matches[0].product})"
        notes = {r.medicine_note for r in fired if r.medicine_note and class_id in r.medicine}
        message = " ".join([med.message or "", *sorted(notes)]).replace("{generic}", named)
        evidence = _evidence(med.strength, med.evidence)
        factors.append(_factor("medication", generic, message, evidence, med.sources))
    return factors


def _medicines_as_read(found: Found) -> list[dict[str, Any]]:
    """Each entry's ingredients as recognised; an entry with none is listed as not recognised
    (`matched` null) so the person sees what was not read."""
    rows = []
    for text, matches in found.read:
        if not matches:
            rows.append({"text": text, "matched": None, "class": None, "how": "not recognised"})
        rows += [
            {"text": text, "matched": m.generic, "class": m.class_id, "how": m.how} for m in matches
        ]
    return rows


def _life_stage_factors(profile: Profile, knowledge: Knowledge) -> list[dict[str, Any]]:
    factors = []
    weeks = profile.pregnancy_weeks
    if weeks is not None:
        cause = knowledge.cause("late_pregnancy")
        stage = "late pregnancy" if weeks >= LATE_PREGNANCY_WEEKS else "pregnancy"
        message = (
            f"Cramps are common in {stage} (you are {weeks} weeks pregnant); late pregnancy is "
            "the classic time. Mention them at your antenatal check, and ask your midwife or "
            "doctor before taking any supplement or medicine for them."
        )
        evidence = _evidence(cause.strength, cause.evidence)
        factors.append(_factor("pregnancy", stage, message, evidence, cause.sources))
    age = profile.age
    if age is not None and age >= 50:
        cause = knowledge.cause("age")
        if age >= 60:
            message = (
                "About one in three people over 60 have leg cramps, and 40% of them have three "
                "or more a week; age alone can explain them, but other causes are worth "
                "ruling out."
            )
            sources = ["nice_cks_2012"]
        else:
            message = (
                "Up to a third of people over 50 have night cramps; they grow commoner with age."
            )
            sources = ["hallegraeff_2017_criteria"]
        evidence = _evidence(cause.strength, cause.evidence)
        factors.append(_factor("age", f"age {age}", message, evidence, sources))
    return factors


def _habit_factors(profile: Profile, knowledge: Knowledge) -> list[dict[str, Any]]:
    habits = profile.habits
    found: list[tuple[str, str, str]] = []  # (cause id, matched, message)
    fluids = habits.fluids_glasses_per_day
    if fluids is not None and fluids < LOW_FLUIDS_GLASSES:
        found.append(
            (
                "dehydration",
                f"{fluids:g} glasses of fluid a day",
                f"You drink about {fluids:g} glasses a day. Not drinking enough is named as a "
                "trigger by a consumer guide (not verified); drinking steadily through the day "
                "is a cheap thing to test, unless a clinician has told you to limit fluids.",
            )
        )
    sitting = habits.sitting_hours_per_day
    if sitting is not None and sitting >= LONG_SITTING_HOURS:
        found.append(
            (
                "poor_circulation_sitting",
                f"{sitting:g} hours sitting a day",
                f"You sit about {sitting:g} hours a day. Long sitting and awkward positions are "
                "named as triggers, and a sedentary life was linked with night cramps in "
                "people over 60.",
            )
        )
    exercise = habits.exercise_minutes_per_week
    if exercise is not None and exercise < LOW_EXERCISE_MINUTES:
        found.append(
            (
                "poor_circulation_sitting",
                f"{exercise:g} minutes of exercise a week",
                f"You exercise about {exercise:g} minutes a week. A sedentary lifestyle was "
                "linked with night cramps in people over 60 (an association, not proof).",
            )
        )
    elif exercise is not None and exercise >= HARD_EXERCISE_MINUTES:
        found.append(
            (
                "hard_exercise",
                f"{exercise:g} minutes of exercise a week",
                f"You exercise about {exercise:g} minutes a week. Hard or unaccustomed "
                "exercise is named as a trigger by a consumer guide (not verified). The "
                "popular idea that lactic acid build-up causes cramps is not supported by "
                "evidence.",
            )
        )
    alcohol = habits.alcohol_units_per_week
    if alcohol is not None and alcohol > 0:
        found.append(
            (
                "alcohol",
                f"{alcohol:g} units of alcohol a week",
                f"You drink about {alcohol:g} units a week. Alcohol was associated with night "
                "cramps in people over 60 (one case-control study); your diary can show "
                "whether your cramps follow drinking nights.",
            )
        )
    factors = []
    for cause_id, matched, message in found:
        cause = knowledge.cause(cause_id)
        evidence = _evidence(cause.strength, cause.evidence)
        sources = list(cause.sources)
        if cause_id == "hard_exercise":
            lactic = knowledge.cause("lactic_acid")
            evidence += f" Lactic acid: {_evidence(lactic.strength, lactic.evidence)}"
            sources += [s for s in lactic.sources if s not in sources]
        factors.append(_factor("habit", matched, message, evidence, sources))
    return factors


# --- plan, tests, treatments -------------------------------------------------------------------


def _plan_conditions(found: Found, red_flags: list[dict], pattern: str, factors) -> set[str]:
    habits = found.profile.habits
    exercise = habits.exercise_minutes_per_week
    holds = {
        "always": True,
        "needs_clinician": any(f["level"] != "routine" for f in red_flags)
        or pattern != "typical_nocturnal_leg_cramps",
        "quinine": "quinine" in found.classes,
        "medication": any(f["category"] == "medication" for f in factors),
        "low_fluids": habits.fluids_glasses_per_day is not None
        and habits.fluids_glasses_per_day < LOW_FLUIDS_GLASSES,
        "long_sitting": habits.sitting_hours_per_day is not None
        and habits.sitting_hours_per_day >= LONG_SITTING_HOURS,
        "low_exercise": exercise is not None and exercise < LOW_EXERCISE_MINUTES,
        "hard_exercise": exercise is not None and exercise >= HARD_EXERCISE_MINUTES,
        "alcohol": (habits.alcohol_units_per_week or 0) > 0,
        "pregnancy": found.profile.pregnancy_weeks is not None,
        "quinine_pregnancy": "quinine" in found.classes
        and found.profile.pregnancy_weeks is not None,
    }
    return {name for name, holds_now in holds.items() if holds_now}


def _plan(found: Found, red_flags, pattern, factors, knowledge: Knowledge) -> list[dict]:
    """Prevention items in the knowledge base's order, those that apply to this person."""
    applies = _plan_conditions(found, red_flags, pattern, factors)
    return [
        {
            "id": item.id,
            "title": item.name,
            "action": item.action,
            "why": item.why,
            "evidence": item.evidence,
            "sources": list(item.sources),
        }
        for item in knowledge.prevention
        if item.when in applies
    ]


def _tests(found: Found, red_flags: list[dict], knowledge: Knowledge) -> list[dict]:
    """Investigations suggested by this person's flags, medicines, conditions or symptoms."""
    # a routine-only flag (sleep disturbed) points to no cause, so it suggests no test
    tokens = {f["condition"] for f in red_flags if f["level"] != "routine"}
    tokens |= found.classes | set(found.conditions)
    tokens |= found.symptoms
    points_to_cause = (
        any(f["level"] != "routine" for f in red_flags)
        or found.conditions
        or any(
            knowledge.medicine_class(c).kind == "cause"
            and knowledge.medicine_class(c).strength != "unverified"
            for c in found.classes
        )
    )
    if points_to_cause:
        tokens.add("any_cause")
    return [
        {"id": test.id, "name": test.name, "why": test.why, "sources": list(test.sources)}
        for test in knowledge.tests
        if tokens & set(test.suggested_by)
    ]


def _treatments(knowledge: Knowledge) -> list[dict]:
    return [
        {
            "id": t.id,
            "name": t.name,
            "evidence_grade": t.evidence_grade,
            "grade_meaning": t.grade_meaning,
            "summary": t.summary,
            "effect": t.effect,
            "safety": t.safety,
            "clinician_only": t.clinician_only,
            "sources": list(t.sources),
        }
        for t in knowledge.treatments
    ]
