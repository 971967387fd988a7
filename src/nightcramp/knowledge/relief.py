"""What to do during a cramp (NICE CKS leg cramps [2] in clinical-facts.md)."""

from __future__ import annotations

RELIEF_STEPS = (
    "Stretch the cramped muscle: for a calf cramp, straighten the leg and pull your toes "
    "up towards your knee, or stand and lean forward with the heel flat on the floor.",
    "Massage the muscle firmly while you stretch it.",
    "If the muscle stays tender afterwards, a simple painkiller can help.",
)
SOURCE = "NICE Clinical Knowledge Summaries: Leg cramps"


def relief_steps_text() -> str:
    lines = ["[bold]While it lasts:[/]"]
    lines += [f"  {i}. {step}" for i, step in enumerate(RELIEF_STEPS, start=1)]
    lines.append(f"[dim]Source: {SOURCE}. Not medical advice.[/]")
    return "\n".join(lines)
