"""Everything a person records. Every row belongs to exactly one user.

A *night* is named by the date of the evening it begins. What the person answered in the
morning ("no cramps", or a count) is kept in ``Night.reported_cramps`` exactly as given;
the cramps logged one by one are ``Episode`` rows. The night's count, ``Night.cramps``, is
derived from both by one rule (``night_count``) and rewritten after every change to either,
so editing, moving or deleting an episode can never change or erase an answer:

- a morning answer exists: count = max(answer, logged episodes);
- no answer, some episodes: count = the number of logged episodes;
- no answer and no episodes: missing (``None``), never zero.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
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


def relief_problem(answers: object) -> str:
    """What is wrong with a list of "what helped" answers ("" when nothing is)."""
    if not isinstance(answers, list):
        return f"must be a list of answers, not {type(answers).__name__}"
    for answer in answers:
        if answer not in Relief.values:
            known = ", ".join(Relief.values)
            return f"{answer!r} is not an answer (expected some of: {known})"
    if len(set(answers)) != len(answers):
        return "names an answer twice"
    return ""


def validate_reliefs(answers: object) -> None:
    problem = relief_problem(answers)
    if problem:
        raise ValidationError(f"What helped: {problem}.")


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
    # The device zone the person last answered the travel question for (asked once each).
    travel_zone_answered = models.CharField(max_length=64, blank=True)
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
    description = models.CharField(
        max_length=300, blank=True, help_text="Where imported values come from, what they measure."
    )
    builtin = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="factor_unique_name")]

    def __str__(self) -> str:
        return self.label or self.name


def night_count(reported: int | None, logged: int) -> int | None:
    """The night's count from the morning answer and the logged episodes (see above)."""
    if reported is not None:
        return max(reported, logged)
    return logged or None


class Night(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    night = models.DateField(help_text="Date of the evening the night begins.")
    reported_cramps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The morning answer as given: 0 = no cramps."
    )
    cramps = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Derived: night_count(reported_cramps, episodes); empty = missing.",
    )
    max_severity = models.FloatField(null=True, blank=True, validators=SCORE)
    soreness = models.FloatField(null=True, blank=True, validators=SCORE)
    checked_in_at = models.DateTimeField(
        null=True, blank=True, help_text="When the morning answer was given."
    )
    evening_checked_in_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["night"]
        constraints = [models.UniqueConstraint(fields=["user", "night"], name="night_unique")]

    def __str__(self) -> str:
        return f"night of {self.night}"

    def recount(self) -> None:
        """Derive the count (and the worst logged severity) again; save both. The database
        counts the night's episodes: one row comes back however many were logged."""
        logged = self.episodes.aggregate(count=models.Count("id"), worst=models.Max("severity"))
        self.cramps = night_count(self.reported_cramps, logged["count"])
        if logged["worst"] is not None:
            self.max_severity = logged["worst"]
        elif self.cramps is None:
            self.max_severity = None
        self.save(update_fields=["cramps", "max_severity"])


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
    """One cramp. Its night is fixed when it is logged, and it is always shown in the zone
    it was logged in (``time_zone``), whatever the account's zone later becomes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="episodes")
    occurred_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, blank=True, help_text="IANA zone at logging.")
    client_key = models.UUIDField(
        null=True, blank=True, help_text="The device's key for this tap: a retry is not a 2nd."
    )
    leg = models.CharField(max_length=5, choices=Leg.choices, blank=True)
    muscle = models.CharField(max_length=12, choices=Muscle.choices, blank=True)
    severity = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    woke_me = models.BooleanField(null=True, blank=True)
    # Every answer to "what helped?", in the order given: Relief codes, none twice.
    relieved_by = models.JSONField(default=list, blank=True, validators=[validate_reliefs])
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_key"], name="episode_unique_key")
        ]
        # a person's cramps by time (the double-tap check, recent cramps) read only the
        # few rows asked for, not every cramp of a long diary
        indexes = [models.Index(fields=["user", "occurred_at"], name="episode_user_time")]

    def __str__(self) -> str:
        return f"cramp at {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        validate_reliefs(self.relieved_by)  # a list of known answers, whoever writes it
        super().save(*args, **kwargs)

    def set_relief(self, answer: str, helped: bool) -> None:
        """Add or take away one answer to "what helped?", keeping the others and their order.
        Saying the same again changes nothing, so a repeated tap cannot undo itself."""
        if answer not in Relief.values:
            raise ValueError(f"{answer!r} is not an answer to what helped")
        if helped and answer not in self.relieved_by:
            self.relieved_by = [*self.relieved_by, answer]
        elif not helped:
            self.relieved_by = [a for a in self.relieved_by if a != answer]

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone or settings.TIME_ZONE)
        except (ValueError, KeyError):
            return ZoneInfo("UTC")

    @property
    def local_time(self) -> datetime:
        """When it happened, on the clock of the zone it was logged in."""
        return self.occurred_at.astimezone(self.zone)

    @property
    def clock(self) -> datetime:
        """``local_time`` without its zone, so templates show it as is (not converted)."""
        return self.local_time.replace(tzinfo=None)

    @property
    def zone_city(self) -> str:
        """ "Los Angeles" for America/Los_Angeles: to say whose clock a time is on."""
        return (self.time_zone or "UTC").rsplit("/", 1)[-1].replace("_", " ")


class RoutineSession(models.Model):
    """One guided bedtime stretching session; completing it records the night's stretching."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="routines")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    holds_done = models.PositiveSmallIntegerField(default=0)
    holds_total = models.PositiveSmallIntegerField(default=0)
    # When the person chose to keep an earlier "did not stretch" after this full session;
    # the routine page then stops asking about this session.
    answer_kept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]

    @property
    def complete(self) -> bool:
        """Every planned hold done; fewer is a partial session, stored as such."""
        return self.holds_total > 0 and self.holds_done >= self.holds_total


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
    """A private, revocable iCalendar feed URL: revoking replaces the token.

    ``revision`` counts changes to the reminders (their times or zone) and ``modified_at``
    is when the last one was made: the feed's SEQUENCE and LAST-MODIFIED, so calendar apps
    see that an event they already hold has changed.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    bedtime = models.TimeField(default="22:00")
    evening_checkin = models.TimeField(default="21:00")
    morning_checkin = models.TimeField(default="07:30")
    revision = models.PositiveIntegerField(default=0)
    modified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
