"""A realistic demo diary: for the web app's demo account, the report tests and benchmarks.

The same ``seed`` and ``end`` always give the same diary. The story it tells: an older
woman with night cramps, on lisinopril for years, who starts atorvastatin half-way
through (and her cramps become more frequent), stretches at bedtime on some evenings
(fewer cramps those nights), saved a screening with one "soon" red flag, and finished a
randomised self-experiment of bedtime stretching in the last eight weeks. Some nights
have no check-in (missing) and some cramps are only counted in the morning, not logged
in detail. All of it is invented.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

BASE_RATE = 0.42  # cramps per night before atorvastatin, on a night without stretching
STATIN_RATE_RATIO = 1.7
STRETCHING_RATE_RATIO = 0.6
ALCOHOL_RATE_RATIO_PER_UNIT = 1.08
MISSING_NIGHT_PROBABILITY = 0.08
EVENING_CHECKIN_PROBABILITY = 0.85
DETAILED_LOG_PROBABILITY = 0.85
TRIAL_PERIOD_NIGHTS = 7
TRIAL_PAIRS = 4
MAX_MONTHS = 60  # five years: the longest diary the report and benchmarks are checked with


@dataclass
class DemoSummary:
    start: date
    end: date
    nights_recorded: int
    episodes: int
    cramps: int


def make_demo_diary(user, months: int = 6, seed: int = 1, end: date | None = None) -> DemoSummary:
    """Fill an empty diary with ``months`` of invented but realistic nights.

    ``end`` is the last night (default: last night in the person's time zone). Refuses a
    diary that already holds nights, so a real diary is never mixed with invented data.
    """
    from django.db import transaction

    from nightcramp.diary.models import Night, Profile, Sex
    from nightcramp.diary.store import tonight, user_zone

    if months < 1 or months > MAX_MONTHS:
        raise ValueError(f"months must be between 1 and {MAX_MONTHS}, not {months}")
    if Night.objects.filter(user=user).exists():
        raise ValueError("the demo diary only fills an empty diary; this one has nights")
    Profile.objects.get_or_create(
        user=user,
        defaults={
            "age": 68,
            "sex": Sex.FEMALE,
            "conditions": ["high blood pressure"],
            "habits": {"fluids_glasses_per_day": 5, "exercise_minutes_per_week": 90},
        },
    )
    zone = user_zone(user)
    end = end or tonight(user) - timedelta(days=1)
    start = end - timedelta(days=round(months * 30.44) - 1)
    rng = random.Random(seed)
    with transaction.atomic():
        return _fill(user, rng, zone, start, end)


def _fill(user, rng: random.Random, zone, start: date, end: date) -> DemoSummary:
    from nightcramp.diary.models import Medicine

    statin_start = start + timedelta(days=(end - start).days // 2)
    Medicine.objects.create(
        user=user, name="Lisinopril", dose="10 mg daily", started=start - timedelta(days=700)
    )
    Medicine.objects.create(user=user, name="Lipitor", dose="20 mg at night", started=statin_start)
    Medicine.objects.create(user=user, name="Paracetamol", dose="500 mg", as_needed=True)
    plan = _trial_plan(rng, end - timedelta(days=2 * TRIAL_PERIOD_NIGHTS * TRIAL_PAIRS - 1))
    arms = _arm_by_night(plan)
    nights = []
    for i in range((end - start).days + 1):
        night = start + timedelta(days=i)
        nights.append(_simulate_night(rng, night, statin_start, arms.get(night)))
    cramps, episodes = _save_nights(user, rng, zone, nights)
    _save_trial(user, plan)
    _save_assessment(user, zone, start + timedelta(days=12))
    recorded = sum(1 for n in nights if n["cramps"] is not None)
    return DemoSummary(start, end, recorded, episodes, cramps)


def _trial_plan(rng: random.Random, first: date) -> dict:
    """A plan in the contract's shape: pairs of periods, one of each arm in random order."""
    periods = []
    day = first
    for _ in range(TRIAL_PAIRS):
        pair = ["intervention", "control"]
        rng.shuffle(pair)
        for arm in pair:
            last = day + timedelta(days=TRIAL_PERIOD_NIGHTS - 1)
            periods.append({"start": day.isoformat(), "end": last.isoformat(), "arm": arm})
            day = last + timedelta(days=1)
    return {
        "intervention": "bedtime stretching",
        "start": first.isoformat(),
        "end": periods[-1]["end"],
        "washout_nights": 0,
        "periods": periods,
    }


def _arm_by_night(plan: dict) -> dict[date, str]:
    arms = {}
    for period in plan["periods"]:
        day = date.fromisoformat(period["start"])
        while day <= date.fromisoformat(period["end"]):
            arms[day] = period["arm"]
            day += timedelta(days=1)
    return arms


def _poisson(rng: random.Random, rate: float) -> int:
    limit, k, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _simulate_night(rng: random.Random, night: date, statin_start: date, arm: str | None) -> dict:
    evening = rng.random() < EVENING_CHECKIN_PROBABILITY
    if arm is not None:
        stretched = rng.random() < (0.9 if arm == "intervention" else 0.08)
    else:
        stretched = rng.random() < 0.35
    factors = {}
    alcohol = 0
    if evening:
        alcohol = rng.choice([0, 0, 0, 0, 1, 2, 3])
        factors = {
            "fluids_glasses": float(rng.randint(3, 10)),
            "exercise_minutes": float(rng.choice([0, 0, 15, 20, 30, 45, 60])),
            "sitting_hours": float(rng.randint(6, 20)) / 2,
            "alcohol_units": float(alcohol),
            "bedtime_stretching": stretched,
        }
    rate = BASE_RATE * (STATIN_RATE_RATIO if night >= statin_start else 1.0)
    rate *= STRETCHING_RATE_RATIO if stretched else 1.0
    rate *= ALCOHOL_RATE_RATIO_PER_UNIT**alcohol
    rate *= rng.gammavariate(4.0, 0.25)  # night-to-night over-dispersion
    cramps = _poisson(rng, rate)
    missing = rng.random() < MISSING_NIGHT_PROBABILITY
    return {
        "night": night,
        "cramps": None if missing else cramps,
        "factors": factors,
        "stretched": stretched and evening,
    }


def _save_nights(user, rng: random.Random, zone, nights: list[dict]) -> tuple[int, int]:
    from nightcramp.diary.models import Episode, FactorValue, Night, RoutineSession
    from nightcramp.diary.store import ensure_factor

    factor_names = ("fluids_glasses", "exercise_minutes", "sitting_hours", "alcohol_units")
    factors = {name: ensure_factor(user, name) for name in (*factor_names, "bedtime_stretching")}
    rows, details = [], {}
    for n in nights:
        episodes = [] if not n["cramps"] else _episodes(rng, zone, n["night"], n["cramps"])
        details[n["night"]] = episodes
        severities = [e["severity"] for e in episodes if e["severity"] is not None]
        rows.append(
            Night(
                user=user,
                night=n["night"],
                reported_cramps=n["cramps"],  # the invented person answers each morning
                cramps=n["cramps"],
                max_severity=max(severities) if severities else None,
                soreness=float(rng.randint(1, 5)) if n["cramps"] else None,
                checked_in_at=_at(zone, n["night"] + timedelta(days=1), time(7, 30))
                if n["cramps"] is not None
                else None,
                evening_checked_in_at=_at(zone, n["night"], time(21, 0)) if n["factors"] else None,
            )
        )
    Night.objects.bulk_create(rows, batch_size=500)
    ids = dict(Night.objects.filter(user=user).values_list("night", "id"))
    values, episode_rows, routines = [], [], []
    for n in nights:
        night_id = ids[n["night"]]
        for name, value in n["factors"].items():
            values.append(
                FactorValue(user=user, night_id=night_id, factor=factors[name], value=float(value))
            )
        episode_rows += [
            Episode(user=user, night_id=night_id, time_zone=str(zone), **e)
            for e in details[n["night"]]
        ]
        if n["stretched"] and rng.random() < 0.6:
            completed = rng.random() < 0.9
            begun = _at(zone, n["night"], time(22, 10))
            routines.append(
                RoutineSession(
                    user=user,
                    night_id=night_id,
                    started_at=begun,
                    completed_at=begun + timedelta(minutes=4) if completed else None,
                    holds_done=6 if completed else rng.randint(1, 5),
                    holds_total=6,
                )
            )
    FactorValue.objects.bulk_create(values, batch_size=1000)
    Episode.objects.bulk_create(episode_rows, batch_size=500)
    RoutineSession.objects.bulk_create(routines, batch_size=500)
    return sum(n["cramps"] or 0 for n in nights), len(episode_rows)


def _at(zone, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone)


def _episodes(rng: random.Random, zone, night: date, cramps: int) -> list[dict]:
    """Detailed logs for most (not all) of a night's cramps, between 22:30 and 06:30."""
    episodes = []
    for _ in range(cramps):
        if rng.random() > DETAILED_LOG_PROBABILITY:
            continue
        hours = rng.triangular(0.5, 8.5, 5.0)
        occurred = _at(zone, night, time(22, 0)) + timedelta(hours=hours)
        duration = int(min(900, max(5, rng.lognormvariate(math.log(90), 0.7))))
        episodes.append(
            {
                "occurred_at": occurred.replace(second=0, microsecond=0),
                "leg": rng.choices(["left", "right", "both"], [0.5, 0.38, 0.12])[0],
                "muscle": rng.choices(
                    ["calf", "foot", "toes", "back_thigh", "front_thigh"],
                    [0.68, 0.16, 0.07, 0.06, 0.03],
                )[0],
                "severity": max(1, min(10, round(rng.gauss(5.8, 1.9)))),
                "duration_seconds": duration if rng.random() < 0.95 else None,
                "woke_me": rng.random() < 0.8,
                "relieved_by": _what_helped(rng),
            }
        )
    return sorted(episodes, key=lambda e: e["occurred_at"])


# What helped, drawn with one random number (as a single answer was before, so the rest of
# the diary stays the same for a seed): the first answer by these weights, and on some
# nights massage as well, given while stretching, as the relief advice suggests.
WHAT_HELPED = [("stretching", 0.5), ("walking", 0.3), ("massage", 0.1), ("waited", 0.1)]
STRETCH_AND_MASSAGE = 0.15  # the share of all cramps eased by stretching and massage


def _what_helped(rng: random.Random) -> list[str]:
    draw, upper = rng.random(), 0.0
    for answer, weight in WHAT_HELPED:
        upper += weight
        if draw < upper:
            return [answer, "massage"] if draw < STRETCH_AND_MASSAGE else [answer]
    return [WHAT_HELPED[-1][0]]


def _save_trial(user, plan: dict) -> None:
    from nightcramp.diary.models import Trial

    plan = {**plan, "planned_on": plan["start"]}  # in the invented story it was planned in time
    Trial.objects.create(
        user=user,
        intervention=plan["intervention"],
        start=date.fromisoformat(plan["start"]),
        end=date.fromisoformat(plan["end"]),
        period_nights=TRIAL_PERIOD_NIGHTS,
        pairs=TRIAL_PAIRS,
        washout_nights=0,
        seed=1,
        plan=plan,
        status=Trial.Status.FINISHED,
    )


def _save_assessment(user, zone, day: date) -> None:
    from nightcramp.assessment import screen
    from nightcramp.diary.models import Assessment

    profile = {
        "age": 68,
        "sex": "female",
        "medications": ["Lisinopril 10 mg daily"],
        "conditions": ["high blood pressure"],
        "symptoms": ["calf_pain_walking_relieved_by_rest"],
    }
    result = screen(profile)  # the real engine: the demo's warnings are the product's own
    saved = Assessment.objects.create(user=user, profile=profile, result=result)
    Assessment.objects.filter(pk=saved.pk).update(created_at=_at(zone, day, time(10, 0)))
