"""Clock helpers in the person's own time zone: night mode, last night, tonight's trial arm."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from nightcramp.diary.store import last_finished_night, user_zone

NIGHT_STARTS = time(21, 0)
NIGHT_ENDS = time(7, 0)


def local_now(user) -> datetime:
    return timezone.now().astimezone(user_zone(user))


def is_night_time(moment: time) -> bool:
    """21:00-07:00 local: the screen turns dark and shows only the big button."""
    return moment >= NIGHT_STARTS or moment < NIGHT_ENDS


def last_night(user) -> date:
    """The night a morning check-in is about: the latest one that is over (never the night
    still in progress, see ``store.NIGHT_OVER_AT``)."""
    return last_finished_night(user)


def trial_arm(plan: dict, day: date) -> str | None:
    """Tonight's arm from the statistics' own reading of the plan (None outside it)."""
    from nightcramp.stats.trials import arm_on

    try:
        arm = arm_on(plan, day)
    except (KeyError, TypeError, ValueError):  # an odd stored plan must not break the home page
        return None
    return arm if isinstance(arm, str) else None
