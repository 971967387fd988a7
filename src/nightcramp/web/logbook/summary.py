"""The day screen's figures: recent nights, streaks, prompts (plain data for templates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from nightcramp.diary.models import Night


@dataclass
class Streaks:
    current: int  # recorded cramp-free nights up to the latest recorded night
    longest: int


def streaks(nights: list[tuple[date, int | None]]) -> Streaks:
    """Cramp-free streaks over (night, cramps) pairs in date order.

    Only recorded zeros count; a missing night (no check-in) or a gap in dates ends a
    streak, because we do not know it was cramp-free.
    """
    current = longest = 0
    previous: date | None = None
    for night, cramps in nights:
        consecutive = previous is not None and night - previous == timedelta(days=1)
        if cramps != 0:
            current = 0
        elif consecutive:
            current += 1
        else:
            current = 1
        longest = max(longest, current)
        previous = night
    return Streaks(current, longest)


def current_streak(user, last_night: date) -> Streaks:
    rows = list(
        Night.objects.filter(user=user, night__lte=last_night)
        .order_by("night")
        .values_list("night", "cramps")
    )
    result = streaks(rows)
    if rows and rows[-1][0] < last_night - timedelta(days=1):
        # the latest check-in is older than yesterday: the streak is not known to go on
        result.current = 0
    return result


@dataclass
class Week:
    nights_recorded: int
    cramps: int
    worst: float | None


def last_seven(user, last_night: date) -> Week:
    nights = Night.objects.filter(
        user=user, night__gt=last_night - timedelta(days=7), night__lte=last_night
    ).exclude(cramps=None)
    counts = [n.cramps for n in nights]
    worst = [n.max_severity for n in nights if n.max_severity is not None]
    return Week(len(counts), sum(counts), max(worst) if worst else None)
