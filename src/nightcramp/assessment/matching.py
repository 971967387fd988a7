"""Recognise medicines in the free text people type (conditions: assessment.reading).

Medicines: first the knowledge base's own names (generic, brands, other spellings) as whole
words or phrases, then close spellings of them ('furosemid', 'raloxifen'); words still left
over are passed to drug_named_entity_recognition (imported only then, it takes a second or
two) which knows many more brand names and combinations, mapped back to the knowledge base
through its generic names and synonyms.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from nightcramp.knowledge import Knowledge

# Words that appear in medicine lists but are not medicines (doses, times, forms, routes).
_NOT_MEDICINE_LINES = (
    "mg mcg microgram micrograms milligram milligrams ml gram grams unit units iu puff puffs",
    "tablet tablets tab tabs capsule capsules cap caps pill pills inhaler inhalers spray",
    "sachet patch cream injection drops dose doses daily day days once twice three four",
    "times weekly week morning mornings evening evenings night nights nightly bedtime noon",
    "lunch breakfast dinner when needed required prn as and with the in at a an of for per",
    "before after food every each other take taking took half one two hour hours mane nocte",
    "bd tds qds od bid tid qid oral orally by mouth slow release modified sr xl la er cr",
    "regular regularly since started start year years month months ago about approx strength",
    "extra generic brand my also plus or to on from not only sometimes usually reliever",
    "preventer blue brown purple red vitamin vitamins supplement supplements tonic",
)
NOT_MEDICINE = frozenset(" ".join(_NOT_MEDICINE_LINES).split())
FUZZY_MIN_LENGTH = 6  # shorter words are too easily confused with one another
FUZZY_CUTOFF = 0.85
LIBRARY_MIN_SIMILARITY = 0.7


@dataclass(frozen=True)
class MedicineMatch:
    """One medicine recognised in one entry of the medicines list."""

    text: str  # the entry as the person wrote it
    generic: str  # generic name (what the screen shows as `matched`)
    class_id: str | None  # medicine class in the knowledge base, None when it has no known link
    how: str  # exact | fuzzy | library


def words(text: str) -> list[str]:
    """Lower-case words and numbers; apostrophes dropped, every other symbol separates."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))


def _key(text: str) -> str:
    return " ".join(words(text))


@functools.cache
def _medicine_index(knowledge: Knowledge) -> dict[str, tuple[str, str]]:
    """Normalised name -> (class id, generic) for every name in medicines.yaml."""
    index: dict[str, tuple[str, str]] = {}
    for med_class in knowledge.medicines:
        for drug in med_class.drugs:
            for name in (drug.generic, *drug.names):
                index.setdefault(_key(name), (med_class.id, drug.generic))
    return index


def match_medicines(entries: tuple[str, ...], knowledge: Knowledge) -> list[MedicineMatch]:
    """Every medicine recognised in the entries, at most once per generic name."""
    index = _medicine_index(knowledge)
    longest = max(len(key.split()) for key in index)
    single_words = sorted(key for key in index if " " not in key)
    matches: list[MedicineMatch] = []
    leftovers: list[tuple[str, list[str]]] = []
    for entry in entries:
        tokens = words(entry)
        found, used = _exact_phrases(tokens, index, longest)
        for position, token in enumerate(tokens):
            if position in used or not _may_be_medicine(token):
                continue
            close = _close_word(token, single_words)
            if close:
                found.append((*index[close], "fuzzy"))
                used.add(position)
        matches += [MedicineMatch(entry, generic, cid, how) for cid, generic, how in found]
        rest = [t for i, t in enumerate(tokens) if i not in used and _may_be_medicine(t)]
        if rest:
            leftovers.append((entry, rest))
    for entry, rest in leftovers:
        matches += _library_matches(entry, rest, index)
    unique: dict[str, MedicineMatch] = {}
    for match in matches:
        unique.setdefault(match.generic, match)
    return list(unique.values())


def _exact_phrases(
    tokens: list[str], index: dict[str, tuple[str, str]], longest: int
) -> tuple[list[tuple[str, str, str]], set[int]]:
    """Longest-first whole-phrase matches; returns (class, generic, how) and used positions."""
    found: list[tuple[str, str, str]] = []
    used: set[int] = set()
    for size in range(min(longest, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            span = set(range(start, start + size))
            if span & used:
                continue
            phrase = " ".join(tokens[start : start + size])
            if phrase in index:
                found.append((*index[phrase], "exact"))
                used |= span
    return found, used


def _may_be_medicine(token: str) -> bool:
    return len(token) >= 4 and token.isalpha() and token not in NOT_MEDICINE


def _close_word(token: str, candidates: list[str]) -> str | None:
    if len(token) < FUZZY_MIN_LENGTH:
        return None
    close = difflib.get_close_matches(token, candidates, n=1, cutoff=FUZZY_CUTOFF)
    return close[0] if close else None


def _library_matches(
    entry: str, tokens: list[str], index: dict[str, tuple[str, str]]
) -> list[MedicineMatch]:
    """Ask drug_named_entity_recognition about words the knowledge base did not recognise."""
    from drug_named_entity_recognition import find_drugs

    matches = []
    for drug, _start, _end in find_drugs(tokens, is_fuzzy_match=True):
        similarity = drug.get("match_similarity")
        if drug.get("match_type") != "exact" and (similarity or 0) < LIBRARY_MIN_SIMILARITY:
            continue
        known = _known_from_library(drug, index)
        if known:
            matches += [MedicineMatch(entry, generic, cid, "library") for cid, generic in known]
        else:
            matches.append(MedicineMatch(entry, str(drug["name"]).lower(), None, "library"))
    return matches


def _known_from_library(drug: dict, index: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """Knowledge-base entries for a library result: its name, synonyms or combination parts."""
    names = [drug.get("name", ""), *drug.get("synonyms", ())]
    for name in names:
        if _key(name) in index:
            return [index[_key(name)]]
    parts = re.split(r"\s+and\s+|/|\+|,", str(drug.get("name", "")).lower())
    return [index[_key(p)] for p in parts if _key(p) in index]


def known_medicine_names(text: str, knowledge: Knowledge) -> list[str]:
    """Generic names of knowledge-base medicines named in ``text`` (exact or close spelling).

    Fast: never asks drug_named_entity_recognition, so it suits texts that are usually not
    medicines at all, such as the name of a self-experiment.
    """
    index = _medicine_index(knowledge)
    longest = max(len(key.split()) for key in index)
    single_words = sorted(key for key in index if " " not in key)
    tokens = words(text)
    found, used = _exact_phrases(tokens, index, longest)
    generics = [generic for _, generic, _ in found]
    for position, token in enumerate(tokens):
        if position not in used and _may_be_medicine(token):
            close = _close_word(token, single_words)
            if close:
                generics.append(index[close][1])
    return list(dict.fromkeys(generics))
