"""Forms of the care pages. Every message names the field and what is wrong with it."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from nightcramp.diary import limits
from nightcramp.diary.models import Medicine, Sex
from nightcramp.diary.text import clean_name
from nightcramp.web.fields import note_field

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DAYS_AHEAD = limits.MEDICINE_DAYS_AHEAD


class ProfileForm(forms.Form):
    age = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=120,
        error_messages={
            "min_value": "Age must be between 1 and 120.",
            "max_value": "Age must be between 1 and 120.",
            "invalid": "Age must be a whole number of years.",
        },
    )
    sex = forms.ChoiceField(required=False, choices=[("", "Not given")] + list(Sex.choices))
    pregnancy_weeks = forms.IntegerField(
        label="Weeks pregnant (leave empty if not pregnant)",
        required=False,
        min_value=1,
        max_value=42,
        error_messages={
            "min_value": "Weeks pregnant must be between 1 and 42.",
            "max_value": "Weeks pregnant must be between 1 and 42.",
            "invalid": "Weeks pregnant must be a whole number.",
        },
    )
    conditions = forms.CharField(
        label="Health conditions (one per line, in your own words)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    fluids_glasses_per_day = forms.FloatField(
        label="Fluids: glasses a day", required=False, min_value=0, max_value=40
    )
    exercise_minutes_per_week = forms.FloatField(
        label="Exercise: minutes a week", required=False, min_value=0, max_value=10080
    )
    sitting_hours_per_day = forms.FloatField(
        label="Sitting: hours a day", required=False, min_value=0, max_value=24
    )
    alcohol_units_per_week = forms.FloatField(
        label="Alcohol: units a week", required=False, min_value=0, max_value=500
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pregnancy_weeks") and cleaned.get("sex") == Sex.MALE:
            self.add_error(
                "pregnancy_weeks", "Weeks pregnant is filled in but sex is male: please check."
            )
        return cleaned

    def clean_conditions(self) -> str:
        lines = [clean_name(line) for line in self.cleaned_data["conditions"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > limits.MAX_CONDITIONS:
            raise forms.ValidationError(
                f"Health conditions: {len(lines)} lines; at most {limits.MAX_CONDITIONS} fit."
            )
        for line in lines:
            problem = limits.too_long(line, limits.MAX_CONDITION_NAME)
            if problem:
                raise forms.ValidationError(f"Health conditions: “{line[:30]}…” {problem}.")
        return "\n".join(lines)

    def condition_lines(self) -> list[str]:
        return [line for line in self.cleaned_data["conditions"].splitlines() if line]


class MedicineForm(forms.ModelForm):
    notes = note_field("Notes")

    class Meta:
        model = Medicine
        fields = ["name", "dose", "as_needed", "started", "stopped", "notes"]
        labels = {
            "name": "Medicine (as written on the box, e.g. “Lipitor”)",
            "dose": "Dose (e.g. “20 mg daily”)",
            "as_needed": "Taken only when needed",
            "started": "Started on",
            "stopped": "Stopped on (leave empty if you still take it)",
        }
        widgets = {
            "started": DATE_INPUT,
            "stopped": DATE_INPUT,
        }

    def clean_name(self) -> str:
        name = clean_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Medicine: please write its name.")
        return name

    def clean_started(self) -> date | None:
        return _plausible(self.cleaned_data["started"], "Started on")

    def clean_stopped(self) -> date | None:
        return _plausible(self.cleaned_data["stopped"], "Stopped on")

    def clean(self):
        cleaned = super().clean()
        started, stopped = cleaned.get("started"), cleaned.get("stopped")
        if started and stopped and started > stopped:
            self.add_error(
                "stopped",
                f"The stop date ({stopped:%d %b %Y}) is before the start date "
                f"({started:%d %b %Y}): a medicine cannot stop before it starts.",
            )
        return cleaned


def _plausible(day: date | None, what: str) -> date | None:
    problem = day and limits.medicine_date_problem(day, timezone.localdate())
    if problem:
        raise forms.ValidationError(f"{what}: {problem}")
    return day


class SymptomForm(forms.Form):
    """The symptom checklist; choices come from the knowledge base (id, question)."""

    symptoms = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Tick every one that applies"
    )
    other = forms.CharField(
        label="Anything else you have noticed? (in your own words)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Anything else: please keep it under 2000 characters."},
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["symptoms"].choices = choices
        self.fields["symptoms"].error_messages["invalid_choice"] = (
            "Symptoms: %(value)s is not one of the questions on this page."
        )


class TrialForm(forms.Form):
    """Defaults: 14 pairs of 3-night periods (12 weeks). For the same number of nights,
    many short periods give the randomisation test far more power than a few long ones
    (measured with stats.trials.trial_power at 0.43 cramps a night and a 50 % effect:
    6 pairs x 7 nights 8 %, 14 x 3 24 %, 21 x 2 27 %)."""

    intervention = forms.CharField(max_length=200, initial="Bedtime stretching")
    start = forms.DateField(label="First night", widget=DATE_INPUT)
    period_nights = forms.IntegerField(
        label="Nights in each period", min_value=2, max_value=60, initial=3
    )
    pairs = forms.IntegerField(
        label="Pairs of periods (one with, one without, in random order)",
        min_value=1,
        max_value=26,
        initial=14,
    )
    washout_nights = forms.IntegerField(
        label="Washout nights at the start of each period (not counted)",
        min_value=0,
        max_value=14,
        initial=0,
    )
    cramps_per_week = forms.FloatField(
        label="Your cramps a week (from your diary, or your best guess)",
        min_value=0.1,
        max_value=100,
    )
    clinician_agreed = forms.BooleanField(
        required=False,
        label="My prescriber agreed to this plan: which nights I take it and which I do not",
    )
    reduction_percent = forms.IntegerField(
        label="The effect to detect: % fewer cramps with the intervention",
        min_value=5,
        max_value=95,
        initial=50,
    )

    def __init__(self, *args, earliest: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def clean_start(self) -> date:
        start = self.cleaned_data["start"]
        if self.earliest and start < self.earliest:
            raise forms.ValidationError(
                f"First night: {start:%d %b %Y} is in the past or has begun; an experiment "
                f"starts on a night that has not begun yet ({self.earliest:%d %b %Y} or later), "
                "so its order is drawn before the nights."
            )
        latest = (self.earliest or timezone.localdate()) + timedelta(days=DAYS_AHEAD)
        if start > latest:
            raise forms.ValidationError(
                f"First night: {start.isoformat()} is more than a year away; "
                f"start on or before {latest.isoformat()}."
            )
        return start

    def clean_intervention(self) -> str:
        text = self.cleaned_data["intervention"].strip()
        if not text:
            raise forms.ValidationError("Intervention: please say what you will try.")
        return text

    def clean(self):
        cleaned = super().clean()
        period, washout = cleaned.get("period_nights"), cleaned.get("washout_nights")
        if period is not None and washout is not None and washout >= period:
            self.add_error(
                "washout_nights",
                f"Washout ({washout} nights) must be shorter than each period ({period} nights).",
            )
        return cleaned


class ReportRangeForm(forms.Form):
    """?from=&to= of the PDF report, both optional ISO dates."""

    start = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    end = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            raise forms.ValidationError(f"'from' ({start}) is after 'to' ({end}).")
        return cleaned
