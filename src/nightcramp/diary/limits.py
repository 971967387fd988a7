"""Limits a real diary never reaches, in one place (plain Python, no Django).

The web forms, the CLI and every importer (CSV, JSON) check the same numbers with the same
words, so a value typed in one place can always be restored from an export in another,
and a forged or broken file is refused before any work, naming the limit.
"""

from __future__ import annotations

from datetime import date, timedelta

# Factors of one diary, the built-in ones included. A real diary holds the ten built-in
# factors and a handful of the person's own; a CSV with thousands of columns is a mistake
# (or an attack) and took a minute to import.
MAX_FACTORS = 200

# Names, in characters (the database columns are at least this wide).
MAX_MEDICINE_NAME = 200  # Medicine.name
MAX_FACTOR_NAME = 64  # Factor.name: the CSV column
MAX_FACTOR_LABEL = 120  # Factor.label
MAX_CONDITION_NAME = 200  # one line of Profile.conditions
MAX_CONDITIONS = 50  # lines of Profile.conditions

# Notes a person types (a medicine's, a night's, a cramp's): about a page of text.
MAX_NOTE = 4000
# What an import accepts for a stored note: the app may add a sentence to what the person
# typed (the red-flag marker), and an export of that must restore.
MAX_STORED_NOTE = MAX_NOTE + 200
# A form field's message (Django fills in the numbers).
NOTE_TOO_LONG = "Notes: at most %(limit_value)d characters fit (this has %(show_value)d)."

# Medicine start and stop dates: outside these they are mistyped years (0001, 9999), and
# the timeline and the report step weeks back and forth from them.
EARLIEST_MEDICINE_DATE = date(1900, 1, 1)
MEDICINE_DAYS_AHEAD = 366
# A self-experiment is planned at most a year ahead and runs for at most a few years.
TRIAL_DAYS_AHEAD = 10 * 366


# Any date of a diary (a night, a moment, a trial) before this is a mistyped year; one far
# ahead cannot be recorded yet. Both break the analyses that step days back and forth.
EARLIEST_DIARY_DATE = date(1900, 1, 1)


def diary_date_problem(day: date, today: date, days_ahead: int = 1) -> str | None:
    """The problem with a date of the diary, or None: before 1900, or more than
    ``days_ahead`` days after ``today`` (1: a time zone ahead of the server's)."""
    if day < EARLIEST_DIARY_DATE:
        return f"{day.isoformat()} is before {EARLIEST_DIARY_DATE.year}"
    if day > today + timedelta(days=days_ahead):
        return f"{day.isoformat()} is in the future"
    return None


def too_long(text: str, limit: int) -> str | None:
    """The problem with a text longer than ``limit`` characters, or None."""
    if len(text) > limit:
        return f"is {len(text):,} characters long; at most {limit:,} fit"
    return None


def too_many_factors(count: int) -> str | None:
    """The problem with a diary of ``count`` factors, or None."""
    if count > MAX_FACTORS:
        return (
            f"{count:,} factors are more than a diary can hold (at most {MAX_FACTORS}, "
            "the built-in ones included)"
        )
    return None


def medicine_date_problem(day: date, today: date) -> str | None:
    """The problem with a medicine's start or stop date, or None (the web form's rule)."""
    latest = today + timedelta(days=MEDICINE_DAYS_AHEAD)
    if day < EARLIEST_MEDICINE_DATE or day > latest:
        return (
            f"{day.isoformat()} is not a plausible date (from {EARLIEST_MEDICINE_DATE.year} "
            f"to {latest.isoformat()}). Please check the year."
        )
    return None
