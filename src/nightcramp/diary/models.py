"""Everything a person records. Every row belongs to exactly one user.

A *night* is named by the date of the evening it begins. A night with a morning
check-in and no cramps is a recorded zero (``cramps == 0``); a night never checked in
is missing (no row, or ``cramps is None``) and is never counted as zero.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

SCORE = [MinValueValidator(0), MaxValueValidator(10)]


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other / prefer not to say"


class Leg(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class Muscle(models.TextChoices):
    CALF = "calf", "Calf"
    FOOT = "foot", "Foot"
    TOES = "toes", "Toes"
    FRONT_THIGH = "front_thigh", "Front of thigh"
    BACK_THIGH = "back_thigh", "Back of thigh"


class Relief(models.TextChoices):
    STRETCHING = "stretching", "Stretching"
    WALKING = "walking", "Standing / walking"
    MASSAGE = "massage", "Massage"
    HEAT = "heat", "Heat"
    PAINKILLER = "painkiller", "Painkiller"
    WAITED = "waited", "It passed by itself"
    OTHER = "other", "Something else"


class FactorKind(models.TextChoices):
    BOOLEAN = "boolean", "Yes / no"
    NUMBER = "number", "Number"
    SCALE = "scale", "Scale 0–10"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    pregnancy_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(42)]
    )
    conditions = models.JSONField(default=list, blank=True)
    symptoms = models.JSONField(default=list, blank=True)
    habits = models.JSONField(default=dict, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"


class Medicine(models.Model):
    """A medicine as the person writes it ("Lasix 40mg"), with its dose and dates."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    dose = models.CharField(max_length=100, blank=True)
    as_needed = models.BooleanField(default=False)
    started = models.DateField(null=True, blank=True)
    stopped = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Factor(models.Model):
    """A daily factor: a built-in one (see ``factors.BUILTIN``) or the person's own."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=64)
    label = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=10, choices=FactorKind.choices)
    unit = models.CharField(max_length=40, blank=True)
    builtin = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="factor_unique_name")]

    def __str__(self) -> str:
        return self.label or self.name


class Night(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    night = models.DateField(help_text="Date of the evening the night begins.")
    cramps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Cramp episodes that night; empty = not checked in."
    )
    max_severity = models.FloatField(null=True, blank=True, validators=SCORE)
    soreness = models.FloatField(null=True, blank=True, validators=SCORE)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    evening_checked_in_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["night"]
        constraints = [models.UniqueConstraint(fields=["user", "night"], name="night_unique")]

    def __str__(self) -> str:
        return f"night of {self.night}"


class FactorValue(models.Model):
    """A factor's value for one night. No row = unknown. Booleans are stored as 0/1."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="factor_values")
    factor = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="values")
    value = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["night", "factor"], name="factor_value_unique")
        ]


class MedicineIntake(models.Model):
    """Doses of a medicine taken on a day (regular or as-needed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="intakes")
    medicine = models.ForeignKey(Medicine, on_delete=models.CASCADE, related_name="intakes")
    doses = models.FloatField(default=1, validators=[MinValueValidator(0)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["night", "medicine"], name="intake_unique")]


class Episode(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="episodes")
    occurred_at = models.DateTimeField()
    leg = models.CharField(max_length=5, choices=Leg.choices, blank=True)
    muscle = models.CharField(max_length=12, choices=Muscle.choices, blank=True)
    severity = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    woke_me = models.BooleanField(null=True, blank=True)
    relieved_by = models.CharField(max_length=12, choices=Relief.choices, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"cramp at {self.occurred_at:%Y-%m-%d %H:%M}"


class RoutineSession(models.Model):
    """One guided bedtime stretching session; completing it records the night's stretching."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="routines")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    holds_done = models.PositiveSmallIntegerField(default=0)
    holds_total = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["started_at"]


class Trial(models.Model):
    """A self-experiment (n-of-1 trial). ``plan`` holds the contract's plan JSON."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Running"
        FINISHED = "finished", "Finished"
        STOPPED = "stopped", "Stopped early"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    intervention = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField()
    period_nights = models.PositiveSmallIntegerField()
    pairs = models.PositiveSmallIntegerField()
    washout_nights = models.PositiveSmallIntegerField(default=0)
    seed = models.BigIntegerField()
    plan = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]

    def __str__(self) -> str:
        return f"trial of {self.intervention}"


class Assessment(models.Model):
    """A saved screening result, so red flags keep their dates for the clinician report."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    profile = models.JSONField()
    result = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private, revocable iCalendar feed URL: revoking replaces the token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    bedtime = models.TimeField(default="22:00")
    evening_checkin = models.TimeField(default="21:00")
    created_at = models.DateTimeField(auto_now_add=True)
