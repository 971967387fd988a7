"""The person's profile in the contract's shape (see PRODUCT.md, "Profile").

This is what the assessment screens and what an Assessment row keeps as its snapshot.
"""

from __future__ import annotations

from nightcramp.diary.models import Assessment
from nightcramp.diary.profiles import (  # noqa: F401  (re-exported for the care views)
    HABIT_KEYS,
    current_medicines,
    get_profile,
    medicine_text,
    profile_dict,
)


def latest_assessment(user) -> Assessment | None:
    return Assessment.objects.filter(user=user).first()


def assessment_is_stale(user) -> bool:
    """True when the person has an assessment and their profile has changed since.

    Symptoms are compared too: they are stored on the profile by the questionnaire.
    """
    latest = latest_assessment(user)
    if latest is None:
        return False
    return _comparable(latest.profile) != _comparable(profile_dict(user))


def _comparable(profile: dict) -> dict:
    """Ignore order of lists and missing-vs-empty differences, and the free-text notes
    gathered at screening time (they are not part of the stored profile)."""
    result = {}
    for key, value in profile.items():
        if key == "notes" or value in (None, [], {}, ""):
            continue
        result[key] = sorted(map(str, value)) if isinstance(value, list) else value
    return result
