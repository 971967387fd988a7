"""The FHIR export carries every answer to "what helped?" (one relieved-by component each,
in the order given), says them all in the narrative, stays valid R4, and reading the bundle
back gives the same answers."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth import get_user_model

from nightcramp.diary.store import record_episode
from nightcramp.reports.fhir import (
    CS_RELIEF,
    EPISODE_CODE,
    build_fhir_bundle,
    episodes_from_fhir_bundle,
)
from tests.reports.fhir_validation import schema_errors


def relieved_by(observation: dict) -> list[str]:
    return [
        coding["code"]
        for c in observation.get("component", [])
        if c["code"]["coding"][0]["code"] == "relieved-by"
        for coding in c["valueCodeableConcept"]["coding"]
        if coding["system"] == CS_RELIEF
    ]


def test_every_answer_is_exported_and_read_back(db):
    person = get_user_model().objects.create_user("dora")
    answers = [["massage", "stretching"], [], ["waited"]]
    for hour, given in enumerate(answers, start=1):
        record_episode(person, datetime(2026, 3, 2, hour, tzinfo=UTC), relieved_by=given)
    bundle = build_fhir_bundle(person)
    assert schema_errors(bundle) == []
    observations = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == EPISODE_CODE
    ]
    assert [relieved_by(o) for o in observations] == answers
    assert "relieved by: massage and stretching" in observations[0]["text"]["div"]
    read = episodes_from_fhir_bundle(bundle)
    assert [e["relieved_by"] for e in read] == answers
