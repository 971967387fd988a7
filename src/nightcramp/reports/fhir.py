"""FHIR R4 export: one Bundle (type ``collection``) of the diary, validated with
``fhir.resources.R4B`` models (imported lazily). The codes used and where they come from
are listed in docs/fhir.md.

- Patient: a stable pseudonymous id only, unless the person asks for their name; gender
  when recorded. (The profile stores an age, not a birth date, so no birthDate is sent.)
- Condition: ICD-10-CM G47.62 "Sleep related leg cramps", verification ``unconfirmed``
  because it is self-reported.
- Observation per cramp episode (time, body site with laterality, severity, duration,
  woke me, relieved by) and per checked-in night (the count; missing nights are absent).
- MedicationStatement per medicine, with its dates.
- Self-experiments: a CarePlan (the randomised schedule) and, when analysed, an
  Observation of the result that is ``basedOn`` the CarePlan.

``episodes_from_fhir_bundle`` reads the episodes back (round trip).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import date, datetime
from typing import Any

LOCAL = "https://nightcramp.example/fhir"
CS_OBSERVATION = f"{LOCAL}/CodeSystem/observation"
CS_COMPONENT = f"{LOCAL}/CodeSystem/cramp-component"
CS_MUSCLE = f"{LOCAL}/CodeSystem/muscle-group"
CS_LEG = f"{LOCAL}/CodeSystem/leg"
CS_RELIEF = f"{LOCAL}/CodeSystem/relief"
CS_GENERIC = f"{LOCAL}/CodeSystem/generic-medicine-name"
CS_TRIAL_ARM = f"{LOCAL}/CodeSystem/trial-arm"
EXT_LATERALITY = f"{LOCAL}/StructureDefinition/laterality"
ID_PATIENT = f"{LOCAL}/NamingSystem/pseudonymous-patient-id"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
TERMINOLOGY = "http://terminology.hl7.org/CodeSystem"

EPISODE_CODE = "leg-cramp-episode"
NIGHT_CODE = "nightly-cramp-count"
TRIAL_RESULT_CODE = "n-of-1-trial-result"
# SNOMED CT laterality qualifiers of the FHIR value set bodysite-laterality
# (http://hl7.org/fhir/ValueSet/bodysite-laterality, R4B).
LATERALITY = {
    "left": ("419161000", "Unilateral left"),
    "right": ("419465000", "Unilateral right"),
    "both": ("51440002", "Bilateral"),
}
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


class FhirExportError(ValueError):
    """The bundle did not validate against the FHIR R4B models (a bug, never user input)."""


def build_fhir_bundle(
    user, include_identity: bool = False, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """The person's diary as a validated FHIR R4 Bundle (a plain JSON-ready dict).

    ``include_identity`` adds the account's name (if it has one); by default the Patient
    carries only a pseudonymous id that is stable for this person on this server.
    """
    from django.utils import timezone

    from nightcramp.diary.models import Episode, Medicine, Night, Profile, Trial

    pseudonym = pseudonymous_id(user)
    ids = _Ids(pseudonym)
    patient_ref = {"reference": ids.url("Patient", 0)}
    profile = Profile.objects.filter(user=user).first()
    episodes = Episode.objects.filter(user=user).select_related("night")
    nights = Night.objects.filter(user=user, cramps__isnull=False)
    if start:
        episodes, nights = episodes.filter(night__night__gte=start), nights.filter(night__gte=start)
    if end:
        episodes, nights = episodes.filter(night__night__lte=end), nights.filter(night__lte=end)
    nights = list(nights.order_by("night"))
    medicines = list(Medicine.objects.filter(user=user))
    today = timezone.now().date()

    resources = [patient_resource(user, profile, pseudonym, include_identity)]
    resources.append(condition_resource(patient_ref, _first_cramp_night(nights), today))
    resources += [episode_observation(e, patient_ref) for e in episodes]
    resources += [night_observation(n, patient_ref) for n in nights]
    from nightcramp.reports.summary import resolve_generic_names

    generics = resolve_generic_names([m.name for m in medicines])
    resources += [
        medication_statement(m, patient_ref, generics.get(m.name), today) for m in medicines
    ]
    for trial in Trial.objects.filter(user=user):
        resources += trial_resources(trial, patient_ref, ids, today, user)

    entries = []
    for resource in resources:
        kind = resource["resourceType"]
        key = resource.pop("_key", 0)
        resource["id"] = ids.id(kind, key)
        entries.append({"fullUrl": ids.url(kind, key), "resource": resource})
    bundle = {
        "resourceType": "Bundle",
        "id": ids.id("Bundle", timezone.now().isoformat()),
        "type": "collection",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "entry": entries,
    }
    return validated(bundle)


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


def _first_cramp_night(nights) -> date | None:
    return next((n.night for n in nights if n.cramps), None)


# --- resources ------------------------------------------------------------------


def patient_resource(user, profile, pseudonym: str, include_identity: bool) -> dict[str, Any]:
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": ID_PATIENT, "value": pseudonym}],
    }
    if profile is not None and profile.sex in GENDER:
        patient["gender"] = GENDER[profile.sex]
    if include_identity:
        given, family = (user.first_name or "").strip(), (user.last_name or "").strip()
        if given or family:
            name: dict[str, Any] = {"text": f"{given} {family}".strip()}
            if family:
                name["family"] = family
            if given:
                name["given"] = [given]
            patient["name"] = [name]
    return patient


def condition_resource(patient_ref: dict, onset: date | None, today: date) -> dict[str, Any]:
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "clinicalStatus": _concept(f"{TERMINOLOGY}/condition-clinical", "active", "Active"),
        "verificationStatus": _concept(
            f"{TERMINOLOGY}/condition-ver-status", "unconfirmed", "Unconfirmed"
        ),
        "category": [
            _concept(f"{TERMINOLOGY}/condition-category", "problem-list-item", "Problem List Item")
        ],
        "code": _concept(ICD10CM, "G47.62", "Sleep related leg cramps"),
        "subject": patient_ref,
        "recordedDate": today.isoformat(),
        "note": [
            {"text": "Self-reported in the person's nightcramp diary; not a clinician's diagnosis."}
        ],
    }
    if onset:
        condition["onsetDateTime"] = onset.isoformat()
    return condition


def episode_observation(episode, patient_ref: dict) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "_key": f"episode/{episode.pk}",
        "status": "final",
        "code": _concept(CS_OBSERVATION, EPISODE_CODE, "Night leg cramp episode"),
        "subject": patient_ref,
        "effectiveDateTime": episode.occurred_at.isoformat(),
    }
    site = body_site(episode.leg, episode.muscle)
    if site:
        obs["bodySite"] = site
    components = []
    if episode.severity is not None:
        components.append(
            {
                "code": _concept(CS_COMPONENT, "severity", "Pain severity 0-10 (self-rated)"),
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
    if episode.relieved_by:
        components.append(
            {
                "code": _concept(CS_COMPONENT, "relieved-by", "What relieved it"),
                "valueCodeableConcept": _concept(
                    CS_RELIEF, episode.relieved_by, RELIEF_WORDS[episode.relieved_by]
                ),
            }
        )
    if components:
        obs["component"] = components
    if episode.notes:
        obs["note"] = [{"text": episode.notes}]
    return obs


def body_site(leg: str, muscle: str) -> dict[str, Any] | None:
    """The muscle group (local code) with laterality (SNOMED CT qualifier) as an extension."""
    if not leg and not muscle:
        return None
    site: dict[str, Any] = {}
    if muscle:
        site["coding"] = [_coding(CS_MUSCLE, muscle, MUSCLE_WORDS[muscle].capitalize())]
    if leg:
        snomed_code, snomed_display = LATERALITY[leg]
        site["extension"] = [
            {
                "url": EXT_LATERALITY,
                "valueCodeableConcept": {
                    "coding": [
                        _coding(SNOMED, snomed_code, snomed_display),
                        _coding(CS_LEG, leg, LEG_WORDS[leg]),
                    ],
                    "text": LEG_WORDS[leg],
                },
            }
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


def night_observation(night, patient_ref: dict) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "_key": f"night/{night.night.isoformat()}",
        "status": "final",
        "code": _concept(CS_OBSERVATION, NIGHT_CODE, "Leg cramps in the night (count)"),
        "subject": patient_ref,
        "effectiveDateTime": night.night.isoformat(),
        "valueInteger": night.cramps,
    }
    components = []
    if night.max_severity is not None:
        components.append(
            {
                "code": _concept(CS_COMPONENT, "max-severity", "Worst severity 0-10"),
                "valueQuantity": {"value": night.max_severity, "system": UCUM, "code": "1"},
            }
        )
    if night.soreness is not None:
        components.append(
            {
                "code": _concept(CS_COMPONENT, "soreness", "Next-day soreness 0-10"),
                "valueQuantity": {"value": night.soreness, "system": UCUM, "code": "1"},
            }
        )
    if components:
        obs["component"] = components
    return obs


def medication_statement(medicine, patient_ref: dict, generic: str | None, today: date) -> dict:
    concept: dict[str, Any] = {"text": medicine.name}
    if generic:
        concept["coding"] = [_coding(CS_GENERIC, generic.lower(), generic)]
    statement: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "_key": f"medicine/{medicine.pk}",
        "status": "completed" if medicine.stopped and medicine.stopped <= today else "active",
        "medicationCodeableConcept": concept,
        "subject": patient_ref,
        "dateAsserted": medicine.created_at.isoformat(),
    }
    period = {}
    if medicine.started:
        period["start"] = medicine.started.isoformat()
    if medicine.stopped:
        period["end"] = medicine.stopped.isoformat()
    if period:
        statement["effectivePeriod"] = period
    dosage: dict[str, Any] = {}
    if medicine.dose:
        dosage["text"] = medicine.dose
    if medicine.as_needed:
        dosage["asNeededBoolean"] = True
    if dosage:
        statement["dosage"] = [dosage]
    if medicine.notes:
        statement["note"] = [{"text": medicine.notes}]
    return statement


TRIAL_STATUS = {"active": "active", "finished": "completed", "stopped": "revoked"}


def trial_resources(trial, patient_ref: dict, ids: _Ids, today: date, user) -> list[dict]:
    """A CarePlan holding the randomised schedule, and the analysed result if there is one."""
    key = f"trial/{trial.pk}"
    activities = []
    for period in trial.plan.get("periods", []):
        first, last = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        arm = period["arm"]
        if trial.status == "stopped" and first > today:
            status = "cancelled"
        elif last < today:
            status = "completed"
        else:
            status = "in-progress" if first <= today else "scheduled"
        words = trial.intervention if arm == "intervention" else f"no {trial.intervention}"
        activities.append(
            {
                "detail": {
                    "code": _concept(CS_TRIAL_ARM, arm, arm.capitalize()),
                    "status": status,
                    "description": f"{arm.capitalize()} nights: {words}",
                    "scheduledPeriod": {"start": first.isoformat(), "end": last.isoformat()},
                }
            }
        )
    plan = {
        "resourceType": "CarePlan",
        "_key": key,
        "status": TRIAL_STATUS.get(trial.status, "unknown"),
        "intent": "plan",
        "title": f"Self-experiment (n-of-1 trial): {trial.intervention}",
        "description": (
            f"{trial.pairs} pairs of {trial.period_nights}-night periods, intervention and "
            f"control in random order within each pair; washout {trial.washout_nights} nights."
        ),
        "subject": patient_ref,
        "period": {"start": trial.start.isoformat(), "end": trial.end.isoformat()},
        "activity": activities,
    }
    resources = [plan]
    result = _trial_result(trial, user)
    if result and result.get("rate_ratio") is not None:
        resources.append(
            trial_result_observation(result, trial, patient_ref, ids.url("CarePlan", key), key)
        )
    return resources


def _trial_result(trial, user) -> dict | None:
    from nightcramp.diary.store import load_table
    from nightcramp.reports.summary import trial_analysis

    return trial_analysis(trial.plan, load_table(user))


def trial_result_observation(
    result: dict, trial, patient_ref: dict, plan_url: str, key: str
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
    return {
        "resourceType": "Observation",
        "_key": f"{key}/result",
        "status": "final" if trial.status == "finished" else "preliminary",
        "basedOn": [{"reference": plan_url}],
        "code": _concept(CS_OBSERVATION, TRIAL_RESULT_CODE, "Self-experiment result"),
        "subject": patient_ref,
        "effectivePeriod": {"start": trial.start.isoformat(), "end": trial.end.isoformat()},
        "component": components,
    }


# --- reading back ---------------------------------------------------------------------


def episodes_from_fhir_bundle(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """The cramp episodes of a bundle made by ``build_fhir_bundle``, in time order.

    Each: ``occurred_at`` (aware datetime), ``leg``, ``muscle``, ``relieved_by`` ("" when
    not recorded), ``severity``, ``duration_seconds``, ``woke_me`` (None when not recorded)
    and ``notes``.
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
    site = obs.get("bodySite") or {}
    leg = ""
    for ext in site.get("extension", []):
        if ext.get("url") == EXT_LATERALITY:
            concept = ext.get("valueCodeableConcept")
            leg = _code_in(concept, CS_LEG) or _leg_from_snomed(_code_in(concept, SNOMED))
    episode: dict[str, Any] = {
        "occurred_at": datetime.fromisoformat(obs["effectiveDateTime"]),
        "leg": leg,
        "muscle": _code_in(site, CS_MUSCLE),
        "severity": None,
        "duration_seconds": None,
        "woke_me": None,
        "relieved_by": "",
        "notes": "\n".join(n.get("text", "") for n in obs.get("note", [])),
    }
    for component in obs.get("component", []):
        code = _code_in(component.get("code"), CS_COMPONENT)
        if code == "severity":
            episode["severity"] = int(component["valueInteger"])
        elif code == "duration":
            episode["duration_seconds"] = _seconds(component["valueQuantity"])
        elif code == "woke-me":
            episode["woke_me"] = bool(component["valueBoolean"])
        elif code == "relieved-by":
            episode["relieved_by"] = _code_in(component.get("valueCodeableConcept"), CS_RELIEF)
    return episode


def _leg_from_snomed(code: str) -> str:
    return next((leg for leg, (snomed, _) in LATERALITY.items() if snomed == code), "")


def _seconds(quantity: dict[str, Any]) -> int:
    factor = {"s": 1, "min": 60, "h": 3600}.get(quantity.get("code", "s"))
    if factor is None:
        raise ValueError(f"duration unit '{quantity.get('code')}' is not s, min or h")
    return round(float(quantity["value"]) * factor)
