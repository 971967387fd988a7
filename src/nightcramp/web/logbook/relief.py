"""What to do during a cramp, from the knowledge base (with sources)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

# Last resort if the knowledge base cannot load: NICE CKS Leg cramps [2] in clinical-facts.md
# and the NHS deep vein thrombosis page (knowledge/data/sources.yaml: nhs_dvt).
FALLBACK_SOURCE = "NICE Clinical Knowledge Summaries: Leg cramps; NHS: Deep vein thrombosis"
FALLBACK_STEPS = (
    "Stretch the cramped muscle: for a calf cramp, straighten the leg and pull your toes "
    "up towards your knee, or stand and lean forward with the heel flat on the floor.",
    "Massage the muscle firmly while you stretch it.",
    "If the calf stays swollen, warm, red or tender after the cramp has gone, it may be a "
    "blood clot, not a cramp: see a clinician today. If you are also breathless or have "
    "chest pain, or a foot turns cold, pale and painful, call emergency services now "
    "(999, 911 or 112).",
)


@dataclass(frozen=True)
class ReliefStep:
    text: str
    sources: tuple[str, ...]


def relief_steps() -> list[ReliefStep]:
    """The knowledge base's steps; if it cannot load, the built-in NICE steps (never an error
    page for someone in the middle of a cramp)."""
    try:
        from nightcramp.knowledge import load_knowledge

        knowledge = load_knowledge()
        known = getattr(knowledge, "sources", {}) or {}
        steps = [
            ReliefStep(s.text, tuple(_source_names(s.sources, known)))
            for s in knowledge.relief_steps
        ]
    except Exception:
        log.exception("knowledge base unavailable; showing the built-in relief steps")
        steps = []
    return steps or [ReliefStep(text, (FALLBACK_SOURCE,)) for text in FALLBACK_STEPS]


def _source_names(sources, known: dict) -> list[str]:
    """Source ids resolved to their citations (or objects with a title/citation)."""
    names = []
    for s in sources or ():
        if isinstance(s, str):
            source = known.get(s)
            names.append((getattr(source, "citation", None) or s).rstrip("."))
        else:
            names.append(
                getattr(s, "short", None)
                or getattr(s, "title", None)
                or getattr(s, "citation", None)
                or str(s)
            )
    return names
