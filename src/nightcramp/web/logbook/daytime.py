"""Clock helpers in the person's own time zone: night mode, last night, tonight's trial arm."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from nightcramp.diary.store import user_zone

NIGHT_STARTS = time(21, 0)
NIGHT_ENDS = time(7, 0)


def local_now(user) -> datetime:
    return timezone.now().astimezone(user_zone(user))


def is_night_time(moment: time) -> bool:
    """21:00-07:00 local: the screen turns dark and shows only the big button."""
    return moment >= NIGHT_STARTS or moment < NIGHT_ENDS


def last_night(user) -> date:
    """The night a morning check-in is about: the one that began yesterday evening."""
    return local_now(user).date() - timedelta(days=1)


def arm_from_periods(plan: dict, day: date) -> str | None:
    """The arm whose period holds ``day``; None outside the plan or in a washout gap."""
    for period in plan.get("periods", []):
        try:
            start = date.fromisoformat(str(period["start"]))
            end = date.fromisoformat(str(period["end"]))
        except (KeyError, ValueError):
            continue
        if start <= day <= end:
            return period.get("arm")
    return None


def trial_arm(plan: dict, day: date) -> str | None:
    try:
        from nightcramp.stats.trials import arm_on
    except ImportError:
        return arm_from_periods(plan, day)
    try:
        arm = arm_on(plan, day)
    except (KeyError, TypeError, ValueError):  # an odd stored plan must not break the home page
        return arm_from_periods(plan, day)
    return arm if isinstance(arm, str) else None
