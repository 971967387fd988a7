"""FHIR R4 export: the diary as a ``document`` Bundle (a Composition first, for the person
to hand over) or a ``transaction`` Bundle of the same resources (for POSTing to a FHIR
server), validated with ``fhir.resources.R4B`` models (imported lazily). The codes used and
where they come from are listed in docs/fhir.md and in ``reports/fhir_terms.py``.

- Patient: a stable pseudonymous id only, unless the person asks for their name; gender
  when recorded. (The profile stores an age, not a birth date, so no birthDate is sent.)
- Condition: ICD-10-CM G47.62 "Sleep related leg cramps", verification ``unconfirmed``
  because it is self-reported.
- Observation per cramp episode (time in the person's UTC offset, SNOMED CT body site, side
  as a laterality component, LOINC pain severity, duration, woke me, relieved by) and per
  checked-in night (the count; missing nights are absent).
- MedicationStatement per medicine, with an RxNorm ingredient code when verified and the
  generic name in the person's usage (paracetamol or acetaminophen).
- RiskAssessment of the latest saved screening (red flags and their urgency).
- Self-experiments: a CarePlan (the randomised schedule) and, when analysed, an
  Observation of the result that is ``basedOn`` the CarePlan (``preliminary`` while running).

Every resource carries generated narrative. ``episodes_from_fhir_bundle`` reads the
episodes back (round trip).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from nightcramp.reports import fhir_terms as terms
from nightcramp.reports.fhir_terms import (
    ICD10CM,
    LOINC,
    OBSERVATION_CATEGORY,
    RXNORM,
    SNOMED,
    TERMINOLOGY,
    UCUM,
)

# nightcramp's own codes, for what no standard terminology codes (documented placeholder
# namespace; code systems only — no extensions are defined or used).
LOCAL = "https://nightcramp.example/fhir"
CS_OBSERVATION = f"{LOCAL}/CodeSystem/observation"
CS_COMPONENT = f"{LOCAL}/CodeSystem/cramp-component"
CS_MUSCLE = f"{LOCAL}/CodeSystem/muscle-group"
CS_RELIEF = f"{LOCAL}/CodeSystem/relief"
CS_TRIAL_ARM = f"{LOCAL}/CodeSystem/trial-arm"
URI_IDENTIFIER = "urn:ietf:rfc:3986"
XHTML = "http://www.w3.org/1999/xhtml"

BUNDLE_TYPES = ("document", "transaction")
EPISODE_CODE = "leg-cramp-episode"
NIGHT_CODE = "nightly-cramp-count"
TRIAL_RESULT_CODE = "n-of-1-trial-result"
LEG_WORDS = {"left": "Left", "right": "Right", "both": "Both legs"}
MUSCLE_WORDS = {
    "calf": "calf",
    "foot": "foot",
    "toes": "toes",
    "front_thigh": "front of thigh",
    "back_thigh": "back of thigh",
}
RELIEF_WORDS = {
    "stretching": "Stretching",
    "walking": "Standing / walking",
    "massage": "Massage",
    "heat": "Heat",
    "painkiller": "Painkiller",
    "waited": "It passed by itself",
    "other": "Something else",
}
GENDER = {"female": "female", "male": "male", "other": "other"}
LEVEL_WORDS = {
    "emergency": "Emergency: call emergency services now",
    "urgent": "Urgent: see a clinician today",
    "soon": "Soon: appointment within about two weeks",
    "routine": "Routine: mention at the next visit",
}


class FhirExportError(ValueError):
    """The bundle did not validate against the FHIR R4B models (a bug, never user input)."""


@dataclass
class _Context:
    """What every resource builder needs: the patient reference, the person's zone and
    drug-name usage, today in their zone, and the stable id maker."""

    ids: _Ids
    zone: ZoneInfo
    names: str
    today: date
    patient_ref: dict[str, str] = field(default_factory=dict)


def build_fhir_bundle(
    user,
    include_identity: bool = False,
    start: date | None = None,
    end: date | None = None,
    bundle_type: str = "document",
    names: str | None = None,
) -> dict[str, Any]:
    """The person's diary as a validated FHIR R4 Bundle (a plain JSON-ready dict).

    ``bundle_type`` is ``document`` (Composition first) or ``transaction`` (every entry a
    POST). ``names`` is ``us`` or ``international`` for generic drug names; by default it
    follows the profile's time zone. ``include_identity`` adds the account's name (if it has
    one); by default the Patient carries only a pseudonymous id that is stable for this
    person on this server.
    """
    from django.utils import timezone

    from nightcramp.diary.models import Profile
    from nightcramp.diary.store import user_zone

    if bundle_type not in BUNDLE_TYPES:
        raise ValueError(f"bundle type '{bundle_type}' is not one of {', '.join(BUNDLE_TYPES)}")
    zone = user_zone(user)
    pseudonym = pseudonymous_id(user)
    ctx = _Context(
        ids=_Ids(pseudonym),
        zone=zone,
        names=names or terms.names_for_zone(zone.key),
        today=timezone.now().astimezone(zone).date(),
    )
    ctx.patient_ref = {"reference": ctx.ids.url("Patient", 0)}
    profile = Profile.objects.filter(user=user).first()
    sections = _diary_resources(user, ctx, start, end)
    patient = patient_resource(user, profile, pseudonym, include_identity)
    entries = _entries(ctx, [patient] + [r for rs in sections.values() for r in rs])
    composition = composition_resource(ctx, sections, start, end)
    now = timezone.now().astimezone(zone).isoformat(timespec="seconds")
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": bundle_type}
    if bundle_type == "document":
        bundle["identifier"] = {"system": URI_IDENTIFIER, "value": f"urn:uuid:{uuid.uuid4()}"}
        bundle["timestamp"] = now
        bundle["entry"] = _entries(ctx, [composition]) + entries
    else:
        bundle["entry"] = [_as_post(entry, pseudonym) for entry in entries]
        bundle["entry"].append(_as_post(_entries(ctx, [composition])[0], pseudonym))
    return validated(bundle)


def _diary_resources(user, ctx: _Context, start: date | None, end: date | None) -> dict:
    """The resources of each Composition section, in section order."""
    from nightcramp.diary.models import Assessment, Episode, Medicine, Night, Trial

    episodes = Episode.objects.filter(user=user).select_related("night")
    nights = Night.objects.filter(user=user, cramps__isnull=False)
    if start:
        episodes, nights = episodes.filter(night__night__gte=start), nights.filter(night__gte=start)
    if end:
        episodes, nights = episodes.filter(night__night__lte=end), nights.filter(night__lte=end)
    nights = list(nights.order_by("night"))
    medicines = list(Medicine.objects.filter(user=user))
    from nightcramp.reports.summary import resolve_generic_names

    generics = resolve_generic_names([m.name for m in medicines])
    cramps = [condition_resource(ctx, _first_cramp_night(nights))]
    cramps += [episode_observation(e, ctx) for e in episodes]
    cramps += [night_observation(n, ctx) for n in nights]
    trials: list[dict] = []
    for trial in Trial.objects.filter(user=user):
        trials += trial_resources(trial, ctx, user)
    latest = Assessment.objects.filter(user=user).first()
    return {
        "cramps": cramps,
        "medicines": [medication_statement(m, ctx, generics.get(m.name)) for m in medicines],
        "screening": [screening_resource(latest, ctx)] if latest else [],
        "trials": trials,
    }


def _entries(ctx: _Context, resources: list[dict]) -> list[dict[str, Any]]:
    entries = []
    for resource in resources:
        kind = resource["resourceType"]
        key = resource.pop("_key", 0)
        resource["id"] = ctx.ids.id(kind, key)
        entries.append({"fullUrl": ctx.ids.url(kind, key), "resource": resource})
    return entries


def _as_post(entry: dict[str, Any], pseudonym: str) -> dict[str, Any]:
    """A transaction entry: POST to the resource type; the server assigns ids and rewrites
    the urn:uuid references. The Patient is created only if no Patient has its id."""
    resource = {k: v for k, v in entry["resource"].items() if k != "id"}
    kind = resource["resourceType"]
    request: dict[str, str] = {"method": "POST", "url": kind}
    if kind == "Patient":
        request["ifNoneExist"] = f"identifier={URI_IDENTIFIER}|urn:uuid:{pseudonym}"
    return {"fullUrl": entry["fullUrl"], "resource": resource, "request": request}


def validated(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle as parsed and re-serialised by fhir.resources' R4B models."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        model = Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise FhirExportError(f"the FHIR bundle does not validate: {exc}") from exc
    return json.loads(model.model_dump_json(exclude_none=True))


def pseudonymous_id(user) -> str:
    """A stable id for the person that reveals nothing: HMAC of the account id with the
    server's secret key, shaped as a UUID."""
    from django.conf import settings

    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"fhir-patient:{user.pk}".encode(), hashlib.sha256
    ).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


class _Ids:
    """Stable resource ids (UUID v5) from the pseudonym, so re-exports keep their ids."""

    def __init__(self, pseudonym: str):
        self.namespace = uuid.UUID(pseudonym)

    def id(self, kind: str, key: Any) -> str:
        return str(uuid.uuid5(self.namespace, f"{kind}/{key}"))

    def url(self, kind: str, key: Any) -> str:
        return f"urn:uuid:{self.id(kind, key)}"


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return coding


def _concept(system: str, code: str, display: str, text: str | None = None) -> dict[str, Any]:
    return {"coding": [_coding(system, code, display)], "text": text or display}


def _narrative(*lines: str) -> dict[str, str]:
    """Generated narrative: each line a paragraph, escaped."""
    body = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body}</div>'}


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [_concept(OBSERVATION_CATEGORY, code, display)]


def _local_time(moment: datetime, zone: ZoneInfo) -> str:
    """An instant in the person's own UTC offset (2026-03-02T03:15:00+01:00)."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _first_cramp_night(nights) -> date | None:
    return next((n.night for n in nights if n.cramps), None)


# --- resources ------------------------------------------------------------------


def patient_resource(user, profile, pseudonym: str, include_identity: bool) -> dict[str, Any]:
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": URI_IDENTIFIER, "value": f"urn:uuid:{pseudonym}"}],
    }
    words = ["Person keeping a night leg cramp diary (pseudonymous)."]
    if profile is not None and profile.sex in GENDER:
        patient["gender"] = GENDER[profile.sex]
        words.append(f"Gender: {GENDER[profile.sex]}.")
    if include_identity:
        given, family = (user.first_name or "").strip(), (user.last_name or "").strip()
        if given or family:
            name: dict[str, Any] = {"text": f"{given} {family}".strip()}
            if family:
                name["family"] = family
            if given:
                name["given"] = [given]
            patient["name"] = [name]
            words[0] = f"{name['text']}, keeping a night leg cramp diary."
    patient["text"] = _narrative(*words)
    return patient


def condition_resource(ctx: _Context, onset: date | None) -> dict[str, Any]:
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "text": _narrative(
            "Sleep related leg cramps (ICD-10-CM G47.62), self-reported in the person's "
            "nightcramp diary; not a clinician's diagnosis."
            + (f" First recorded cramp night: {onset.isoformat()}." if onset else "")
        ),
        "clinicalStatus": _concept(f"{TERMINOLOGY}/condition-clinical", "active", "Active"),
        "verificationStatus": _concept(
            f"{TERMINOLOGY}/condition-ver-status", "unconfirmed", "Unconfirmed"
        ),
        "category": [
            _concept(f"{TERMINOLOGY}/condition-category", "problem-list-item", "Problem List Item")
        ],
        "code": _concept(ICD10CM, "G47.62", "Sleep related leg cramps"),
        "subject": ctx.patient_ref,
        "recordedDate": ctx.today.isoformat(),
        "note": [
            {"text": "Self-reported in the person's nightcramp diary; not a clinician's diagnosis."}
        ],
    }
    if onset:
        condition["onsetDateTime"] = onset.isoformat()
    return condition


def episode_observation(episode, ctx: _Context) -> dict[str, Any]:
    # in the zone the cramp was logged in (a person who travelled keeps that night's offset)
    when = _local_time(episode.occurred_at, episode.zone if episode.time_zone else ctx.zone)
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "_key": f"episode/{episode.pk}",
        "status": "final",
        "category": _category("survey", "Survey"),
        "code": _concept(CS_OBSERVATION, EPISODE_CODE, "Night leg cramp episode"),
        "subject": ctx.patient_ref,
        "effectiveDateTime": when,
    }
    site = body_site(episode.leg, episode.muscle)
    if site:
        obs["bodySite"] = site
    components = _episode_components(episode)
    if components:
        obs["component"] = components
    if episode.notes:
        obs["note"] = [{"text": episode.notes}]
    obs["text"] = _narrative(
        _episode_words(episode, when), *(n["text"] for n in obs.get("note", []))
    )
    return obs


def _episode_components(episode) -> list[dict[str, Any]]:
    components = []
    if episode.leg:
        code, display = terms.LATERALITY[episode.leg]
        components.append(
            {
                "code": _concept(SNOMED, *terms.LATERALITY_ATTRIBUTE, text="Side"),
                "valueCodeableConcept": _concept(SNOMED, code, display, LEG_WORDS[episode.leg]),
            }
        )
    if episode.severity is not None:
        components.append(
            {
                "code": _concept(LOINC, *terms.PAIN_SEVERITY, text="Pain severity 0-10"),
                "valueInteger": episode.severity,
            }
        )
    if episode.duration_seconds is not None:
        components.append(
            {
                "code": _concept(CS_COMPONENT, "duration", "Duration"),
                "valueQuantity": {
                    "value": episode.duration_seconds,
                    "unit": "s",
                    "system": UCUM,
                    "code": "s",
                },
            }
        )
    if episode.woke_me is not None:
        components.append(
            {
                "code": _concept(CS_COMPONENT, "woke-me", "Woke the person from sleep"),
                "valueBoolean": episode.woke_me,
            }
        )
    for answer in episode.relieved_by:  # one component per answer, in the order given
        components.append(
            {
                "code": _concept(CS_COMPONENT, "relieved-by", "What relieved it"),
                "valueCodeableConcept": _concept(CS_RELIEF, answer, RELIEF_WORDS[answer]),
            }
        )
    return components


def _episode_words(episode, when: str) -> str:
    where = _site_words(episode.leg, episode.muscle) if episode.leg or episode.muscle else ""
    parts = [f"Leg cramp at {when}" + (f": {where}" if where else "")]
    if episode.severity is not None:
        parts.append(f"pain {episode.severity}/10")
    if episode.duration_seconds is not None:
        parts.append(f"lasted {_duration_words(episode.duration_seconds)}")
    if episode.woke_me is not None:
        parts.append("woke the person" if episode.woke_me else "did not wake the person")
    if episode.relieved_by:
        words = (RELIEF_WORDS[answer].lower() for answer in episode.relieved_by)
        parts.append(f"relieved by: {' and '.join(words)}")
    return ", ".join(parts) + "."


def _duration_words(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


def body_site(leg: str, muscle: str) -> dict[str, Any] | None:
    """The muscle group as a SNOMED CT body structure (and the diary's own code, which
    tells the front of the thigh from the back); the side is a component, not a site."""
    if not leg and not muscle:
        return None
    site: dict[str, Any] = {}
    if muscle:
        code, display = terms.BODY_SITE[muscle]
        site["coding"] = [
            _coding(SNOMED, code, display),
            _coding(CS_MUSCLE, muscle, MUSCLE_WORDS[muscle].capitalize()),
        ]
    site["text"] = _site_words(leg, muscle)
    return site


def _site_words(leg: str, muscle: str) -> str:
    """'Left calf', 'Both legs, calf', 'Right leg', 'Calf'."""
    if leg and muscle:
        if leg == "both":
            return f"Both legs, {MUSCLE_WORDS[muscle]}"
        return f"{LEG_WORDS[leg]} {MUSCLE_WORDS[muscle]}"
    if leg:
        return "Both legs" if leg == "both" else f"{LEG_WORDS[leg]} leg"
    return MUSCLE_WORDS[muscle].capitalize()


def night_observation(night, ctx: _Context) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "_key": f"night/{night.night.isoformat()}",
        "status": "final",
        "category": _category("survey", "Survey"),
        "code": _concept(CS_OBSERVATION, NIGHT_CODE, "Leg cramps in the night (count)"),
        "subject": ctx.patient_ref,
        "effectiveDateTime": night.night.isoformat(),
        "valueInteger": night.cramps,
    }
    words = [f"Night of {night.night.isoformat()}: {night.cramps} leg cramp(s)"]
    components = []
    if night.max_severity is not None:
        components.append(
            {
                "code": _concept(CS_COMPONENT, "max-severity", "Worst severity 0-10"),
                "valueQuantity": {"value": night.max_severity, "system": UCUM, "code": "1"},
            }
        )
        words.append(f"worst {night.max_severity:g}/10")
    if night.soreness is not None:
        components.append(
            {
                "code": _concept(CS_COMPONENT, "soreness", "Next-day soreness 0-10"),
                "valueQuantity": {"value": night.soreness, "system": UCUM, "code": "1"},
            }
        )
        words.append(f"next-day soreness {night.soreness:g}/10")
    if components:
        obs["component"] = components
    obs["text"] = _narrative(", ".join(words) + ".")
    return obs


def medication_statement(medicine, ctx: _Context, generic: str | None) -> dict:
    concept: dict[str, Any] = {"text": medicine.name}
    words = medicine.name
    if generic:
        local = terms.local_name(generic, ctx.names)
        ingredient = terms.RXNORM_INGREDIENTS.get(terms.international_name(generic))
        if ingredient:
            concept["coding"] = [_coding(RXNORM, *ingredient)]
        if local.lower() != medicine.name.strip().lower():
            words = f"{medicine.name} ({local})"
    statement: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "_key": f"medicine/{medicine.pk}",
        "status": "completed" if medicine.stopped and medicine.stopped <= ctx.today else "active",
        "medicationCodeableConcept": concept,
        "subject": ctx.patient_ref,
        "dateAsserted": _local_time(medicine.created_at, ctx.zone),
    }
    period = {}
    if medicine.started:
        period["start"] = medicine.started.isoformat()
        words += f", since {medicine.started.isoformat()}"
    if medicine.stopped:
        period["end"] = medicine.stopped.isoformat()
        words += f", stopped {medicine.stopped.isoformat()}"
    if period:
        statement["effectivePeriod"] = period
    dosage: dict[str, Any] = {}
    if medicine.dose:
        dosage["text"] = medicine.dose
        words += f"; dose as written: {medicine.dose}"
    if medicine.as_needed:
        dosage["asNeededBoolean"] = True
        words += "; taken as needed"
    if dosage:
        statement["dosage"] = [dosage]
    if medicine.notes:
        statement["note"] = [{"text": medicine.notes}]
    statement["text"] = _narrative(words + ".", medicine.notes)
    return statement


def screening_resource(assessment, ctx: _Context) -> dict[str, Any]:
    """The latest saved screening as a RiskAssessment: one prediction per red flag, its
    urgency as the qualitative risk and the message as the rationale."""
    result = assessment.result or {}
    flags = [f for f in result.get("red_flags") or [] if isinstance(f, dict)]
    predictions = []
    lines = [f"Self-screening on {_local_time(assessment.created_at, ctx.zone)}."]
    for flag in flags:
        level = str(flag.get("level", ""))
        condition = str(flag.get("condition", "")).replace("_", " ")
        predictions.append(
            {
                "outcome": {"text": condition},
                "qualitativeRisk": {"text": LEVEL_WORDS.get(level, level)},
                "rationale": str(flag.get("message", "")),
            }
        )
        lines.append(f"{LEVEL_WORDS.get(level, level)} — {condition}: {flag.get('message', '')}")
    if not flags:
        lines.append("No red flags were raised.")
    if result.get("pattern"):
        lines.append(f"Pattern: {str(result['pattern']).replace('_', ' ')}.")
    resource: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "_key": f"assessment/{assessment.pk}",
        "status": "final",
        "subject": ctx.patient_ref,
        "occurrenceDateTime": _local_time(assessment.created_at, ctx.zone),
        "method": {"text": "nightcramp self-screening: profile, medicines, symptom checklist"},
        "note": [{"text": "Self-reported answers screened by rules; not a clinician's review."}],
        "text": _narrative(*lines),
    }
    if predictions:
        resource["prediction"] = predictions
    return resource


TRIAL_STATUS = {"active": "active", "finished": "completed", "stopped": "revoked"}


def trial_resources(trial, ctx: _Context, user) -> list[dict]:
    """A CarePlan holding the randomised schedule, and the analysed result if there is one."""
    key = f"trial/{trial.pk}"
    activities = [_trial_activity(trial, period, ctx.today) for period in trial.plan["periods"]]
    description = _trial_design_words(trial)
    plan = {
        "resourceType": "CarePlan",
        "_key": key,
        "text": _narrative(
            f"Self-experiment (n-of-1 trial) of {trial.intervention}, "
            f"{trial.start.isoformat()} to {trial.end.isoformat()} ({trial.get_status_display()}).",
            description,
        ),
        "status": TRIAL_STATUS.get(trial.status, "unknown"),
        "intent": "plan",
        "title": f"Self-experiment (n-of-1 trial): {trial.intervention}",
        "description": description,
        "subject": ctx.patient_ref,
        "period": {"start": trial.start.isoformat(), "end": trial.end.isoformat()},
        "activity": activities,
    }
    resources = [plan]
    result = _trial_result(trial, user)
    if result and result.get("rate_ratio") is not None:
        plan_url = ctx.ids.url("CarePlan", key)
        resources.append(trial_result_observation(result, trial, ctx, plan_url, key))
    return resources


def _trial_activity(trial, period: dict, today: date) -> dict[str, Any]:
    first, last = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    arm = period["arm"]
    if trial.status == "stopped" and first > today:
        status = "cancelled"
    elif last < today:
        status = "completed"
    else:
        status = "in-progress" if first <= today else "scheduled"
    words = trial.intervention if arm == "intervention" else f"no {trial.intervention}"
    return {
        "detail": {
            "code": _concept(CS_TRIAL_ARM, arm, arm.capitalize()),
            "status": status,
            "description": f"{arm.capitalize()} nights: {words}",
            "scheduledPeriod": {"start": first.isoformat(), "end": last.isoformat()},
        }
    }


def _trial_design_words(trial) -> str:
    """The design; a plan made after its first night is an observational comparison."""
    from nightcramp.diary.trial_store import planned_on
    from nightcramp.stats.trials import observational_note

    design = f"{trial.pairs} pairs of {trial.period_nights}-night periods"
    observational = observational_note(trial.plan, planned_on(trial))
    if observational:
        return f"{design}. {observational}"
    return (
        f"{design}, intervention and control in random order within each pair; washout "
        f"{trial.washout_nights} nights."
    )


def _trial_result(trial, user) -> dict | None:
    from nightcramp.diary.store import load_table
    from nightcramp.diary.trial_store import planned_on
    from nightcramp.reports.summary import trial_analysis

    return trial_analysis(trial.plan, load_table(user), planned_on=planned_on(trial))


def _analysed_until(trial, today: date) -> date:
    """The last night a result can cover: never after today (a running trial's result
    does not claim nights that have not happened), nor after the trial's end or its stop."""
    last = min(trial.end, today)
    if trial.stopped_at is not None:
        last = min(last, trial.stopped_at.date())
    return max(last, trial.start)


def trial_result_observation(
    result: dict, trial, ctx: _Context, plan_url: str, key: str
) -> dict[str, Any]:
    def number(code: str, display: str, value: float) -> dict[str, Any]:
        return {
            "code": _concept(CS_COMPONENT, code, display),
            "valueQuantity": {"value": round(float(value), 6), "system": UCUM, "code": "1"},
        }

    components = [
        number("rate-ratio", "Cramp rate ratio, intervention / control", result["rate_ratio"])
    ]
    for name, display in (
        ("ci_low", "95% CI lower bound"),
        ("ci_high", "95% CI upper bound"),
        ("p_value", "Two-sided p-value for no effect"),
        ("prob_benefit", "Probability that the intervention lowers the rate"),
    ):
        if result.get(name) is not None:
            components.append(number(name.replace("_", "-"), display, result[name]))
    if result.get("nights_used") is not None:
        components.append(
            {
                "code": _concept(CS_COMPONENT, "nights-used", "Nights analysed"),
                "valueInteger": int(result["nights_used"]),
            }
        )
    final = trial.status == "finished"
    until = trial.end if final else _analysed_until(trial, ctx.today)
    interval = ""
    if result.get("ci_low") is not None and result.get("ci_high") is not None:
        interval = f" (95% CI {result['ci_low']:.2f} to {result['ci_high']:.2f})"
    return {
        "resourceType": "Observation",
        "_key": f"{key}/result",
        "text": _narrative(
            f"{'Result' if final else 'Interim result (trial still running)'} of the "
            f"self-experiment of {trial.intervention}: cramp rate ratio "
            f"{result['rate_ratio']:.2f}{interval}, intervention / control, "
            f"from {result.get('nights_used', '?')} nights."
            + (
                ""
                if result.get("randomised", True)
                else " An observational comparison, not randomised: the plan was made after "
                "its first night."
            )
        ),
        "status": "final" if final else "preliminary",
        "category": _category("therapy", "Therapy"),
        "basedOn": [{"reference": plan_url}],
        "code": _concept(CS_OBSERVATION, TRIAL_RESULT_CODE, "Self-experiment result"),
        "subject": ctx.patient_ref,
        "effectivePeriod": {"start": trial.start.isoformat(), "end": until.isoformat()},
        "component": components,
    }


# --- the Composition ----------------------------------------------------------------

SECTION_TITLES = {
    "cramps": "Night leg cramps",
    "medicines": "Medicines",
    "screening": "Screening (red flags)",
    "trials": "Self-experiments",
}
# LOINC 10160-0 "History of Medication use Narrative": the medication section code of the
# HL7 International Patient Summary.
SECTION_CODES = {"medicines": ("10160-0", "History of Medication use Narrative")}


def composition_resource(
    ctx: _Context, sections: dict[str, list[dict]], start: date | None, end: date | None
) -> dict[str, Any]:
    """The document's table of contents: one section per part of the diary (its entries
    referenced by full URL) and a narrative summary section."""
    from django.utils import timezone

    period = f"{start or 'the first entry'} to {end or 'today'}"
    summary = _summary_lines(sections, period)
    composition_sections = [
        {"title": "Summary", "text": _narrative(*summary)},
    ]
    for name, resources in sections.items():
        section: dict[str, Any] = {"title": SECTION_TITLES[name]}
        if name in SECTION_CODES:
            section["code"] = _concept(LOINC, *SECTION_CODES[name])
        if resources:
            section["entry"] = [{"reference": f"urn:uuid:{r['id']}"} for r in resources]
            section["text"] = _narrative(*_section_lines(resources))
        else:
            section["text"] = _narrative(f"Nothing recorded ({SECTION_TITLES[name].lower()}).")
            section["emptyReason"] = _concept(
                f"{TERMINOLOGY}/list-empty-reason", "nilknown", "Nil Known"
            )
        composition_sections.append(section)
    return {
        "resourceType": "Composition",
        "_key": "document",
        "text": _narrative(*summary),
        "status": "final",
        "type": {"text": "Night leg cramp diary, self-recorded"},
        "subject": ctx.patient_ref,
        "date": timezone.now().astimezone(ctx.zone).isoformat(timespec="seconds"),
        "author": [ctx.patient_ref],
        "title": "Night leg cramp diary (self-recorded with nightcramp)",
        "section": composition_sections,
    }


def _summary_lines(sections: dict[str, list[dict]], period: str) -> list[str]:
    cramps = sections["cramps"]
    episodes = [r for r in cramps if _has_code(r.get("code"), CS_OBSERVATION, EPISODE_CODE)]
    nights = [r for r in cramps if _has_code(r.get("code"), CS_OBSERVATION, NIGHT_CODE)]
    with_cramps = sum(1 for n in nights if n.get("valueInteger"))
    return [
        f"Self-recorded night leg cramp diary, {period}.",
        f"{len(nights)} nights checked in, {with_cramps} of them with cramps; "
        f"{len(episodes)} cramp episodes logged. Nights without a check-in are missing, "
        "not counted as cramp-free.",
        f"{len(sections['medicines'])} medicines, {len(sections['trials'])} self-experiment "
        "resources, " + ("a saved screening." if sections["screening"] else "no saved screening."),
    ]


def _section_lines(resources: list[dict], limit: int = 40) -> list[str]:
    """The entries' own narratives as the section text (the first ``limit`` of them)."""
    from html import unescape
    from re import sub

    lines = [unescape(sub(r"<[^>]+>", " ", r["text"]["div"])).strip() for r in resources]
    if len(lines) > limit:
        lines = lines[:limit] + [f"... and {len(lines) - limit} more entries."]
    return lines


# --- reading back ---------------------------------------------------------------------


def episodes_from_fhir_bundle(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """The cramp episodes of a bundle made by ``build_fhir_bundle``, in time order.

    Each: ``occurred_at`` (aware datetime), ``leg``, ``muscle``, ``relieved_by`` (a list of
    answers, empty when not recorded), ``severity``, ``duration_seconds``, ``woke_me``
    (None when not recorded) and ``notes``.
    """
    episodes = []
    for entry in bundle.get("entry") or []:
        resource = entry.get("resource") or {}
        if resource.get("resourceType") != "Observation" or not _has_code(
            resource.get("code"), CS_OBSERVATION, EPISODE_CODE
        ):
            continue
        episodes.append(_episode_from_observation(resource))
    return sorted(episodes, key=lambda e: e["occurred_at"])


def _has_code(concept: dict | None, system: str, code: str) -> bool:
    return any(
        c.get("system") == system and c.get("code") == code
        for c in (concept or {}).get("coding", [])
    )


def _code_in(concept: dict | None, system: str) -> str:
    for coding in (concept or {}).get("coding", []):
        if coding.get("system") == system:
            return coding.get("code", "")
    return ""


def _episode_from_observation(obs: dict[str, Any]) -> dict[str, Any]:
    episode: dict[str, Any] = {
        "occurred_at": datetime.fromisoformat(obs["effectiveDateTime"]),
        "leg": "",
        "muscle": _code_in(obs.get("bodySite"), CS_MUSCLE),
        "severity": None,
        "duration_seconds": None,
        "woke_me": None,
        "relieved_by": [],
        "notes": "\n".join(n.get("text", "") for n in obs.get("note", [])),
    }
    for component in obs.get("component", []):
        concept = component.get("code")
        if _has_code(concept, SNOMED, terms.LATERALITY_ATTRIBUTE[0]):
            episode["leg"] = _leg_from_snomed(_code_in(component["valueCodeableConcept"], SNOMED))
        elif _has_code(concept, LOINC, terms.PAIN_SEVERITY[0]):
            episode["severity"] = int(component["valueInteger"])
        code = _code_in(concept, CS_COMPONENT)
        if code == "duration":
            episode["duration_seconds"] = _seconds(component["valueQuantity"])
        elif code == "woke-me":
            episode["woke_me"] = bool(component["valueBoolean"])
        elif code == "relieved-by":
            answer = _code_in(component.get("valueCodeableConcept"), CS_RELIEF)
            if answer and answer not in episode["relieved_by"]:
                episode["relieved_by"].append(answer)
    return episode


def _leg_from_snomed(code: str) -> str:
    return next((leg for leg, (snomed, _) in terms.LATERALITY.items() if snomed == code), "")


def _seconds(quantity: dict[str, Any]) -> int:
    factor = {"s": 1, "min": 60, "h": 3600}.get(quantity.get("code", "s"))
    if factor is None:
        raise ValueError(f"duration unit '{quantity.get('code')}' is not s, min or h")
    return round(float(quantity["value"]) * factor)
