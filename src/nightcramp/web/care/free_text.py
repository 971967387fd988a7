"""Free text the assessment reads for warning signs, besides the profile (whose notes hold
the medicine notes): the person's "anything else" answer and notes in the diary's last two
weeks (the swollen-leg tick is stored there as a marker sentence, so it is read the same
way)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from nightcramp.diary.models import Episode, Night
from nightcramp.web.logbook.redflag import LOOKBACK_DAYS

DIARY_PREFIX = "Diary, night of "


@dataclass(frozen=True)
class DiaryNote:
    night: date
    text: str

    @property
    def as_note(self) -> str:
        """The note as the screen reads it, naming the night it was written for."""
        return f"{DIARY_PREFIX}{self.night:%a %d %b %Y}: {self.text}"


def diary_notes(user, today: date) -> list[DiaryNote]:
    """Notes on the nights and cramps of the last two weeks, oldest first."""
    since = today - timedelta(days=LOOKBACK_DAYS)
    nights = Night.objects.filter(user=user, night__gte=since).exclude(notes="")
    episodes = (
        Episode.objects.filter(user=user, night__night__gte=since)
        .exclude(notes="")
        .select_related("night")
    )
    found = {(n.night, n.notes.strip()) for n in nights}
    found |= {(e.night.night, e.notes.strip()) for e in episodes}
    return [DiaryNote(night, text) for night, text in sorted(found) if text]


def diary_signs(user, today: date) -> list[tuple[date, str]]:
    """(night, warning sign) for each warning sign noted in the diary's last two weeks."""
    from nightcramp.assessment.reading import read_signs
    from nightcramp.knowledge import load_knowledge

    kb = load_knowledge()
    names = {s.id: s.name for s in kb.signs}
    found = []
    for note in diary_notes(user, today):
        found += [(note.night, names[r.key]) for r in read_signs([note.text], kb)]
    return found
