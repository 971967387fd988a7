"""The day screen's figures: recent nights, streaks, prompts (plain data for templates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection

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
    """``streaks`` of the nights up to ``last_night``, counted by the database: one row
    comes back however long the diary (the runs of recorded zeros on consecutive dates are
    the islands of ``day number - row number``)."""
    table = Night._meta.db_table
    sql = f"""
        WITH zeros AS (
            SELECT night, {_day_number(connection.vendor)} - ROW_NUMBER() OVER (ORDER BY night)
                   AS island
            FROM {table} WHERE user_id = %s AND night <= %s AND cramps = 0
        ), islands AS (
            SELECT COUNT(*) AS length, MAX(night) AS last_day FROM zeros GROUP BY island
        )
        SELECT (SELECT MAX(length) FROM islands),
               (SELECT MAX(length) FROM islands WHERE last_day = latest.night),
               latest.night >= %s
        FROM (SELECT MAX(night) AS night FROM {table} WHERE user_id = %s AND night <= %s)
             AS latest
    """
    # the latest check-in older than yesterday: the streak is not known to go on
    recent_enough = last_night - timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, last_night, recent_enough, user.pk, last_night])
        longest, current, recent = cursor.fetchone()
    return Streaks(current=(current or 0) if recent else 0, longest=longest or 0)


def _day_number(vendor: str) -> str:
    """SQL for the night's date as a whole number of days (consecutive nights differ by 1)."""
    if vendor == "postgresql":
        return "(night - DATE '2000-01-01')"
    return "CAST(julianday(night) AS INTEGER)"


@dataclass
class Week:
    nights_recorded: int
    cramps: int
    worst: float | None


def last_seven(nights: list[Night], last_night: date) -> Week:
    """The week up to ``last_night`` from ``nights`` (any nights; the others are ignored)."""
    first = last_night - timedelta(days=7)
    week = [n for n in nights if first < n.night <= last_night and n.cramps is not None]
    worst = [n.max_severity for n in week if n.max_severity is not None]
    return Week(len(week), sum(n.cramps for n in week), max(worst) if worst else None)
