"""A broken knowledge file is refused with the file and the entry named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from nightcramp.knowledge import KnowledgeError, read_knowledge
from nightcramp.knowledge.loader import DATA_DIR


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(data: Path, file_name: str, change) -> None:
    path = data / file_name
    entries = yaml.safe_load(path.read_text())
    change(entries)
    path.write_text(yaml.safe_dump(entries, sort_keys=False))


def test_the_copy_itself_loads(data):
    assert read_knowledge(data).symptoms


@pytest.mark.parametrize(
    ("file_name", "change", "expected"),
    [
        (
            "causes.yaml",
            lambda e: e[0].update(grade="A"),
            "causes.yaml, entry #1 'idiopathic': unknown key(s) grade",
        ),
        (
            "treatments.yaml",
            lambda e: e[1].pop("safety"),
            "treatments.yaml, entry #2 'painkillers': missing field 'safety'",
        ),
        (
            "red_flags.yaml",
            lambda e: e[0]["rules"][0].update(level="whenever"),
            "red_flags.yaml, entry 'pulmonary_embolism': level 'whenever' is not one of",
        ),
        (
            "treatments.yaml",
            lambda e: e[0].update(evidence_grade="Z"),
            "treatments.yaml, entry 'stretching': evidence_grade 'Z' is not one of",
        ),
        (
            "stretches.yaml",
            lambda e: e[0]["sources"].append("made_up_2099"),
            "stretches.yaml, entry 'calf_wall': unknown source 'made_up_2099'",
        ),
        (
            "red_flags.yaml",
            lambda e: e[0]["rules"][0].update(sources=["made_up_2099"]),
            "red_flags.yaml, entry 'pulmonary_embolism': unknown source 'made_up_2099' in a rule",
        ),
        (
            "stretches.yaml",
            lambda e: e[0].update(hold_seconds="ten"),
            "stretches.yaml, entry #1 'calf_wall', field 'hold_seconds': expected int, got str",
        ),
        (
            "medicines.yaml",
            lambda e: e.append(dict(e[0])),
            "'laba': duplicate id 'laba'",  # the entry number grows with the file
        ),
        (
            "symptoms.yaml",
            lambda e: e.pop(),
            "symptoms.yaml: missing symptom id(s) ['tiredness_weight_gain_feeling_cold']",
        ),
        (
            "red_flags.yaml",
            lambda e: e[0]["rules"][0].update(any_of=["sore_toe"]),
            "red_flags.yaml, entry 'pulmonary_embolism': symptom 'sore_toe' is not one of",
        ),
        (
            "causes.yaml",
            lambda e: e[0].update(strength="strong"),
            "causes.yaml, entry 'idiopathic': strength 'strong' is not one of",
        ),
        (
            "red_flags.yaml",
            lambda e: e[0]["rules"][0].update(conditions=["gout"]),
            "red_flags.yaml, entry 'pulmonary_embolism': condition 'gout' is not one of",
        ),
        (
            "red_flags.yaml",
            lambda e: e[0]["rules"][0].update(medicine_note="Tell them about {generic}."),
            "red_flags.yaml, entry 'pulmonary_embolism': medicine_note needs the rule's medicine",
        ),
        (
            "signs.yaml",
            lambda e: e[0].update(symptom="sore_toe"),
            "signs.yaml, entry 'saddle_numbness': symptom 'sore_toe' is not one of",
        ),
        (
            "signs.yaml",
            lambda e: e[0].update(id="dark_urine"),
            "signs.yaml, entry 'dark_urine': a sign id must not repeat a checklist symptom id",
        ),
        (
            "lookalikes.yaml",
            lambda e: e[0].update(pattern="possible_gout"),
            "lookalikes.yaml, entry 'restless_legs': pattern 'possible_gout' is not one of",
        ),
    ],
)
def test_broken_entry_is_rejected(data, file_name, change, expected):
    _edit(data, file_name, change)
    with pytest.raises(KnowledgeError) as error:
        read_knowledge(data)
    assert expected in str(error.value)


def test_invalid_yaml_names_the_file(data):
    (data / "relief.yaml").write_text("- id: [unclosed\n")
    with pytest.raises(KnowledgeError, match="relief.yaml: not valid YAML"):
        read_knowledge(data)


def test_missing_file_is_named(data):
    (data / "tests.yaml").unlink()
    with pytest.raises(KnowledgeError, match="tests.yaml: file is missing"):
        read_knowledge(data)
