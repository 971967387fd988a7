"""The swollen-leg red flag: a tick box on the morning check-in and the episode form.

It is stored as a marker sentence in the night's or the episode's notes (no schema
change) and shows a banner linking to the assessment. One swollen, red, warm or tender
calf can be a clot (DVT): same-day medical advice; with breathlessness or chest pain, an
emergency (clinical-facts.md section 5; NICE CKS Leg cramps [2]).
"""

from __future__ import annotations

from datetime import date, timedelta

from nightcramp.diary.models import Episode, Night

MARKER = "Red flag: one leg swollen, red or warm."
CHECKBOX_LABEL = "One leg is swollen, red or warm"
LOOKBACK_DAYS = 14
# shown on the screen the tick is saved on (NICE CKS Leg cramps; NHS website, DVT)
SAVED_WARNING = (
    "You ticked one leg swollen, red or warm. With a cramp-like pain this can be a blood "
    "clot in a leg vein (DVT), which is not a cramp: see a clinician today (in the UK, an "
    "urgent GP appointment or NHS 111). Call emergency services now if you are short of "
    "breath or have chest pain. Sources: NICE Clinical Knowledge Summaries, Leg cramps; "
    "NHS website, Deep vein thrombosis."
)


def has_marker(notes: str) -> bool:
    return MARKER.lower() in (notes or "").lower()


def with_marker(notes: str, ticked: bool) -> str:
    """The notes with the marker added or removed, the person's own words untouched."""
    text = (notes or "").replace(MARKER, "").strip()
    if ticked:
        return f"{MARKER}\n{text}".strip()
    return text


def without_marker(notes: str) -> str:
    return with_marker(notes, False)


def recent_red_flag(user, today: date) -> date | None:
    """The latest night in the last two weeks where the tick box was ticked, if any."""
    since = today - timedelta(days=LOOKBACK_DAYS)
    nights = Night.objects.filter(user=user, night__gte=since, notes__icontains=MARKER)
    episodes = Episode.objects.filter(
        user=user, night__night__gte=since, notes__icontains=MARKER
    ).select_related("night")
    dates = [n.night for n in nights] + [e.night.night for e in episodes]
    return max(dates) if dates else None
