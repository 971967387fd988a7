"""``nightcramp report`` and ``nightcramp export --format fhir``."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db.models import Sum
from fhir.resources.R4B.bundle import Bundle

from nightcramp.diary.demo import make_demo_diary
from nightcramp.diary.models import Episode, Night
from nightcramp.diary.store import local_user
from nightcramp.reports.fhir import episodes_from_fhir_bundle


@pytest.fixture
def demo(db):
    user = local_user()
    make_demo_diary(user, months=2, seed=5, end=date(2026, 11, 23))
    return user


def test_report_writes_a_pdf(cli, demo, tmp_path):
    target = tmp_path / "report.pdf"
    result = cli("report", "--pdf", target, "--from", "2026-10-01", "--to", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert f"Wrote {target}" in result.output


def test_report_json_matches_the_diary(cli, demo):
    result = cli("report", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    recorded = Night.objects.filter(user=demo, cramps__isnull=False)
    assert figures["coverage"]["recorded"] == recorded.count()
    assert figures["coverage"]["total_cramps"] == recorded.aggregate(t=Sum("cramps"))["t"]
    assert figures["start"] == "2026-09-24" and figures["end"] == "2026-11-23"
    assert sum(h["episodes"] for h in figures["hours"]) == Episode.objects.filter(user=demo).count()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give --pdf FILE"),
        (("--json", "--from", "01/10/2026"), "--from '01/10/2026' is not a date"),
        (("--json", "--from", "2026-11-01", "--to", "2026-10-01"), "is after --to"),
    ],
)
def test_report_refuses_bad_options(cli, db, args, message):
    result = cli("report", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_report_refuses_a_missing_folder_and_writes_nothing(cli, demo, tmp_path):
    target = tmp_path / "nowhere" / "report.pdf"
    result = cli("report", "--pdf", target)
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not target.exists()


@pytest.mark.parametrize("kind", ["document", "transaction"])
def test_export_fhir_writes_a_valid_bundle(cli, demo, tmp_path, kind):
    target = tmp_path / "bundle.json"
    result = cli("export", "--format", "fhir", "--bundle", kind, "-o", target)
    assert result.exit_code == 0, result.output
    bundle = json.loads(target.read_text())
    assert Bundle.model_validate(bundle).type == kind
    assert len(episodes_from_fhir_bundle(bundle)) == Episode.objects.filter(user=demo).count()


def test_export_fhir_drug_names_follow_the_option(cli, demo, tmp_path):
    target = tmp_path / "bundle.json"
    result = cli("export", "--format", "fhir", "--drug-names", "us", "-o", target)
    assert result.exit_code == 0, result.output
    assert "Paracetamol (acetaminophen)" in target.read_text()


def test_export_fhir_refuses_an_unknown_bundle_type(cli, demo):
    result = cli("export", "--format", "fhir", "--bundle", "collection")
    assert result.exit_code == 2 and "collection" in result.output
