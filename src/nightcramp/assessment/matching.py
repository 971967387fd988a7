"""Recognise medicines in the free text people type (conditions: assessment.reading).

Medicines are read against a compact index built ahead of time and shipped as package data
(knowledge/data/medicine_index.json, made by nightcramp.knowledge.build_medicine_index from
the drug-name library's names, medicine_products.yaml and medicines.yaml). Per entry:
whole names and phrases first, longest first ("Seretide 250 evohaler", "water tablet",
"co-amilozide"); then each word left over that could be a medicine is compared with the
names of medicines (never of other substances) that start with the same letter and differ
by one edit (two for words of eight letters or more). A product gives ALL its
ingredients; each ingredient is judged by the class of medicines.yaml it belongs to. The
drug-name library itself is never imported here.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass

from nightcramp.knowledge import Knowledge
from nightcramp.knowledge.loader import DATA_DIR

log = logging.getLogger(__name__)

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
    "evohaler accuhaler turbohaler diskus ellipta respimat spiromax nexthaler breezhaler",
    "genuair easyhaler aerosphere inhalation inhaled nebuliser nebulizer liquid syrup",
    "solution suspension gel ointment lotion drop eye ear nasal nose topical injectable",
    "infusion intravenous iv jab jabs shot shots pen pens stopped stop off used still new",
    "dr doctor gp prescribed prescription pharmacy chemist over counter otc medication",
    "medications medicine medicines meds none nil nothing current currently am pm hs qhs",
    "micrograms unit tablet coated chewable dispersible soluble effervescent film",
    # everyday words written next to medicines that sit close to a medicine's name
    "alcohol water juice compress compression stockings socks heat cold pack massage bath",
    "salts epsom stretch stretches stretching exercise exercises diet drink drinks food",
    "quinoa tonic lemon bitter cramp cramps leg legs calf foot feet pain painful sleep",
    "night nightly relief rescue emergency hospital clinic nurse",
)
NOT_MEDICINE = frozenset(" ".join(_NOT_MEDICINE_LINES).split())
FUZZY_MIN_LENGTH = 5  # shorter words are too easily confused with one another
LONG_WORD = 9  # words this long may be two edits off; shorter ones one edit
MAX_FUZZY_WORDS = 50  # per entry: a pasted essay is not read word by word for misspellings
INDEX_FILE = DATA_DIR / "medicine_index.json"


@dataclass(frozen=True)
class MedicineMatch:
    """One ingredient recognised in one entry of the medicines list."""

    text: str  # the entry as the person wrote it
    generic: str  # generic name of the ingredient (what the screen shows as `matched`)
    class_id: str | None  # medicine class in the knowledge base, None when it has no known link
    how: str  # exact | fuzzy
    product: str = ""  # the words of the entry that named it, as written ("Dyazide")
    ingredients: int = 1  # how many ingredients that product has


@dataclass(frozen=True)
class MedicineIndex:
    ingredients: tuple[str, ...]
    names: dict[str, list[int]]  # normalised name -> ingredient numbers
    fuzzy: dict[tuple[str, int], list[str]]  # (first letter, length) -> names
    fuzzy_names: frozenset[str]
    stopwords: frozenset[str]
    longest: int  # words in the longest name


def words(text: str) -> list[str]:
    """Lower-case words and numbers; apostrophes dropped, every other symbol separates, and
    so does a change from letters to digits ("Lasix40mg" -> lasix 40 mg). A UK "co-" name
    is one word ("Co-amilozide" -> "coamilozide")."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    text = re.sub(r"\bco[-\s]+(?=[a-z]{4})", "co", text)
    return re.findall(r"[a-z]+|[0-9]+", text)


def _key(text: str) -> str:
    return " ".join(words(text))


@functools.cache
def load_medicine_index() -> MedicineIndex:
    """The shipped index, read once per process (about 1 MB of JSON)."""
    raw = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
    fuzzy: dict[tuple[str, int], list[str]] = {}
    for name in raw["fuzzy"]:
        fuzzy.setdefault((name[0], len(name)), []).append(name)
    return MedicineIndex(
        ingredients=tuple(raw["ingredients"]),
        names=raw["names"],
        fuzzy=fuzzy,
        fuzzy_names=frozenset(raw["fuzzy"]),
        stopwords=frozenset(raw["stopwords"]) | NOT_MEDICINE,
        longest=raw["longest"],
    )


@functools.cache
def _classes_by_generic(knowledge: Knowledge) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Generic -> [(class id, only_with)], conditional classes first."""
    table: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for med_class in knowledge.medicines:
        for drug in med_class.drugs:
            table.setdefault(drug.generic, []).append(
                (med_class.id, frozenset(med_class.only_with))
            )
    for options in table.values():
        options.sort(key=lambda option: not option[1])
    return table


def _class_of(generic: str, together: set[str], knowledge: Knowledge) -> str | None:
    for class_id, only_with in _classes_by_generic(knowledge).get(generic, ()):
        if not only_with or only_with & together:
            return class_id
    return None


def match_each(
    entries: tuple[str, ...], knowledge: Knowledge
) -> list[tuple[str, list[MedicineMatch]]]:
    """Each entry with the ingredients recognised in it (empty: not recognised). A lookup that
    fails for any reason leaves that entry not recognised; it never stops the screen."""
    index = load_medicine_index()
    read = []
    for entry in entries:
        try:
            found = _read_entry(entry, index, knowledge)
        except Exception:  # noqa: BLE001 (a bad entry must never crash the screen)
            log.exception("medicine entry could not be read: %r", entry)
            found = []
        read.append((entry, found))
    return read


def match_medicines(entries: tuple[str, ...], knowledge: Knowledge) -> list[MedicineMatch]:
    """Every ingredient recognised in the entries, at most once per generic name."""
    unique: dict[str, MedicineMatch] = {}
    for _entry, found in match_each(entries, knowledge):
        for match in found:
            unique.setdefault(match.generic, match)
    return list(unique.values())


def _read_entry(entry: str, index: MedicineIndex, knowledge: Knowledge) -> list[MedicineMatch]:
    tokens = words(entry)
    hits, used = _exact_phrases(tokens, index)
    unknown = [p for p, t in enumerate(tokens) if p not in used and _may_be_medicine(t, index)]
    for position in unknown[:MAX_FUZZY_WORDS]:
        close = _close_name(tokens[position])
        if close:
            hits.append((position, position + 1, close, "fuzzy"))
    hits.sort()
    together = {index.ingredients[n] for _, _, name, _ in hits for n in index.names[name]}
    matches = []
    for start, end, name, how in hits:
        product = _as_written(entry, tokens[start:end])
        numbers = index.names[name]
        for number in numbers:
            generic = index.ingredients[number]
            cid = _class_of(generic, together, knowledge)
            matches.append(MedicineMatch(entry, generic, cid, how, product, len(numbers)))
    return list({m.generic: m for m in reversed(matches)}.values())[::-1]


def _exact_phrases(
    tokens: list[str], index: MedicineIndex
) -> tuple[list[tuple[int, int, str, str]], set[int]]:
    """Longest-first whole-name matches: (start, end, name, "exact") and the used positions."""
    hits: list[tuple[int, int, str, str]] = []
    used: set[int] = set()
    for size in range(min(index.longest, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            span = set(range(start, start + size))
            if span & used:
                continue
            phrase = " ".join(tokens[start : start + size])
            if phrase in index.names:
                hits.append((start, start + size, phrase, "exact"))
                used |= span
    return hits, used


def _may_be_medicine(token: str, index: MedicineIndex) -> bool:
    return len(token) >= FUZZY_MIN_LENGTH and token.isalpha() and token not in index.stopwords


@functools.lru_cache(maxsize=4096)
def _close_name(token: str) -> str | None:
    """The medicine name one edit away (two for long words) with the same first letter, or
    with only its first letter missing; None when there is none or when two different
    medicines are equally close."""
    index = load_medicine_index()
    limit = 1 if len(token) < LONG_WORD else 2
    best: dict[tuple[int, ...], int] = {}
    names: dict[tuple[int, ...], str] = {}
    for length in range(len(token) - limit, len(token) + limit + 1):
        for name in index.fuzzy.get((token[0], length), ()):
            distance = _edit_distance(token, name, limit)
            ingredients = tuple(index.names[name])
            if distance <= limit and distance < best.get(ingredients, limit + 1):
                best[ingredients] = distance
                names[ingredients] = name
    if not best:  # a first letter dropped ("uinine")
        first = [c + token for c in "abcdefghijklmnopqrstuvwxyz" if c + token in index.fuzzy_names]
        return first[0] if len(first) == 1 else None
    closest = min(best.values())
    winners = [ingredients for ingredients, d in best.items() if d == closest]
    return names[winners[0]] if len(winners) == 1 else None


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), cut at limit+1."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _as_written(entry: str, tokens: list[str]) -> str:
    """The part of the entry that spelled these tokens, with the person's own capitals."""
    pattern = r"[\W_]*".join(
        (r"co[-\s]*" + re.escape(t[2:])) if t.startswith("co") else re.escape(t) for t in tokens
    )
    found = re.search(pattern, entry, flags=re.IGNORECASE)
    return found.group(0) if found else " ".join(tokens)


def known_medicine_names(text: str, knowledge: Knowledge) -> list[str]:
    """Generic names of knowledge-base medicines (those in a class) named in ``text``, exact or
    a close spelling. Suits texts that are usually not medicines, such as a trial's name."""
    found = match_each((text,), knowledge)[0][1]
    return list(dict.fromkeys(m.generic for m in found if m.class_id))
