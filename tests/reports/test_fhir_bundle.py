"""The FHIR R4 export: a document and a transaction Bundle that pass the official HL7 R4 JSON
schema, SMART's fhirclient and fhir.resources; standard codes (LOINC, SNOMED CT, RxNorm)
where they exist; narrative on every resource; the person's own UTC offset; round-trips
episodes, keeps the person pseudonymous and stays within one person's diary."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from fhir.resources.R4B.bundle import Bundle

from nightcramp.diary.demo import make_demo_diary
from nightcramp.diary.models import Episode, Medicine, Profile, Trial
from nightcramp.reports.fhir import build_fhir_bundle, episodes_from_fhir_bundle
from tests.reports.fhir_validation import fhirclient_bundle, schema_errors

DEMO_END = date(2026, 11, 23)
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


@pytest.fixture
def people(db):
    users = get_user_model().objects
    alice = users.create_user("alice", first_name="Alice", last_name="Liddell")
    bob = users.create_user("bob")
    Profile.objects.create(user=alice, time_zone="Europe/London", sex="female")
    Profile.objects.create(user=bob, time_zone="America/New_York", sex="male")
    make_demo_diary(alice, months=6, seed=1, end=DEMO_END)
    make_demo_diary(bob, months=2, seed=3, end=DEMO_END)
    return alice, bob


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def observations(bundle: dict, code: str) -> list[dict]:
    return [r for r in resources(bundle, "Observation") if r["code"]["coding"][0]["code"] == code]


def references(node) -> list[str]:
    """Every ``reference`` anywhere in a resource."""
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for value in node.values() for r in references(value)]
    if isinstance(node, list):
        return [r for item in node for r in references(item)]
    return []


@pytest.mark.parametrize("kind", ["document", "transaction"])
def test_both_bundle_types_pass_the_hl7_schema_fhirclient_and_fhir_resources(people, kind):
    bundle = build_fhir_bundle(people[0], bundle_type=kind)
    assert bundle["type"] == kind
    assert schema_errors(bundle) == []
    parsed = fhirclient_bundle(bundle)
    assert parsed.type == kind and len(parsed.entry) == len(bundle["entry"])
    assert Bundle.model_validate(json.loads(json.dumps(bundle))).type == kind
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(urls) == len(bundle["entry"])
    assert all(url.startswith("urn:uuid:") for url in urls)
    for entry in bundle["entry"]:  # every reference resolves inside the bundle
        assert set(references(entry["resource"])) <= urls


def test_document_starts_with_a_composition_whose_sections_hold_every_resource(people):
    bundle = build_fhir_bundle(people[0])
    composition = bundle["entry"][0]["resource"]
    assert composition["resourceType"] == "Composition"
    assert bundle["identifier"]["value"].startswith("urn:uuid:") and bundle["timestamp"]
    titles = [s["title"] for s in composition["section"]]
    assert titles == [
        "Summary",
        "Night leg cramps",
        "Medicines",
        "Screening (red flags)",
        "Self-experiments",
    ]
    in_sections = {ref["reference"] for s in composition["section"] for ref in s.get("entry", [])}
    others = {
        e["fullUrl"] for e in bundle["entry"][1:] if e["resource"]["resourceType"] != "Patient"
    }
    assert in_sections == others
    (medicines,) = [s for s in composition["section"] if s["title"] == "Medicines"]
    assert medicines["code"]["coding"][0] == {
        "system": LOINC,
        "code": "10160-0",
        "display": "History of Medication use Narrative",
    }
    (screening,) = resources(bundle, "RiskAssessment")
    assert screening["prediction"][0]["qualitativeRisk"]["text"].startswith("Soon")


def test_transaction_posts_every_resource_and_creates_the_patient_once(people):
    bundle = build_fhir_bundle(people[0], bundle_type="transaction")
    for entry in bundle["entry"]:
        kind = entry["resource"]["resourceType"]
        assert entry["request"]["method"] == "POST" and entry["request"]["url"] == kind
        assert "id" not in entry["resource"]  # the server assigns ids
    (patient_entry,) = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    (identifier,) = patient_entry["resource"]["identifier"]
    assert patient_entry["request"]["ifNoneExist"] == (
        f"identifier={identifier['system']}|{identifier['value']}"
    )
    document = build_fhir_bundle(people[0])
    kinds = sorted(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds == sorted(e["resource"]["resourceType"] for e in document["entry"])


def test_every_resource_has_generated_narrative(people):
    for kind in ("document", "transaction"):
        for entry in build_fhir_bundle(people[0], bundle_type=kind)["entry"]:
            text = entry["resource"]["text"]
            assert text["status"] == "generated"
            assert text["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
            assert len(re.sub(r"<[^>]+>", "", text["div"]).strip()) > 10


def test_observations_have_a_category_loinc_severity_and_snomed_body_sites(people):
    alice, _ = people
    bundle = build_fhir_bundle(alice)
    for obs in resources(bundle, "Observation"):
        assert obs["category"][0]["coding"][0]["system"] == (
            "http://terminology.hl7.org/CodeSystem/observation-category"
        )
    episodes = observations(bundle, "leg-cramp-episode")
    severities = [
        c
        for obs in episodes
        for c in obs.get("component", [])
        if c["code"]["coding"][0]["system"] == LOINC
    ]
    assert severities and all(c["code"]["coding"][0]["code"] == "72514-3" for c in severities)
    assert not any(
        c["code"]["coding"][0]["code"] == "severity" for o in episodes for c in o["component"]
    )
    calf = Episode.objects.filter(user=alice, muscle="calf", leg="left").first()
    (observation,) = [o for o in episodes if o["effectiveDateTime"] == _london(calf.occurred_at)]
    assert observation["bodySite"]["coding"][0] == {
        "system": SNOMED,
        "code": "53840002",
        "display": "Calf of leg",
    }
    assert observation["bodySite"]["text"] == "Left calf"
    (side,) = [c for c in observation["component"] if c["code"]["coding"][0]["code"] == "272741003"]
    assert side["valueCodeableConcept"]["coding"][0]["code"] == "7771000"


def test_no_extensions_and_no_home_made_extension_urls(people):
    text = json.dumps(build_fhir_bundle(people[0]))
    assert '"extension"' not in text and "StructureDefinition" not in text
    source = Path(__file__).parents[2]
    found = subprocess.run(
        ["git", "grep", "-n", "nightcramp.example/fhir/StructureDefinition", "--", "src"],
        cwd=source,
        capture_output=True,
        text=True,
    )
    assert found.stdout == ""


def _london(moment: datetime) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/London")).isoformat(timespec="seconds")


def test_times_are_in_the_persons_own_utc_offset(db):
    person = get_user_model().objects.create_user("carol")
    Profile.objects.create(user=person, time_zone="Australia/Sydney")
    from nightcramp.diary.store import record_episode

    record_episode(person, datetime(2026, 1, 14, 16, 30, tzinfo=UTC), leg="right")
    (episode,) = observations(build_fhir_bundle(person), "leg-cramp-episode")
    assert episode["effectiveDateTime"] == "2026-01-15T03:30:00+11:00"
    assert "03:30:00+11:00" in episode["text"]["div"]


def test_medicines_carry_rxnorm_and_the_persons_own_generic_names(people):
    alice, bob = people  # alice in London, bob in New York
    uk = {s["medicationCodeableConcept"]["text"]: s for s in _statements(alice)}
    assert set(uk) == set(Medicine.objects.filter(user=alice).values_list("name", flat=True))
    lipitor = uk["Lipitor"]
    started = Medicine.objects.get(user=alice, name="Lipitor").started
    assert lipitor["effectivePeriod"] == {"start": started.isoformat()}
    assert lipitor["medicationCodeableConcept"]["coding"] == [
        {"system": RXNORM, "code": "83367", "display": "atorvastatin"}
    ]
    assert "Lipitor (atorvastatin)" in lipitor["text"]["div"]
    paracetamol = uk["Paracetamol"]
    assert paracetamol["medicationCodeableConcept"]["coding"][0]["code"] == "161"
    assert paracetamol["dosage"][0]["asNeededBoolean"] is True
    assert "acetaminophen" not in paracetamol["text"]["div"].lower()
    us = {s["medicationCodeableConcept"]["text"]: s for s in _statements(bob)}
    assert "Paracetamol (acetaminophen)" in us["Paracetamol"]["text"]["div"]
    explicit = build_fhir_bundle(bob, names="international")
    (again,) = [
        s
        for s in resources(explicit, "MedicationStatement")
        if s["medicationCodeableConcept"]["text"] == "Paracetamol"
    ]
    assert "acetaminophen" not in again["text"]["div"]


def _statements(user) -> list[dict]:
    return resources(build_fhir_bundle(user), "MedicationStatement")


def test_finished_self_experiment_links_its_result_to_its_plan(people):
    bundle = build_fhir_bundle(people[0])
    (plan,) = resources(bundle, "CarePlan")
    arms = [a["detail"]["code"]["coding"][0]["code"] for a in plan["activity"]]
    assert sorted(arms) == ["control"] * 4 + ["intervention"] * 4
    assert plan["status"] == "completed"
    (result,) = observations(bundle, "n-of-1-trial-result")
    plan_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is plan)
    assert result["basedOn"] == [{"reference": plan_url}]
    assert result["status"] == "final"
    codes = {c["code"]["coding"][0]["code"]: c for c in result["component"]}
    assert {"rate-ratio", "ci-low", "ci-high", "p-value", "prob-benefit", "nights-used"} <= set(
        codes
    )
    assert (
        codes["ci-low"]["valueQuantity"]["value"]
        <= codes["rate-ratio"]["valueQuantity"]["value"]
        <= codes["ci-high"]["valueQuantity"]["value"]
    )


def test_a_running_trials_result_is_preliminary_and_ends_no_later_than_today(people):
    from django.utils import timezone

    alice, _ = people
    trial = Trial.objects.get(user=alice)
    today = timezone.now().date()
    shift = today - trial.end + timedelta(days=14)  # the trial now ends in two weeks
    plan = dict(trial.plan)
    plan["periods"] = [
        {
            **p,
            "start": str(date.fromisoformat(p["start"]) + shift),
            "end": str(date.fromisoformat(p["end"]) + shift),
        }
        for p in plan["periods"]
    ]
    Trial.objects.filter(pk=trial.pk).update(
        start=trial.start + shift, end=trial.end + shift, plan=plan, status=Trial.Status.ACTIVE
    )
    _move_diary(alice, shift)
    bundle = build_fhir_bundle(alice)
    (result,) = observations(bundle, "n-of-1-trial-result")
    assert result["status"] == "preliminary"
    assert date.fromisoformat(result["effectivePeriod"]["end"]) <= today
    assert "still running" in result["text"]["div"]


def _move_diary(user, shift: timedelta) -> None:
    """Move every night forward by ``shift`` (latest first, so dates never collide)."""
    from nightcramp.diary.models import Night

    for night in Night.objects.filter(user=user).order_by("-night"):
        Night.objects.filter(pk=night.pk).update(night=night.night + shift)


def test_episodes_round_trip(people):
    alice, _ = people
    for kind in ("document", "transaction"):
        episodes = episodes_from_fhir_bundle(build_fhir_bundle(alice, bundle_type=kind))
        stored = list(Episode.objects.filter(user=alice).order_by("occurred_at", "id"))
        assert len(episodes) == len(stored) > 50
        assert any(len(e["relieved_by"]) > 1 for e in episodes)  # several answers, all kept
        for read, saved in zip(episodes, stored, strict=True):
            assert read["occurred_at"] == saved.occurred_at
            assert (read["leg"], read["muscle"], read["relieved_by"]) == (
                saved.leg,
                saved.muscle,
                saved.relieved_by,
            )
            assert (read["severity"], read["duration_seconds"], read["woke_me"]) == (
                saved.severity,
                saved.duration_seconds,
                saved.woke_me,
            )


def test_round_trip_keeps_unrecorded_fields_unrecorded(db):
    from nightcramp.diary.store import record_episode

    person = get_user_model().objects.create_user("dora")
    record_episode(person, datetime(2026, 3, 2, 2, 15, tzinfo=UTC), leg="both")
    record_episode(
        person, datetime(2026, 3, 3, 4, 0, tzinfo=UTC), muscle="back_thigh", woke_me=False
    )
    first, second = episodes_from_fhir_bundle(build_fhir_bundle(person))
    assert (first["leg"], first["muscle"], first["severity"], first["woke_me"]) == (
        "both",
        "",
        None,
        None,
    )
    assert (second["leg"], second["muscle"], second["woke_me"]) == ("", "back_thigh", False)


def test_patient_is_pseudonymous_by_default(people):
    alice, bob = people
    bundle = build_fhir_bundle(alice)
    (patient,) = resources(bundle, "Patient")
    assert "name" not in patient and "birthDate" not in patient
    assert patient["gender"] == "female"
    text = json.dumps(bundle)
    for secret in ("Alice", "Liddell", "alice"):
        assert secret not in text
    again = resources(build_fhir_bundle(alice), "Patient")[0]
    other = resources(build_fhir_bundle(bob), "Patient")[0]
    assert again["identifier"] == patient["identifier"]  # stable across exports
    assert other["identifier"] != patient["identifier"]


def test_identity_only_when_asked(people):
    (patient,) = resources(build_fhir_bundle(people[0], include_identity=True), "Patient")
    assert patient["name"] == [{"text": "Alice Liddell", "family": "Liddell", "given": ["Alice"]}]


def test_condition_is_g47_62_and_self_reported(people):
    (condition,) = resources(build_fhir_bundle(people[0]), "Condition")
    codings = condition["code"]["coding"]
    assert {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "G47.62"}.items() <= codings[
        0
    ].items()
    assert all(c["system"] != SNOMED for c in codings)  # none verified
    assert condition["verificationStatus"]["coding"][0]["code"] == "unconfirmed"


def test_only_the_persons_own_data(people):
    alice, bob = people
    bundle = build_fhir_bundle(bob)
    assert len(episodes_from_fhir_bundle(bundle)) == Episode.objects.filter(user=bob).count()
    nights = observations(bundle, "nightly-cramp-count")
    assert min(r["effectiveDateTime"] for r in nights) >= "2026-09-24"  # bob's 2 months only


def test_export_period_limits_episodes(people):
    alice, _ = people
    start, end = date(2026, 9, 1), date(2026, 9, 30)
    bundle = build_fhir_bundle(alice, start=start, end=end)
    expected = Episode.objects.filter(
        user=alice, night__night__gte=start, night__night__lte=end
    ).count()
    assert len(episodes_from_fhir_bundle(bundle)) == expected


def test_the_independent_checks_do_reject_a_broken_bundle(people):
    from fhirclient.models.fhirabstractbase import FHIRValidationError

    bundle = build_fhir_bundle(people[0])
    episode = observations(bundle, "leg-cramp-episode")[0]
    episode["status"] = "done"  # not an R4 observation status
    episode["effectiveDateTime"] = "last night"
    errors = schema_errors(bundle)
    assert any("status" in e for e in errors) and any("effectiveDateTime" in e for e in errors)
    del episode["code"]  # required
    with pytest.raises(FHIRValidationError):
        fhirclient_bundle(bundle)


def test_a_plan_made_after_its_start_is_exported_as_observational(people):
    # issue 11: such a plan went into the FHIR export as a randomised self-experiment
    alice = people[0]
    trial = Trial.objects.get(user=alice)
    plan = {k: v for k, v in trial.plan.items() if k != "planned_on"}  # stored today, late
    Trial.objects.filter(pk=trial.pk).update(plan=plan)
    bundle = build_fhir_bundle(alice)
    (care_plan,) = resources(bundle, "CarePlan")
    assert "in random order" not in care_plan["description"]
    assert "Observational comparison, not a randomised experiment" in care_plan["description"]
    (result,) = observations(bundle, "n-of-1-trial-result")
    assert "observational comparison, not randomised" in result["text"]["div"]
