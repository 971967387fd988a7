"""Medicines as people write them are read as the right ingredients (recall >= 95 %), and
medicines with no cramp link never produce a cramp link."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nightcramp.assessment import screen
from nightcramp.assessment.matching import match_each
from nightcramp.knowledge import load_knowledge

DATA = yaml.safe_load((Path(__file__).parent / "data" / "medicine_strings.yaml").read_text())
MIN_RECALL = 0.95
# the same ingredient under its other generic name
SAME = {"paracetamol": "acetaminophen", "albuterol": "salbutamol", "alendronate": "alendronic acid"}


def _read(text: str) -> set[str]:
    [(_, found)] = match_each((text,), load_knowledge())
    return {SAME.get(m.generic, m.generic) for m in found}


def test_the_set_is_large_and_varied():
    assert len(DATA["positive"]) >= 300
    assert len(DATA["negative"]) >= 50
    texts = [text for text, _ in DATA["positive"]]
    assert len(set(texts)) == len(texts), "duplicate strings"
    assert sum("/" in t or "+" in t or " and " in t or " with " in t for t in texts) >= 30


def test_recall_of_ingredients_is_at_least_95_percent(capsys):
    expected_total = found_total = 0
    misses, extras = [], []
    for text, expected in DATA["positive"]:
        read = _read(text)
        expected_total += len(expected)
        found_total += len(set(expected) & read)
        if set(expected) - read:
            misses.append(f"{text!r}: expected {sorted(expected)}, read {sorted(read)}")
        if read - set(expected):
            extras.append(f"{text!r}: also read {sorted(read - set(expected))}")
    recall = found_total / expected_total
    with capsys.disabled():
        print(f"\nmedicine recall: {found_total}/{expected_total} ingredients = {recall:.1%}")
        print(
            f"strings read in full: {len(DATA['positive']) - len(misses)}/{len(DATA['positive'])}"
        )
        for line in misses:
            print("  MISS", line)
        for line in extras:
            print("  EXTRA", line)
    assert recall >= MIN_RECALL, "\n".join(misses)


def test_no_false_cramp_links_on_medicines_without_one():
    knowledge = load_knowledge()
    false_links = []
    for text in DATA["negative"]:
        factors = screen({"medications": [text]})["contributing_factors"]
        linked = [f["matched"] for f in factors if f["category"] == "medication"]
        if linked:
            false_links.append(f"{text!r} -> {linked}")
        [(_, found)] = match_each((text,), knowledge)
        causes = [
            m for m in found if m.class_id and knowledge.medicine_class(m.class_id).kind == "cause"
        ]
        assert not causes, text
    assert false_links == []


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for t, e in DATA["positive"] if "quinine" in e]
)
def test_every_quinine_string_is_read_as_quinine(text, expected):
    assert "quinine" in _read(text)


_FREQUENT = (
    "atorvastatin simvastatin rosuvastatin pravastatin furosemide bumetanide "
    "hydrochlorothiazide bendroflumethiazide indapamide chlorthalidone spironolactone "
    "eplerenone amiloride triamterene salbutamol albuterol salmeterol formoterol nifedipine "
    "raloxifene naproxen teriparatide quinine lithium levodopa zolpidem gabapentin citalopram "
    "metformin amlodipine ramipril lisinopril losartan candesartan bisoprolol atenolol "
    "omeprazole lansoprazole levothyroxine sertraline fluoxetine mirtazapine amitriptyline "
    "pregabalin warfarin apixaban rivaroxaban clopidogrel aspirin allopurinol tamsulosin "
    "finasteride donepezil paracetamol ibuprofen tramadol codeine gliclazide sitagliptin "
    "empagliflozin dapagliflozin montelukast tiotropium budesonide fluticasone prednisolone"
)
FREQUENT = _FREQUENT.split()


def _one_edit(word: str, rng) -> str:
    """A letter dropped, changed or swapped with its neighbour (never the first letter)."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice("dst")
    if kind == "d":
        return word[:i] + word[i + 1 :]
    if kind == "s":
        return word[:i] + rng.choice("aeiounrstl".replace(word[i], "")) + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def test_misspellings_of_frequent_medicines_are_read_and_never_as_another(capsys):
    import random

    rng = random.Random(12)
    knowledge = load_knowledge()
    right = wrong = missed = 0
    report = []
    for drug in FREQUENT:
        [(_, exact)] = match_each((drug,), knowledge)
        expected = {m.generic for m in exact}
        assert expected, drug
        for _ in range(5):
            typo = _one_edit(drug, rng)
            if typo == drug:
                continue
            [(_, found)] = match_each((typo,), knowledge)
            read = {m.generic for m in found}
            if read == expected:
                right += 1
            elif read:
                wrong += 1
                report.append(f"WRONG {typo!r} ({drug}) -> {sorted(read)}")
            else:
                missed += 1
                report.append(f"MISS {typo!r} ({drug})")
    with capsys.disabled():
        print(f"\nmisspellings read right: {right}/{right + wrong + missed}")
        print("\n".join(report))
    assert wrong == 0
    assert right / (right + wrong + missed) >= MIN_RECALL
