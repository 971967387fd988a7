"""Read free text for safety: conditions and warning signs as people write them.

Every text is split into clauses (at punctuation and at "but", "although", ...). In each
clause the knowledge base's phrases are matched as whole words, longest first. A match is
dropped when a negation stands shortly before it ("no chest pain", "I do not have
diabetes"), and it is set aside as family history when it is said of a relative ("my dad had
motor neurone disease", "family history of thyroid disease") - never taken as the person's
own. For warning signs the family rule is stricter (a relative must be the subject of "had",
"has", "died of" ...), so that "my wife noticed my leg is swollen" still counts.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from nightcramp.assessment.matching import words
from nightcramp.knowledge import Knowledge

CLAUSE_BREAKS = frozenset({"but", "however", "although", "though", "except", "whereas", "yet"})
NEGATIONS = frozenset(
    {"no", "not", "without", "denies", "denied", "never", "nil", "none"}
    | {"dont", "doesnt", "didnt", "havent", "hasnt", "isnt", "arent", "wasnt", "hadnt"}
)
NOT_NEGATING_NEXT = frozenset({"longer", "sure", "certain", "able", "only"})
NEGATION_REACH = 4  # a negation reaches this many words ahead
_RELATIVE_LINES = (
    "mother mom mum mummy mam mommy father dad daddy parent brother sister sibling son",
    "daughter child grandmother grandfather grandma grandpa granny gran grandad granddad",
    "nan nana nanna aunt aunty auntie uncle cousin niece nephew wife husband partner spouse",
    "relative twin stepfather stepmother stepdad stepmum grandparent",
)
_RELATIVES = " ".join(_RELATIVE_LINES).split()
RELATIVES = frozenset(_RELATIVES + [f"{r}s" for r in _RELATIVES] + ["children", "kids"])
FAMILY_WORDS = frozenset({"family", "familial", "hereditary", "inherited", "fh", "fhx"})
FAMILY_VERBS = frozenset(
    {"had", "has", "have", "died", "dies", "suffered", "suffers", "diagnosed", "passed", "got"}
)
STATEMENT_BREAKS = frozenset({"and", "i", "im", "ive", "also", "plus"})
FAMILY_AFTER = ("runs in", "in the family", "in my family", "in our family", "family history")
FIRST_PERSON = frozenset({"i", "im", "ive", "me", "myself", "my"})
FAMILY_VERB_REACH = 4
FUZZY_MIN_LENGTH = 7
FUZZY_CUTOFF = 0.85
FUZZY_SAME_PREFIX = 4  # a typo keeps the first letters: hypo- never becomes hyper-
FUZZY_MAX_LENGTH_GAP = 2


@dataclass(frozen=True)
class Reading:
    """One thing recognised in one text: `key` is a condition or sign id."""

    text: str
    key: str
    family: bool = False


def clauses(text: str) -> list[list[str]]:
    """The words of each clause of ``text``."""
    parts = re.split(r"[.;,!?\n\r\t]+", text)
    result: list[list[str]] = []
    for part in parts:
        current: list[str] = []
        for word in words(part):
            if word in CLAUSE_BREAKS:
                if current:
                    result.append(current)
                current = []
            else:
                current.append(word)
        if current:
            result.append(current)
    return result


def expand(phrase: str) -> list[str]:
    """Every wording of a phrase: "(numb|numbness) (my|) legs" -> "numb my legs", ..."""
    pieces = re.findall(r"\([^)]*\)|[^\s()]+", phrase)
    options = [
        [" ".join(words(o)) for o in piece[1:-1].split("|")]
        if piece.startswith("(")
        else [" ".join(words(piece))]
        for piece in pieces
    ]
    wordings = {" ".join(w for w in combo if w) for combo in itertools.product(*options)}
    return sorted(w for w in wordings if w)


def _negated(tokens: list[str], start: int) -> bool:
    for position in range(max(0, start - NEGATION_REACH), start):
        if tokens[position] in NEGATIONS:
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            if following not in NOT_NEGATING_NEXT:
                return True
    return False


def _relative_is_subject(tokens: list[str], position: int) -> bool:
    """A relative followed shortly by "had", "has", "died" ... (or a possessive "dads")."""
    reach = tokens[position + 1 : position + 1 + FAMILY_VERB_REACH]
    return any(word in FAMILY_VERBS for word in reach)


def _family(tokens: list[str], start: int, strict: bool) -> bool:
    """Whether the words from ``start`` on are said of a relative, not of the person."""
    if any(phrase in _rest_of_statement(tokens, start) for phrase in FAMILY_AFTER):
        return True  # "diabetes runs in the family"
    for position in range(start - 1, -1, -1):
        word = tokens[position]
        if word in FIRST_PERSON and not _is_my_relative(tokens, position):
            return False
        if word in FAMILY_WORDS or (word == "runs" and "family" in tokens[position:]):
            return True
        if word in RELATIVES and (not strict or _relative_is_subject(tokens, position)):
            return True
    return False


def _rest_of_statement(tokens: list[str], start: int) -> str:
    """The words from ``start`` up to the next "and", "I" ... (where another statement may
    begin: "I have diabetes and MND runs in my family")."""
    rest = [tokens[start]]
    for word in tokens[start + 1 :]:
        if word in STATEMENT_BREAKS:
            break
        rest.append(word)
    return " ".join(rest)


def _is_my_relative(tokens: list[str], position: int) -> bool:
    """ "my" in "my dad" belongs to the relative, not to the person's own statement."""
    following = tokens[position + 1] if position + 1 < len(tokens) else ""
    return tokens[position] == "my" and (following in RELATIVES or following in FAMILY_WORDS)


def _spans(
    tokens: list[str], index: dict[str, str], longest: int, fuzzy: bool
) -> list[tuple[int, int, str]]:
    """(start, end, key) of every longest-first whole-phrase match in ``tokens``."""
    used: set[int] = set()
    found: list[tuple[int, int, str]] = []
    for size in range(min(longest, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            span = set(range(start, start + size))
            if span & used:
                continue
            key = index.get(" ".join(tokens[start : start + size]))
            if key is None and size == 1 and fuzzy:
                key = _close(tokens[start], index)
            if key is not None:
                used |= span
                found.append((start, start + size, key))
    return found


def _close(word: str, index: dict[str, str]) -> str | None:
    """The key of a close spelling of ``word`` (a typo, never another gland)."""
    if len(word) < FUZZY_MIN_LENGTH or not word.isalpha():
        return None
    candidates = [
        k
        for k in index
        if " " not in k
        and len(k) >= FUZZY_MIN_LENGTH
        and k[:FUZZY_SAME_PREFIX] == word[:FUZZY_SAME_PREFIX]
        and abs(len(k) - len(word)) <= FUZZY_MAX_LENGTH_GAP
    ]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=FUZZY_CUTOFF)
    return index[close[0]] if close else None


def _read(texts: Iterable[str], index: dict[str, str], signs: bool) -> list[Reading]:
    """Signs: no close spellings, and the stricter family rule."""
    longest = max(len(key.split()) for key in index)
    found: list[Reading] = []
    for text in texts:
        for tokens in clauses(text):
            for start, end, key in _spans(tokens, index, longest, fuzzy=not signs):
                if _negated(tokens, start):
                    continue
                family = _family(tokens, start, strict=signs)
                # a condition with a relative just after it: "MS (sister)", "diabetes - mum's"
                family = family or (not signs and bool(RELATIVES & set(tokens[end : end + 2])))
                found.append(Reading(text, key, family))
    return found


@functools.cache
def _condition_index(knowledge: Knowledge) -> dict[str, str]:
    index: dict[str, str] = {}
    for condition in knowledge.conditions:
        for name in (condition.name, *condition.synonyms):
            index.setdefault(" ".join(words(name)), condition.id)
    return index


@functools.cache
def _whole_entry_index(knowledge: Knowledge) -> dict[str, str]:
    return {" ".join(words(name)): c.id for c in knowledge.conditions for name in c.whole_entry}


@functools.cache
def _sign_index(knowledge: Knowledge) -> dict[str, str]:
    index: dict[str, str] = {}
    for sign in knowledge.signs:
        for phrase in sign.phrases:
            for wording in expand(phrase):
                index.setdefault(wording, sign.id)
    return index


def read_conditions(entries: Iterable[str], knowledge: Knowledge) -> list[Reading]:
    """Conditions in the entries, each at most once: the person's own, then family history
    (a condition that is both is kept as the person's own)."""
    entries = list(entries)
    whole = _whole_entry_index(knowledge)
    found = [Reading(e, whole[" ".join(words(e))]) for e in entries if " ".join(words(e)) in whole]
    found += _read(entries, _condition_index(knowledge), signs=False)
    own = {f.key: f for f in found if not f.family}
    family = {f.key: f for f in found if f.family and f.key not in own}
    return list(own.values()) + list(family.values())


def read_signs(texts: Iterable[str], knowledge: Knowledge) -> list[Reading]:
    """Warning signs the person writes of themselves, each at most once."""
    found = _read(texts, _sign_index(knowledge), signs=True)
    own: dict[str, Reading] = {}
    for item in found:
        if not item.family:
            own.setdefault(item.key, item)
    return list(own.values())
