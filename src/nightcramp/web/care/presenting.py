"""Turn a screening result (the contract's dict) into what the result page shows.

Words and colours follow the urgency: the words are the product's fixed phrases, the
colours are only a second channel (never the only one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVEL_ORDER: tuple[str, ...] = ("emergency", "urgent", "soon", "routine")
LEVEL_WORDS: dict[str, str] = {
    "emergency": "Call emergency services now (999/112/911)",
    "urgent": "See a clinician today",
    "soon": "Book an appointment within about two weeks",
    "routine": "Mention at your next visit",
}
PATTERN_TITLES: dict[str, str] = {
    "typical_nocturnal_leg_cramps": "Typical night-time leg cramps",
    "possible_restless_legs": "Possibly restless legs syndrome rather than cramps",
    "possible_claudication": "Possibly poor blood flow to the legs (claudication)",
    "possible_clot": "Possibly a blood clot",
    "possible_neuropathy": "Possibly nerve damage (neuropathy)",
    "needs_assessment": "This needs a clinician's assessment",
}
CATEGORY_TITLES: dict[str, str] = {
    "medication": "Medicine",
    "condition": "Health condition",
    "pregnancy": "Pregnancy",
    "age": "Age",
    "habit": "Habit",
}


@dataclass
class Shown:
    """One item on the result page: its message and the full citations behind it."""

    message: str
    sources: list[str] = field(default_factory=list)
    title: str = ""
    level: str = ""
    words: str = ""
    evidence: str = ""
    why: str = ""


def citations(kb, source_ids) -> list[str]:
    """Full citations of the knowledge base's source ids (an unknown id is shown as given)."""
    if isinstance(source_ids, str):
        source_ids = [source_ids]
    found = []
    for source_id in source_ids or []:
        source = kb.sources.get(source_id) if hasattr(kb.sources, "get") else None
        found.append(source.citation if source is not None else str(source_id))
    return found


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else 0  # unknown: most urgent


def red_flags(kb, result: dict) -> list[Shown]:
    flags = sorted(result.get("red_flags") or [], key=lambda f: level_rank(f.get("level", "")))
    return [
        Shown(
            title=_red_flag_name(kb, flag.get("condition", "")),
            message=flag.get("message", ""),
            sources=citations(kb, flag.get("sources")),
            level=flag.get("level", "emergency"),
            words=LEVEL_WORDS.get(flag.get("level", ""), LEVEL_WORDS["urgent"]),
        )
        for flag in flags
    ]


def _red_flag_name(kb, condition: str) -> str:
    named = [r.name for r in kb.red_flags if r.condition == condition]
    return named[0] if named else condition.replace("_", " ")


def contributing_factors(kb, result: dict) -> list[Shown]:
    return [
        Shown(
            title=_factor_title(item.get("category", ""), str(item.get("matched", ""))),
            message=item.get("message", ""),
            evidence=_text(item.get("evidence")),
            sources=citations(kb, item.get("sources")),
        )
        for item in result.get("contributing_factors") or []
    ]


def _factor_title(category: str, matched: str) -> str:
    """ "Medicine: furosemide"; "Age 67" rather than "Age: age 67"."""
    heading = CATEGORY_TITLES.get(category, category.capitalize())
    if matched.lower().startswith(heading.lower()):
        return matched[:1].upper() + matched[1:]
    return f"{heading}: {matched}" if matched else heading


def plan_items(kb, result: dict) -> list[Shown]:
    """Plan steps: plain strings, or dicts with a message/text and sources."""
    shown = []
    for item in result.get("plan") or []:
        if isinstance(item, dict):
            message = item.get("action") or item.get("message") or item.get("text") or ""
            shown.append(
                Shown(
                    title=item.get("title", ""),
                    message=message,
                    why=_text(item.get("why")),
                    evidence=_text(item.get("evidence")),
                    sources=citations(kb, item.get("sources")),
                )
            )
        else:
            shown.append(Shown(message=str(item)))
    return shown


def clinician_tests(kb, result: dict) -> list[Shown]:
    """Tests a clinician may consider: from the result (strings or dicts with sources)."""
    shown = []
    for item in result.get("tests") or []:
        if isinstance(item, dict):
            name = item.get("name") or item.get("test") or ""
            why = item.get("message") or item.get("reason") or item.get("why") or ""
            shown.append(Shown(title=name, message=why, sources=citations(kb, item.get("sources"))))
        else:
            shown.append(Shown(title=str(item), message=""))
    return shown


def treatments(kb) -> list[dict]:
    """Treatment information with its evidence grade; clinician-only ones say so.

    Quinine is shown open: it is only ever a clinician's decision, and its warning signs
    are what a person on it must know.
    """
    items = kb.treatments.values() if hasattr(kb.treatments, "values") else kb.treatments
    return [
        {
            "name": t.name,
            "grade": t.evidence_grade.replace("_", " "),
            "grade_meaning": getattr(t, "grade_meaning", ""),
            "summary": t.summary,
            "safety": _lines(t.safety),
            "clinician_only": bool(t.clinician_only),
            "open": t.id == "quinine",  # its warning signs stay in view
            "sources": citations(kb, getattr(t, "sources", [])),
        }
        for t in items
    ]


def pattern(kb, result: dict) -> dict:
    """The pattern's title, and how to tell it apart (from the look-alike it names)."""
    pattern_id = result.get("pattern", "needs_assessment")
    explained = next((x for x in kb.lookalikes if x.pattern == pattern_id), None)
    message = explained.how_to_tell if explained else ""
    if pattern_id == "typical_nocturnal_leg_cramps":
        explained = kb.cause("idiopathic")
        message = explained.summary
    return {
        "id": pattern_id,
        "title": PATTERN_TITLES.get(pattern_id, pattern_id.replace("_", " ")),
        "message": message,
        "sources": citations(kb, explained.sources) if explained else [],
    }


def noted_in_text(result: dict) -> list[str]:
    """What free text was read as a warning sign, in words: diary notes by their night."""
    from nightcramp.web.care.free_text import DIARY_PREFIX

    shown = []
    for item in result.get("noted_in_text") or []:
        text, name = str(item.get("text", "")), str(item.get("name", ""))
        if text.startswith(DIARY_PREFIX):
            night = text[len(DIARY_PREFIX) :].split(":", 1)[0]
            shown.append(f"You noted {name} in your diary (night of {night}).")
        else:
            shown.append(f"You wrote “{text}”: read as {name}.")
    return shown


def family_history(result: dict) -> list[str]:
    return [
        f"“{item.get('text', '')}”: {item.get('name', '')}, as family history"
        for item in result.get("family_history") or []
    ]


def result_context(kb, result: dict) -> dict:
    flags = red_flags(kb, result)
    return {
        "red_flags": flags,
        "top_level": flags[0].level if flags else "",
        "top_words": flags[0].words if flags else "",
        "pattern": pattern(kb, result),
        "factors": contributing_factors(kb, result),
        "plan": plan_items(kb, result),
        "tests": clinician_tests(kb, result),
        "tests_note": _text(result.get("tests_note")),
        "disclaimer": _text(result.get("disclaimer")),
        "medicines": [m for m in result.get("medicines") or [] if isinstance(m, dict)],
        "treatments": treatments(kb),
        "noted": noted_in_text(result),
        "family_history": family_history(result),
    }


def summary(kb, result: dict) -> dict:
    """One line for the history list: the pattern and the most urgent flag."""
    levels = [f.get("level", "") for f in result.get("red_flags") or []]
    top = min(levels, key=level_rank) if levels else ""
    return {
        "pattern": pattern(kb, result)["title"],
        "level": top,
        "words": LEVEL_WORDS.get(top, "No red flags"),
        "flags": len(levels),
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def _lines(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]
