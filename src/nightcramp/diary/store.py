"""The diary in the database: the one place the CLI and the web app read and write it.

Every function takes the user explicitly and touches only that user's rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from nightcramp.diary import factors as builtin_factors
from nightcramp.diary import limits
from nightcramp.diary.csvio import DiaryFileError, Problem
from nightcramp.diary.models import (
    CalendarFeed,
    Episode,
    Factor,
    FactorKind,
    FactorValue,
    Night,
    Profile,
)
from nightcramp.diary.table import RESERVED_COLUMNS, DiaryTable, NightRow

LOCAL_USERNAME = "local"
MAX_CRAMPS = 1000  # a night's count, as csvio and jsonio accept it
MORNING_ENDS = time(12, 0)


def local_user():
    """The single account the CLI uses until the person makes one of their own."""
    import os

    username = os.environ.get("NIGHTCRAMP_USER", LOCAL_USERNAME)
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    return user


# Within a web request the account's zone is read once (the pages ask for it many times):
# ``remembered_zones`` holds it by user id while the request runs, and saving or deleting
# a profile forgets it, so a zone changed during the request is seen at once.
_zones: ContextVar[dict[int, ZoneInfo] | None] = ContextVar("nightcramp_zones", default=None)


@contextmanager
def remembered_zones() -> Iterator[None]:
    token = _zones.set({})
    try:
        yield
    finally:
        _zones.reset(token)


def forget_zone(user_id: int) -> None:
    remembered = _zones.get()
    if remembered is not None:
        remembered.pop(user_id, None)


def user_zone(user) -> ZoneInfo:
    remembered = _zones.get()
    user_id = getattr(user, "pk", user)
    if remembered is None or user_id not in remembered:
        zone = _stored_zone(user)
        if remembered is None:
            return zone
        remembered[user_id] = zone
    return remembered[user_id]


def _stored_zone(user) -> ZoneInfo:
    profile = Profile.objects.filter(user=user).only("time_zone").first()
    name = (profile.time_zone if profile else "") or timezone.get_default_timezone_name()
    try:
        return ZoneInfo(name)
    except Exception:  # an unknown zone name stored earlier must not break logging
        return ZoneInfo("UTC")


def set_time_zone(user, name: str) -> bool:
    """Make ``name`` (an IANA name the caller has checked) the account's zone. A change
    also bumps the calendar feed's revision, the SEQUENCE and LAST-MODIFIED of its events,
    because every reminder moves with the zone. Cramps already logged keep their own zone.
    Returns whether anything changed."""
    with transaction.atomic():
        profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
        if profile.time_zone == name:
            return False
        profile.time_zone = name
        profile.save(update_fields=["time_zone", "updated_at"])
        CalendarFeed.objects.filter(user=user).update(
            revision=F("revision") + 1, modified_at=timezone.now()
        )
    return True


def night_of(moment: datetime, zone: ZoneInfo) -> date:
    """A cramp before noon belongs to the night that began the evening before."""
    local = moment.astimezone(zone)
    if local.time() < MORNING_ENDS:
        return local.date() - timedelta(days=1)
    return local.date()


def tonight(user, now: datetime | None = None) -> date:
    return night_of(now or timezone.now(), user_zone(user))


# A night is *in progress* from the evening it begins until NIGHT_OVER_AT the next morning,
# on the person's own clock (their account's zone). Only a night that is over can be
# checked in or given a forgotten cramp: at 00:54 and at 23:40 alike, the latest such
# night is the one that ended at 05:00 this (or, before 05:00, the previous) morning.
NIGHT_OVER_AT = time(5, 0)


def last_finished_night(user, now: datetime | None = None) -> date:
    """The latest night that is over: the one a morning check-in is about."""
    local = (now or timezone.now()).astimezone(user_zone(user))
    shifted = local - timedelta(hours=NIGHT_OVER_AT.hour, minutes=NIGHT_OVER_AT.minute)
    return shifted.date() - timedelta(days=1)


def get_night(user, night: date) -> Night:
    obj, _ = Night.objects.get_or_create(user=user, night=night)
    return obj


# --- factors -----------------------------------------------------------------


def ensure_factor(user, name: str, kind: str | None = None, label: str = "") -> Factor:
    """The user's factor of that name, created (built-in or custom) on first use."""
    existing = Factor.objects.filter(user=user, name=name).first()
    if existing:
        return existing
    builtin = builtin_factors.BY_NAME.get(name)
    position = (Factor.objects.filter(user=user).aggregate(m=Max("position"))["m"] or 0) + 1
    if builtin:
        return Factor.objects.create(
            user=user,
            name=name,
            label=builtin.label,
            kind=builtin.kind,
            unit=builtin.unit,
            builtin=True,
            position=position,
        )
    return Factor.objects.create(
        user=user,
        name=name,
        label=label or name.replace("_", " ").capitalize(),
        kind=kind or FactorKind.NUMBER,
        position=position,
    )


def table_kind(kind: str) -> str:
    """Scales are numbers to the statistics and the CSV."""
    return "boolean" if kind == FactorKind.BOOLEAN else "number"


def set_factor_value(user, night: Night, factor: Factor, value: bool | float | None) -> None:
    if value is None:
        FactorValue.objects.filter(night=night, factor=factor).delete()
        return
    FactorValue.objects.update_or_create(
        night=night, factor=factor, defaults={"user": user, "value": float(value)}
    )


# --- logging -----------------------------------------------------------------


# Tapped cramps sent later by a phone (offline): how far their own time may be trusted.
TAP_CLOCK_SKEW = timedelta(minutes=5)
TAP_MAX_AGE = timedelta(days=7)


def zone_name(zone: ZoneInfo) -> str:
    return getattr(zone, "key", "") or "UTC"


def record_episode(
    user,
    occurred_at: datetime | None = None,
    zone: ZoneInfo | None = None,
    client_key=None,
    **fields,
) -> Episode:
    """Save a cramp at once, in the night it belongs to in ``zone`` (the account's by
    default); the zone is kept with it, so the night and the clock time shown never move.

    With a ``client_key`` (a phone's id for one tap), saving the same tap again returns the
    episode already saved: a retry never counts twice.
    """
    occurred_at = occurred_at or timezone.now()
    zone = zone or user_zone(user)
    try:
        with transaction.atomic():
            if client_key is not None:
                existing = Episode.objects.filter(user=user, client_key=client_key).first()
                if existing is not None:
                    return existing
            night = get_night(user, night_of(occurred_at, zone))
            episode = Episode.objects.create(
                user=user,
                night=night,
                occurred_at=occurred_at,
                time_zone=zone_name(zone),
                client_key=client_key,
                **fields,
            )
            night.recount()
    except IntegrityError:
        if client_key is None:
            raise
        # the same tap, sent twice at once: the other request saved it
        return Episode.objects.get(user=user, client_key=client_key)
    return episode


def check_tap_time(tapped_at: datetime, now: datetime | None = None) -> None:
    """A phone's own time for a tap: not in the future (beyond a small clock skew) and not
    older than a week. Raises ValueError saying which."""
    now = now or timezone.now()
    if tapped_at > now + TAP_CLOCK_SKEW:
        raise ValueError(
            "The phone's clock says this cramp is in the future; check the phone's date and time."
        )
    if tapped_at < now - TAP_MAX_AGE:
        raise ValueError(
            f"This cramp was tapped more than {TAP_MAX_AGE.days} days ago, too long to trust "
            "the phone's clock: add it yourself under Check-ins if it is right."
        )


def move_episode(episode: Episode, occurred_at: datetime) -> None:
    """A corrected time: the episode goes to the night that time belongs to (in its own
    zone) and both nights' counts are derived again; no answer is touched."""
    old_night = episode.night
    new_date = night_of(occurred_at, episode.zone)
    with transaction.atomic():
        episode.occurred_at = occurred_at
        if new_date != old_night.night:
            episode.night = get_night(episode.user, new_date)
        episode.save()
        episode.night.recount()
        if episode.night.pk != old_night.pk:
            old_night.recount()


def delete_episode(episode: Episode) -> None:
    with transaction.atomic():
        night = episode.night
        episode.delete()
        night.recount()


def morning_checkin(
    user, night: date, cramps: int | None, soreness: float | None = None, notes: str = ""
) -> Night:
    """Record last night's answer as given: 0 cramps is a real zero; ``None`` (soreness
    only) leaves any earlier answer as it was. The night's count is derived from the answer
    and the logged episodes (``models.night_count``)."""
    if cramps is not None and not 0 <= cramps <= MAX_CRAMPS:
        raise ValueError(f"cramps must be from 0 to {MAX_CRAMPS} (the imports' limit)")
    with transaction.atomic():
        obj = get_night(user, night)
        if cramps is not None:
            obj.reported_cramps = cramps
            obj.checked_in_at = timezone.now()
        if soreness is not None:
            obj.soreness = soreness
        if notes:
            obj.notes = notes
        obj.save()
        obj.recount()
    return obj


def evening_checkin(user, night: date, values: dict[str, bool | float | None]) -> Night:
    """Record today's factors for the night that begins this evening."""
    with transaction.atomic():
        obj = get_night(user, night)
        for name, value in values.items():
            factor = ensure_factor(user, name, _kind_of(value))
            set_factor_value(user, obj, factor, value)
        obj.evening_checked_in_at = timezone.now()
        obj.save(update_fields=["evening_checked_in_at"])
    return obj


def _kind_of(value) -> str:
    return FactorKind.BOOLEAN if isinstance(value, bool) else FactorKind.NUMBER


# --- import / export of the nightly table -------------------------------------


@dataclass
class ImportSummary:
    nights_added: int
    nights_updated: int
    factors_created: list[str]
    values_written: int


def import_table(user, table: DiaryTable, file: str = "nights.csv", update: bool = False):
    """Add the table's nights to the diary, all or nothing.

    A night already in the diary is refused (naming it) unless ``update`` is true, in
    which case the file's values replace the stored ones for the columns the file has.
    """
    existing_factors = {f.name: f for f in Factor.objects.filter(user=user)}
    new_factors = [n for n in table.factor_kinds if n not in existing_factors]
    too_many = limits.too_many_factors(len(existing_factors) + len(new_factors))
    if too_many:
        raise DiaryFileError(
            file, [Problem(1, None, f"{len(new_factors)} new factors: {too_many}")]
        )
    expected = {n: b.kind for n, b in builtin_factors.BY_NAME.items()}
    expected.update({name: f.kind for name, f in existing_factors.items()})
    problems = _kind_conflicts(table, expected) + _implausible_nights(user, table)
    existing_nights = {
        n.night: n for n in Night.objects.filter(user=user, night__in=[r.night for r in table.rows])
    }
    if existing_nights and not update:
        for row in table.rows:
            if row.night in existing_nights:
                problems.append(
                    Problem(
                        row.line,
                        "night",
                        f"{row.night} is already in your diary (use --update to replace it)",
                    )
                )
    if problems:
        raise DiaryFileError(file, problems)

    with transaction.atomic():
        created = []
        factors = {}
        for name, kind in table.factor_kinds.items():
            if name not in existing_factors:
                created.append(name)
            factors[name] = existing_factors.get(name) or ensure_factor(user, name, kind)
        new_nights = [
            Night(
                user=user,
                night=r.night,
                reported_cramps=r.cramps,
                cramps=r.cramps,
                max_severity=r.max_severity,
                soreness=r.soreness,
                checked_in_at=timezone.now() if r.cramps is not None else None,
            )
            for r in table.rows
            if r.night not in existing_nights
        ]
        Night.objects.bulk_create(new_nights, batch_size=500)
        updated = [c for c in ("cramps", "max_severity", "soreness") if has_column(table, c)]
        for row in table.rows:
            if row.night in existing_nights:
                night = existing_nights[row.night]
                for column in updated:
                    setattr(night, column, getattr(row, column))
                if "cramps" in updated:  # the file's count is an answer, as given
                    night.reported_cramps = row.cramps
                    night.checked_in_at = timezone.now() if row.cramps is not None else None
                night.save()
                night.recount()
        ids = dict(
            Night.objects.filter(user=user, night__in=[r.night for r in table.rows]).values_list(
                "night", "id"
            )
        )
        if existing_nights:
            FactorValue.objects.filter(
                night_id__in=[ids[d] for d in existing_nights],
                factor__in=list(factors.values()),
            ).delete()
        values = [
            FactorValue(user=user, night_id=ids[row.night], factor=factors[name], value=float(v))
            for row in table.rows
            for name, v in row.factors.items()
            if v is not None
        ]
        FactorValue.objects.bulk_create(values, batch_size=1000)
    return ImportSummary(
        len(new_nights), len(existing_nights) if update else 0, created, len(values)
    )


def has_column(table: DiaryTable, column: str) -> bool:
    """Whether the table's file had the column (a table not read from a file has all)."""
    return not table.columns or column in table.columns


FIRST_PLAUSIBLE_NIGHT = date(1900, 1, 1)


def _implausible_nights(user, table: DiaryTable) -> list[Problem]:
    """Nights that have not begun yet (a typo in the year, most often) or before 1900."""
    today = timezone.now().astimezone(user_zone(user)).date()
    problems = []
    for row in table.rows:
        if row.night > today:
            problems.append(Problem(row.line, "night", f"{row.night} is in the future"))
        elif row.night < FIRST_PLAUSIBLE_NIGHT:
            problems.append(Problem(row.line, "night", f"{row.night} is before 1900"))
    return problems


def _kind_conflicts(table: DiaryTable, expected: dict[str, str]) -> list[Problem]:
    """Each column must fit its factor's kind (stored, or built-in): 1/0 in a yes/no factor
    are yes/no; a 0–10 scale holds nothing outside 0–10. Problems name the first bad line."""
    problems = []
    for name, kind in list(table.factor_kinds.items()):
        wanted = expected.get(name)
        if wanted is None:
            continue
        rows = [r for r in table.rows if r.factors.get(name) is not None]
        if wanted == FactorKind.SCALE:
            for row in rows:
                if not 0 <= float(row.factors[name]) <= 10:
                    problems.append(
                        Problem(row.line, name, f"{row.factors[name]:g} is outside the 0–10 scale")
                    )
        stored = table_kind(wanted)
        if stored == kind:
            continue
        if stored == "boolean" and all(r.factors[name] in (0.0, 1.0) for r in rows):
            table.factor_kinds[name] = "boolean"
            for row in rows:
                row.factors[name] = bool(row.factors[name])
            continue
        first = next(
            (r for r in rows if stored == "number" or r.factors[name] not in (0.0, 1.0)), None
        )
        problems.append(
            Problem(
                first.line if first else None,
                name,
                f"holds {kind} values, but '{name}' in your diary is {stored}"
                + (" (yes/no)" if stored == "boolean" else ""),
            )
        )
    return problems


def load_table(user, start: date | None = None, end: date | None = None) -> DiaryTable:
    """The user's nights (in date order) and all their factors, as plain data."""
    nights = Night.objects.filter(user=user)
    if start:
        nights = nights.filter(night__gte=start)
    if end:
        nights = nights.filter(night__lte=end)
    factors = list(Factor.objects.filter(user=user))
    kinds = {f.name: table_kind(f.kind) for f in factors}
    names = {f.id: f.name for f in factors}
    rows: dict[int, NightRow] = {}
    for pk, night, cramps, severity, soreness in nights.order_by("night").values_list(
        "id", "night", "cramps", "max_severity", "soreness"
    ):
        rows[pk] = NightRow(night, cramps, severity, soreness, {})
    values = FactorValue.objects.filter(user=user, night__in=nights.values("id")).values_list(
        "night_id", "factor_id", "value"
    )
    for night_id, factor_id, value in values:
        name = names[factor_id]
        rows[night_id].factors[name] = bool(value) if kinds[name] == "boolean" else value
    return DiaryTable(list(rows.values()), kinds)


def coerce_factor_values(
    user, values: dict[str, bool | float | None]
) -> dict[str, bool | float | None]:
    """Match each value to its factor's kind (1/0 for a yes/no factor become yes/no).

    Raises ValueError naming the factor when a value cannot fit: a yes/no answer for a
    number factor, a number other than 1/0 for a yes/no one, a scale outside 0–10, a
    negative amount for a built-in factor, NaN/infinity, or a name of the diary's own
    columns (night, cramps, ...: the CSV export could not tell them apart).
    """
    known = {f.name: f for f in Factor.objects.filter(user=user, name__in=list(values))}
    result: dict[str, bool | float | None] = {}
    for name, value in values.items():
        if name.strip().lower() in RESERVED_COLUMNS:
            raise ValueError(
                f"'{name}' is a column of the diary itself, not a factor; choose another name"
            )
        kind = known[name].kind if name in known else None
        if kind is None and name in builtin_factors.BY_NAME:
            kind = builtin_factors.BY_NAME[name].kind
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{name}: {value} is not a number")
        if value is None or kind is None:
            result[name] = value
        elif kind == FactorKind.BOOLEAN:
            if isinstance(value, bool) or value in (0, 1):
                result[name] = bool(value)
            else:
                raise ValueError(f"{name} is a yes/no factor; {value!r} is not yes or no")
        else:
            if isinstance(value, bool):
                raise ValueError(f"{name} takes a number, not yes/no")
            if kind == FactorKind.SCALE and not 0 <= value <= 10:
                raise ValueError(f"{name}: {value:g} is outside the 0–10 scale")
            if value < 0 and name in builtin_factors.BY_NAME:  # amounts; own factors may
                raise ValueError(f"{name}: {value:g} is negative")  # be e.g. temperatures
            result[name] = float(value)
    return result
