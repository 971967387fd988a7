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


def test_every_wording_of_every_sign_is_read_as_that_sign():
    """No wording belongs to two signs ("tingling in my legs" was once also a wording of
    numbness between the legs, an emergency), and each phrase reads back as its sign."""
    kb = load_knowledge()
    owners: dict[str, set[str]] = {}
    for sign in kb.signs:
        for phrase in sign.phrases:
            for wording in expand(phrase):
                owners.setdefault(wording, set()).add(sign.id)
            first = expand(phrase)[0]
            assert sign.id in [r.key for r in read_signs([first], kb)], (sign.id, first)
    shared = {wording: ids for wording, ids in owners.items() if len(ids) > 1}
    assert not shared, shared
