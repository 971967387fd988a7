"""Form fields shared by the web's forms, with the diary's limits and messages."""

from __future__ import annotations

from django import forms

from nightcramp.diary import limits


def note_field(label: str = "Notes", rows: int = 2) -> forms.CharField:
    """An optional free-text note, as long as the diary stores, with the shared message."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=limits.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": limits.NOTE_TOO_LONG},
    )
