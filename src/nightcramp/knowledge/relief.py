"""What to do during a cramp, rendered for the terminal from the knowledge base."""

from __future__ import annotations

from nightcramp.knowledge.loader import load_knowledge


def relief_steps_text() -> str:
    """The relief steps as Rich markup, with their sources and a not-advice note."""
    knowledge = load_knowledge()
    lines = ["[bold]While it lasts:[/]"]
    source_ids: list[str] = []
    for number, step in enumerate(knowledge.relief_steps, start=1):
        lines.append(f"  {number}. {_escape(step.text)}")
        source_ids += [s for s in step.sources if s not in source_ids]
    titles = "; ".join(_short_title(knowledge.sources[s].citation) for s in source_ids)
    lines.append(f"[dim]Sources: {_escape(titles)}. Not medical advice.[/]")
    return "\n".join(lines)


def _short_title(citation: str) -> str:
    """The first sentence of a citation, enough to recognise it on one line."""
    return citation.split(". ")[0].rstrip(".")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
