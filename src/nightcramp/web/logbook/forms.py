"""Diary forms: big, forgiving controls; every bad value named in plain words."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from nightcramp.diary import factors as builtin_factors
from nightcramp.diary import limits
from nightcramp.diary.models import Episode, Factor, FactorKind, Leg, Muscle, Relief
from nightcramp.diary.table import RESERVED_COLUMNS
from nightcramp.diary.text import clean_name
from nightcramp.web.fields import note_field
from nightcramp.web.logbook import redflag

SCORE_CHOICES = [("", "Not recorded")] + [(str(i), str(i)) for i in range(11)]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("", "Not recorded")]
SCORE_RADIOS = [(str(i), str(i)) for i in range(11)] + [("", "Not recorded")]
# One-tap durations: label -> seconds stored (the middle of each range).
DURATIONS = [
    (30, "Under 1 min"),
    (180, "1–5 min"),
    (450, "5–10 min"),
    (900, "Over 10 min"),
]


# A diary entry older than this is almost surely a mistyped year (e.g. 0001 or 1926 for
# 2026); such dates also break the analyses that step a day back from every night.
DIARY_YEARS_BACK = 10


def earliest_diary_night(today: date) -> date:
    return today - timedelta(days=round(365.25 * DIARY_YEARS_BACK))


def check_not_too_old(day: date, today: date, what: str) -> None:
    """Refuse a diary date more than DIARY_YEARS_BACK years ago, naming the date."""
    if day < earliest_diary_night(today):
        raise forms.ValidationError(
            f"{what}: {day.isoformat()} is more than {DIARY_YEARS_BACK} years ago. "
            "Please check the year."
        )


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def from_yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


# A phone clock a little ahead of the server's must not refuse a cramp logged just now.
FUTURE_GRACE_MINUTES = 5


class EpisodeForm(forms.ModelForm):
    """All details of one cramp, for editing in the morning."""

    occurred_at = forms.DateTimeField(
        label="When it started",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    severity = forms.TypedChoiceField(
        label="How bad (0 = no pain, 10 = worst imaginable)",
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    duration_minutes = forms.FloatField(
        label="How long it lasted (minutes)", min_value=0, max_value=600, required=False
    )
    woke = forms.ChoiceField(
        label="Did it wake you?", choices=YES_NO_UNKNOWN, required=False, widget=forms.RadioSelect
    )
    relieved_by = forms.MultipleChoiceField(
        label="What relieved it (tick each that helped)",
        choices=Relief.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "What relieved it: %(value)s is not one of the answers."},
    )
    swollen = forms.BooleanField(label=redflag.CHECKBOX_LABEL, required=False)
    notes = note_field("Notes", rows=3)
    field_order = [
        "occurred_at",
        "leg",
        "muscle",
        "severity",
        "duration_minutes",
        "woke",
        "relieved_by",
        "swollen",
        "notes",
    ]

    class Meta:
        model = Episode
        fields = ["occurred_at", "leg", "muscle", "severity", "relieved_by", "notes"]
        labels = {
            "leg": "Which leg",
            "muscle": "Which muscle",
        }

    def __init__(self, *args, zone: ZoneInfo, **kwargs) -> None:
        self.zone = zone
        super().__init__(*args, **kwargs)
        episode = self.instance
        self.fields["leg"].choices = [("", "Not recorded"), *Leg.choices]
        self.fields["muscle"].choices = [("", "Not recorded"), *Muscle.choices]
        if episode.pk and not self.is_bound:
            self.initial["occurred_at"] = episode.occurred_at.astimezone(zone).replace(tzinfo=None)
            if episode.duration_seconds is not None:
                self.initial["duration_minutes"] = round(episode.duration_seconds / 60, 1)
            self.initial["woke"] = yes_no(episode.woke_me)
            self.initial["swollen"] = redflag.has_marker(episode.notes)
            self.initial["notes"] = redflag.without_marker(episode.notes)
            self.initial["severity"] = "" if episode.severity is None else str(episode.severity)

    def clean_occurred_at(self) -> datetime:
        value = self.cleaned_data["occurred_at"]
        if value.tzinfo is not None:  # Django read it on the account's clock: keep the
            value = timezone.make_naive(value)  # wall-clock time, on the episode's own
        value = value.replace(tzinfo=self.zone)
        now = timezone.now().astimezone(self.zone)
        if value > now + timedelta(minutes=FUTURE_GRACE_MINUTES):
            raise forms.ValidationError(
                f"When it started: {value.date().isoformat()} {value:%H:%M} is in the future. "
                "Please give the time the cramp began."
            )
        check_not_too_old(value.date(), now.date(), "When it started")
        return value

    def clean_relieved_by(self) -> list[str]:
        """The ticked answers: those given before keep their order, new ones follow."""
        ticked = self.cleaned_data["relieved_by"]
        before = [a for a in self.instance.relieved_by if a in ticked]
        return before + [a for a in ticked if a not in before]

    def save(self, commit: bool = True) -> Episode:
        episode = super().save(commit=False)
        minutes = self.cleaned_data.get("duration_minutes")
        episode.duration_seconds = None if minutes is None else round(minutes * 60)
        episode.woke_me = from_yes_no(self.cleaned_data.get("woke", ""))
        episode.notes = redflag.with_marker(
            self.cleaned_data.get("notes", ""), self.cleaned_data.get("swollen", False)
        )
        if commit:
            episode.save()
        return episode


class MorningForm(forms.Form):
    """Last night: no cramps (a real zero) or had cramps (how many), soreness, red flag."""

    night = forms.DateField(
        label="Night of (the evening it began)",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    had_cramps = forms.ChoiceField(
        label="Last night",
        choices=[("no", "No cramps"), ("yes", "Had cramps")],
        widget=forms.RadioSelect,
    )
    cramps = forms.IntegerField(
        label="How many cramps",
        min_value=1,
        max_value=50,
        required=False,
        error_messages={
            "min_value": "How many cramps: must be greater than or equal to 1 "
            "(or choose “No cramps”).",
            "max_value": "How many cramps: must be less than or equal to 50 in one night; "
            "please check the number.",
            "invalid": "How many cramps: Enter a whole number, such as 2.",
        },
    )
    soreness = forms.TypedChoiceField(
        label="Leg soreness this morning (0 = none, 10 = worst)",
        choices=SCORE_RADIOS,
        coerce=float,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    swollen = forms.BooleanField(label=redflag.CHECKBOX_LABEL, required=False)
    notes = note_field("Notes (optional)")

    def __init__(self, *args, today: date, last_over: date, **kwargs) -> None:
        self.today = today
        self.last_over = last_over  # the latest night that is over (store.last_finished_night)
        super().__init__(*args, **kwargs)

    def clean_night(self) -> date:
        night = self.cleaned_data["night"]
        if night > self.last_over:
            raise forms.ValidationError(
                f"That night has not finished yet (the night of {night:%a %d %b} ends at 05:00 "
                f"the next morning): choose the night of {self.last_over:%a %d %b} or earlier."
            )
        check_not_too_old(night, self.today, "Night of")
        return night

    def clean(self):
        cleaned = super().clean()
        missing = not cleaned.get("cramps") and "cramps" not in self.errors
        if cleaned.get("had_cramps") == "yes" and missing:
            self.add_error("cramps", "Say how many cramps you had (1 or more).")
        return cleaned

    def count(self) -> int:
        return self.cleaned_data["cramps"] if self.cleaned_data["had_cramps"] == "yes" else 0


def factor_field_name(name: str) -> str:
    return f"f_{name}"


def medicine_field_name(medicine_id: int) -> str:
    return f"m_{medicine_id}"


class EveningForm(forms.Form):
    """Today's factors (built-in and the person's own) and medicines taken today."""

    night = forms.DateField(
        label="Evening of",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, factors: list, medicines: list, today: date, **kwargs) -> None:
        self.factor_specs = factors
        self.medicines = medicines
        self.today = today
        super().__init__(*args, **kwargs)
        for spec in factors:
            self.fields[factor_field_name(spec.name)] = _factor_field(spec)
        for medicine in medicines:
            label = f"{medicine.name} {medicine.dose}".strip()
            if medicine.as_needed:
                self.fields[medicine_field_name(medicine.id)] = forms.FloatField(
                    label=f"{label} — doses today (as needed)",
                    min_value=0,
                    max_value=50,
                    required=False,
                )
            else:
                self.fields[medicine_field_name(medicine.id)] = forms.BooleanField(
                    label=f"Took {label} today", required=False
                )

    def clean_night(self) -> date:
        night = self.cleaned_data["night"]
        if night > self.today:
            raise forms.ValidationError("That evening has not come yet: choose today or earlier.")
        check_not_too_old(night, self.today, "Evening of")
        return night

    def clean(self):
        cleaned = super().clean()
        sitting = cleaned.get(factor_field_name("sitting_hours"))
        standing = cleaned.get(factor_field_name("standing_hours"))
        if sitting is not None and standing is not None and sitting + standing > HOURS_IN_A_DAY:
            self.add_error(
                factor_field_name("standing_hours"),
                f"Hours sitting ({sitting:g}) and hours standing ({standing:g}) add up to more "
                f"than the {HOURS_IN_A_DAY} hours in a day; please check them.",
            )
        return cleaned

    def factor_values(self) -> dict[str, bool | float | None]:
        values: dict[str, bool | float | None] = {}
        for spec in self.factor_specs:
            raw = self.cleaned_data.get(factor_field_name(spec.name))
            if spec.kind == FactorKind.BOOLEAN:
                values[spec.name] = from_yes_no(raw or "")
            else:
                values[spec.name] = None if raw is None else float(raw)
        return values

    def medicine_doses(self) -> dict[int, float]:
        """Medicine id -> doses taken today (0 = not taken)."""
        doses = {}
        for medicine in self.medicines:
            raw = self.cleaned_data.get(medicine_field_name(medicine.id))
            if medicine.as_needed:
                doses[medicine.id] = float(raw or 0)
            else:
                doses[medicine.id] = 1.0 if raw else 0.0
        return doses


# The most a day can hold for the built-in numbers (a typo such as 30 hours sitting is
# refused, not analysed); a person's own numeric factors get a generous ceiling.
HOURS_IN_A_DAY = 24
FACTOR_MAXIMUM = {
    "fluids_glasses": 60,
    "exercise_minutes": 24 * 60,
    "sitting_hours": HOURS_IN_A_DAY,
    "standing_hours": HOURS_IN_A_DAY,
    "alcohol_units": 100,
    "caffeine_drinks": 40,
}
CUSTOM_FACTOR_MAXIMUM = 1_000_000


def _factor_field(spec) -> forms.Field:
    show_unit = spec.unit and spec.kind != "scale" and spec.unit.lower() not in spec.label.lower()
    label = spec.label + (f" ({spec.unit})" if show_unit else "")
    if spec.kind == FactorKind.BOOLEAN:
        return forms.ChoiceField(
            label=label, choices=YES_NO_UNKNOWN, required=False, widget=forms.RadioSelect
        )
    if spec.kind == FactorKind.SCALE:
        return forms.TypedChoiceField(
            label=f"{spec.label} (0–10)",
            choices=SCORE_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
        )
    limit = FACTOR_MAXIMUM.get(spec.name, CUSTOM_FACTOR_MAXIMUM)
    return forms.FloatField(
        label=label,
        min_value=0,
        max_value=limit,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        error_messages={
            "min_value": f"{spec.label}: must be greater than or equal to 0.",
            "max_value": f"{spec.label}: must be less than or equal to {limit:g}"
            f"{f' {spec.unit}' if spec.unit else ''} in a day; please check the number.",
            "invalid": f"{spec.label}: Enter a number, such as 2 or 1.5.",
        },
    )


class FactorForm(forms.Form):
    """A factor of the person's own, e.g. "Tonic water" (yes/no) or "Steps" (number)."""

    label = forms.CharField(label="Name", max_length=60)  # its column name: at most 60 < 64
    kind = forms.ChoiceField(
        label="Kind", choices=FactorKind.choices, widget=forms.RadioSelect, initial="boolean"
    )
    unit = forms.CharField(label="Unit (optional, e.g. glasses)", max_length=40, required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_label(self) -> str:
        label = clean_name(self.cleaned_data["label"])
        name = slug(label)
        if not name:
            raise forms.ValidationError("Use letters or digits in the name.")
        builtin_labels = {f.label.casefold() for f in builtin_factors.BUILTIN}
        is_builtin = name in builtin_factors.BY_NAME or label.casefold() in builtin_labels
        if name in RESERVED_COLUMNS or is_builtin:
            raise forms.ValidationError(f"“{label}” is already a built-in part of the diary.")
        if Factor.objects.filter(user=self.user, name=name).exists():
            raise forms.ValidationError(f"You already have a factor called “{label}”.")
        too_many = limits.too_many_factors(Factor.objects.filter(user=self.user).count() + 1)
        if too_many:
            raise forms.ValidationError(f"Name: no room for another factor: {too_many}.")
        self.cleaned_data["name"] = name
        return label


def slug(label: str) -> str:
    """A factor's column name: lower case, underscores ("Tonic water" -> "tonic_water")."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:64]
