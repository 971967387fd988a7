"""The FHIR R4 export: validates with fhir.resources R4B, round-trips episodes, keeps the
person pseudonymous by default and stays within one person's diary."""

from __future__ import annotations

import json
from datetime import UTC, date

import pytest
from django.contrib.auth import get_user_model
from fhir.resources.R4B.bundle import Bundle

from nightcramp.diary.models import Episode, Medicine
from nightcramp.reports.demo import make_demo_diary
from nightcramp.reports.fhir import build_fhir_bundle, episodes_from_fhir_bundle

DEMO_END = date(2026, 11, 23)


@pytest.fixture
def people(db):
    users = get_user_model().objects
    alice = users.create_user("alice", first_name="Alice", last_name="Liddell")
    bob = users.create_user("bob")
    make_demo_diary(alice, months=6, seed=1, end=DEMO_END)
    make_demo_diary(bob, months=2, seed=3, end=DEMO_END)
    return alice, bob


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_validates_as_fhir_r4b(people):
    bundle = build_fhir_bundle(people[0])
    parsed = Bundle.model_validate(json.loads(json.dumps(bundle)))
    assert parsed.type == "collection"
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(urls) == len(bundle["entry"])
    for entry in bundle["entry"]:  # every reference resolves inside the bundle
        for key in ("subject",):
            ref = entry["resource"].get(key)
            if ref:
                assert ref["reference"] in urls
        for based_on in entry["resource"].get("basedOn", []):
            assert based_on["reference"] in urls


def test_episodes_round_trip(people):
    alice, _ = people
    episodes = episodes_from_fhir_bundle(build_fhir_bundle(alice))
    stored = list(Episode.objects.filter(user=alice).order_by("occurred_at", "id"))
    assert len(episodes) == len(stored) > 50
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
    from datetime import datetime

    record_episode(person, datetime(2026, 3, 2, 2, 15, tzinfo=UTC), leg="both")
    record_episode(person, datetime(2026, 3, 3, 4, 0, tzinfo=UTC), muscle="foot", woke_me=False)
    first, second = episodes_from_fhir_bundle(build_fhir_bundle(person))
    assert (first["leg"], first["muscle"], first["severity"], first["woke_me"]) == (
        "both",
        "",
        None,
        None,
    )
    assert (second["leg"], second["muscle"], second["woke_me"]) == ("", "foot", False)


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
    assert all(c["system"] != "http://snomed.info/sct" for c in codings)  # none verified
    assert condition["verificationStatus"]["coding"][0]["code"] == "unconfirmed"


def test_medicines_and_self_experiment(people):
    alice, _ = people
    bundle = build_fhir_bundle(alice)
    statements = resources(bundle, "MedicationStatement")
    by_name = {s["medicationCodeableConcept"]["text"]: s for s in statements}
    assert set(by_name) == set(Medicine.objects.filter(user=alice).values_list("name", flat=True))
    lipitor = by_name["Lipitor"]
    started = Medicine.objects.get(user=alice, name="Lipitor").started
    assert lipitor["effectivePeriod"] == {"start": started.isoformat()}
    assert lipitor["medicationCodeableConcept"]["coding"][0]["code"] == "atorvastatin"
    assert by_name["Paracetamol"]["dosage"][0]["asNeededBoolean"] is True
    (plan,) = resources(bundle, "CarePlan")
    arms = [a["detail"]["code"]["coding"][0]["code"] for a in plan["activity"]]
    assert sorted(arms) == ["control"] * 4 + ["intervention"] * 4
    assert plan["status"] == "completed"
    (result,) = [
        r
        for r in resources(bundle, "Observation")
        if r["code"]["coding"][0]["code"] == "n-of-1-trial-result"
    ]
    plan_url = next(
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"] is not None and e["resource"]["resourceType"] == "CarePlan"
    )
    assert result["basedOn"] == [{"reference": plan_url}]
    codes = {c["code"]["coding"][0]["code"]: c for c in result["component"]}
    assert {"rate-ratio", "ci-low", "ci-high", "p-value", "prob-benefit", "nights-used"} <= set(
        codes
    )
    assert (
        codes["ci-low"]["valueQuantity"]["value"]
        <= codes["rate-ratio"]["valueQuantity"]["value"]
        <= codes["ci-high"]["valueQuantity"]["value"]
    )


def test_only_the_persons_own_data(people):
    alice, bob = people
    bundle = build_fhir_bundle(bob)
    assert len(episodes_from_fhir_bundle(bundle)) == Episode.objects.filter(user=bob).count()
    nights = [
        r
        for r in resources(bundle, "Observation")
        if r["code"]["coding"][0]["code"] == "nightly-cramp-count"
    ]
    assert min(r["effectiveDateTime"] for r in nights) >= "2026-09-24"  # bob's 2 months only


def test_export_period_limits_episodes(people):
    alice, _ = people
    start, end = date(2026, 9, 1), date(2026, 9, 30)
    bundle = build_fhir_bundle(alice, start=start, end=end)
    expected = Episode.objects.filter(
        user=alice, night__night__gte=start, night__night__lte=end
    ).count()
    assert len(episodes_from_fhir_bundle(bundle)) == expected
