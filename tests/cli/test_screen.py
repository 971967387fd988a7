"""`nightcramp screen --profile profile.json [--json]`."""

from __future__ import annotations

import json

import pytest

from tests.assessment.test_profile_validation import CONTRACT_EXAMPLE


@pytest.fixture
def profile_file(tmp_path):
    def write(data, raw: str | None = None):
        path = tmp_path / "profile.json"
        path.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
        return path

    return write


def test_json_output_is_the_contract(cli, profile_file):
    result = cli("screen", "--profile", profile_file(CONTRACT_EXAMPLE), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pattern"] == "possible_neuropathy"
    assert {"pattern", "red_flags", "contributing_factors", "plan"} <= set(data)
    assert data["red_flags"] == [
        {
            "condition": "neuropathy",
            "level": "soon",
            "message": data["red_flags"][0]["message"],
            "sources": ["nice_cks_2012", "nsf_assessment"],
        }
    ]
    matched = {(f["category"], f["matched"]) for f in data["contributing_factors"]}
    assert ("medication", "hydrochlorothiazide") in matched
    assert ("medication", "atorvastatin") in matched
    assert ("condition", "diabetes") in matched
    assert ("age", "age 72") in matched
    for factor in data["contributing_factors"]:
        assert set(factor) == {"category", "matched", "message", "evidence", "sources"}


def test_emergency_profile_in_json(cli, profile_file):
    path = profile_file({"symptoms": ["one_leg_swollen", "short_of_breath_or_chest_pain"]})
    data = json.loads(cli("screen", "--profile", path, "--json").stdout)
    assert data["pattern"] == "possible_clot"
    assert [(f["condition"], f["level"]) for f in data["red_flags"]] == [
        ("pulmonary_embolism", "emergency"),
        ("dvt", "urgent"),
    ]


def test_readable_output_puts_red_flags_first(cli, profile_file):
    path = profile_file({**CONTRACT_EXAMPLE, "symptoms": ["foot_cold_pale"]})
    result = cli("screen", "--profile", path)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.index("EMERGENCY") < text.index("Pattern") < text.index("Your plan")
    assert "hydrochlorothiazide" in text and "Not medical advice" in text
    assert "Garrison SR" in text  # full citations listed


def test_free_text_warning_signs_and_family_history_are_shown(cli, profile_file):
    conditions = ["numbness between my legs and trouble passing urine", "my dad had MND"]
    result = cli("screen", "--profile", profile_file({"conditions": conditions}))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "EMERGENCY" in text
    assert "Read in your words:" in text and "numbness between the legs" in text
    assert "Family history, not counted as yours: my dad had MND" in text
    data = json.loads(
        cli("screen", "--profile", profile_file({"conditions": conditions}), "--json").stdout
    )
    assert [f["condition"] for f in data["family_history"]] == ["motor_neuron_disease"]
    assert data["contributing_factors"] == []


def test_invalid_profile_exits_2_naming_the_field(cli, profile_file):
    result = cli("screen", "--profile", profile_file({"age": 150}), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "age: 150 is impossible" in result.stderr


def test_unknown_symptom_is_named(cli, profile_file):
    result = cli("screen", "--profile", profile_file({"symptoms": ["itchy_nose"]}))
    assert result.exit_code == 2
    assert "symptoms[0]" in result.stderr and "itchy_nose" in result.stderr


def test_invalid_json_names_line_and_column(cli, profile_file):
    result = cli("screen", "--profile", profile_file(None, raw='{"age": 72,\n  "sex": }'))
    assert result.exit_code == 2
    assert "line 2, column 10" in result.stderr


def test_missing_file(cli, tmp_path):
    result = cli("screen", "--profile", tmp_path / "nope.json")
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_screen_without_a_file_uses_the_stored_profile_and_saves_the_result(cli):
    from nightcramp.diary.models import Assessment

    cli("profile", "set", "--age", "70", "--sex", "female")
    cli("medicine", "add", "Lasix", "--dose", "40mg")
    result = cli("screen", "--symptom", "one_leg_swollen", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [flag["condition"] for flag in data["red_flags"]][:1] == ["dvt"]
    assert any(f["matched"] == "furosemide" for f in data["contributing_factors"])
    saved = Assessment.objects.get()
    assert saved.profile["symptoms"] == ["one_leg_swollen"]
    assert saved.result["red_flags"] == data["red_flags"]


def test_stored_medicine_notes_are_read_for_warning_signs(cli):
    from nightcramp.diary.models import Medicine

    cli("medicine", "add", "Lipitor", "--dose", "20mg")
    Medicine.objects.filter(name="Lipitor").update(notes="urine dark brown since Monday")
    data = json.loads(cli("screen", "--json").output)
    rhabdo = next(f for f in data["red_flags"] if f["condition"] == "rhabdomyolysis")
    assert "atorvastatin" in rhabdo["message"]


def test_screen_refuses_an_unknown_symptom_for_the_stored_profile(cli):
    from nightcramp.diary.models import Assessment

    result = cli("screen", "--symptom", "purple_toes")
    assert result.exit_code == 2 and "purple_toes" in result.output
    assert "--symptom" in result.output
    assert not Assessment.objects.exists()


def test_readable_screen_shows_treatments_with_grades_and_quinine_as_a_clinicians_decision(
    cli, tmp_path
):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"age": 70}))
    result = cli("screen", "--profile", profile)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Treatments and their evidence" in text
    assert "Quinine (prescription only) — evidence grade A" in text
    assert "only a clinician's decision" in text
    assert "easy bruising" in text
