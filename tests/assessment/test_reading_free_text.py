"""How free text is read: phrase wordings, clauses, negations and family history."""

from __future__ import annotations

from nightcramp.assessment.reading import clauses, expand, read_conditions, read_signs
from nightcramp.knowledge import load_knowledge


def test_a_phrase_expands_to_each_wording_with_optional_words():
    assert expand("(numb|numbness) (my|) legs") == [
        "numb legs",
        "numb my legs",
        "numbness legs",
        "numbness my legs",
    ]
    assert expand("(cant|can not) pee") == ["can not pee", "cant pee"]


def test_clauses_break_at_punctuation_and_but():
    assert clauses("No chest pain, but breathless; calf OK") == [
        ["no", "chest", "pain"],
        ["breathless"],
        ["calf", "ok"],
    ]


def test_a_negation_reaches_only_a_few_words():
    kb = load_knowledge()
    assert read_signs(["no chest pain"], kb) == []
    assert read_signs(["I don't have any chest pain"], kb) == []
    keys = [r.key for r in read_signs(["no fever but chest pain"], kb)]
    assert keys == ["chest_pain_or_breathless"]
    assert [r.key for r in read_signs(["no longer able to control my bladder"], kb)] == [
        "bladder_bowel_problem"
    ]


def test_family_history_is_kept_apart_from_the_persons_own():
    kb = load_knowledge()
    found = read_conditions(["My mum had diabetes, I have thyroid problems"], kb)
    assert {(r.key, r.family) for r in found} == {("diabetes", True), ("hypothyroidism", False)}
    both = read_conditions(["diabetes", "my father had diabetes"], kb)
    assert [(r.key, r.family) for r in both] == [("diabetes", False)]


def test_a_close_spelling_is_a_typo_never_another_gland():
    kb = load_knowledge()
    assert [r.key for r in read_conditions(["hypothyroidsm"], kb)] == ["hypothyroidism"]
    assert [r.key for r in read_conditions(["diabetis"], kb)] == ["diabetes"]
    assert read_conditions(["hyperparathyroidism"], kb) == []
    assert [r.key for r in read_conditions(["hypoparathyroidism"], kb)] == ["hypoparathyroidism"]
