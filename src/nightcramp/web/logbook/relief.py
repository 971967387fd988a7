"""What to do during a cramp, from the knowledge base (with sources)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReliefStep:
    text: str
    sources: tuple[str, ...]


def relief_steps() -> list[ReliefStep]:
    try:
        from nightcramp.knowledge import load_knowledge
    except ImportError:
        load_knowledge = None
    if load_knowledge is not None:
        knowledge = load_knowledge()
        known = getattr(knowledge, "sources", {}) or {}
        return [
            ReliefStep(s.text, tuple(_source_names(s.sources, known)))
            for s in knowledge.relief_steps
        ]
    from nightcramp.knowledge.relief import RELIEF_STEPS, SOURCE

    return [ReliefStep(text, (SOURCE,)) for text in RELIEF_STEPS]


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
