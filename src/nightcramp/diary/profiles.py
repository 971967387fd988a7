"""The person's profile in the contract's ``profile.json`` shape (see PRODUCT.md).

This is what the assessment screens, what an Assessment row keeps as its snapshot, and
what ``nightcramp profile show --json`` prints. Shared by the CLI and the web app.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from nightcramp.diary.models import Medicine, Profile

HABIT_KEYS: tuple[str, ...] = (
    "fluids_glasses_per_day",
    "exercise_minutes_per_week",
    "sitting_hours_per_day",
    "alcohol_units_per_week",
)


def get_profile(user) -> Profile:
    """The user's Profile row, created empty on first use."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def current_medicines(user, today: date | None = None):
    """Medicines not yet stopped (a stop date in the future still counts as taken)."""
    today = today or timezone.localdate()
    medicines = Medicine.objects.filter(user=user)
    return [m for m in medicines if m.stopped is None or m.stopped > today]


def medicine_text(medicine: Medicine) -> str:
    """A medicine as free text, the way the person wrote it: "Lipitor 20mg"."""
    return " ".join(part for part in (medicine.name.strip(), medicine.dose.strip()) if part)


def profile_dict(user, symptoms: list[str] | None = None) -> dict:
    """The contract profile of ``user``; ``symptoms`` replaces the stored checklist if given.

    Fields the person has not filled in are left out ("every field may be missing").
    """
    profile = get_profile(user)
    data: dict = {}
    if profile.age is not None:
        data["age"] = profile.age
    if profile.sex:
        data["sex"] = profile.sex
    data["pregnancy_weeks"] = profile.pregnancy_weeks
    medicines = current_medicines(user)
    data["medications"] = [medicine_text(m) for m in medicines]
    notes = [f"{m.name}: {m.notes.strip()}" for m in medicines if m.notes.strip()]
    if notes:
        data["notes"] = notes  # medicine notes are read for warning signs
    data["conditions"] = [c for c in profile.conditions if str(c).strip()]
    data["symptoms"] = list(profile.symptoms if symptoms is None else symptoms)
    habits = profile.habits or {}
    data["habits"] = {k: habits[k] for k in HABIT_KEYS if habits.get(k) is not None}
    return data
