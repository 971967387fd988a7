"""Self-experiments in the database: save a plan, find the running one, stop it.

Every function takes the user explicitly and touches only that user's trials. The plan
JSON of the contract is kept whole in ``Trial.plan``; the columns mirror its settings.
The plan contract and its check live with the diary (``diary.trial_plan``); the diary
knows nothing of the statistics that plan and analyse trials (``nightcramp.stats.trials``).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from nightcramp.diary.models import Trial
from nightcramp.diary.trial_plan import validate_plan


def save_trial(user, plan: dict) -> tuple[Trial, list[Trial]]:
    """Store a validated plan as the user's running trial.

    A person runs one self-experiment at a time: running trials whose dates overlap the
    new one are marked *stopped* (kept, never deleted). Returns the new trial and the
    ones it stopped.
    """
    plan = validate_plan(plan)
    start, end = date.fromisoformat(plan["start"]), date.fromisoformat(plan["end"])
    with transaction.atomic():
        overlapping = list(
            Trial.objects.filter(
                user=user, status=Trial.Status.ACTIVE, start__lte=end, end__gte=start
            )
        )
        for old in overlapping:
            old.status = Trial.Status.STOPPED
            old.stopped_at = timezone.now()
            old.save(update_fields=["status", "stopped_at"])
        lengths = {
            (date.fromisoformat(p["end"]) - date.fromisoformat(p["start"])).days + 1
            for p in plan["periods"]
        }
        trial = Trial.objects.create(
            user=user,
            intervention=plan["intervention"][:200],
            start=start,
            end=end,
            period_nights=plan.get("period_nights") or max(lengths),
            pairs=len(plan["periods"]) // 2,
            washout_nights=plan["washout_nights"],
            seed=int(plan.get("seed") or 0),
            plan=plan,
        )
    return trial, overlapping


def current_trial(user, day: date | None = None) -> Trial | None:
    """The running trial covering ``day`` (else the latest running one), or None."""
    running = Trial.objects.filter(user=user, status=Trial.Status.ACTIVE)
    if day is not None:
        covering = running.filter(start__lte=day, end__gte=day).first()
        if covering:
            return covering
    return running.first()


def latest_trial(user) -> Trial | None:
    """The most recent trial of any status (for analysing a finished one)."""
    return Trial.objects.filter(user=user).first()


def list_trials(user) -> list[Trial]:
    return list(Trial.objects.filter(user=user))


def stop_trial(user, trial_id: int) -> Trial:
    """Mark one of the user's trials stopped; raises Trial.DoesNotExist for anyone else's."""
    trial = Trial.objects.get(user=user, id=trial_id)
    if trial.status == Trial.Status.ACTIVE:
        trial.status = Trial.Status.STOPPED
        trial.stopped_at = timezone.now()
        trial.save(update_fields=["status", "stopped_at"])
    return trial


def finish_past_trials(user, today: date) -> int:
    """Mark running trials whose last night is before ``today`` as finished."""
    return Trial.objects.filter(user=user, status=Trial.Status.ACTIVE, end__lt=today).update(
        status=Trial.Status.FINISHED
    )


def first_open_night(user, now=None) -> date:
    """The first night that has not begun yet: the night a new self-experiment may start on.

    Tonight, unless it is already under way — past midnight on the person's clock, or with
    something recorded for it (an evening factor such as tonight's stretching, or a bedtime
    routine started) — and then tomorrow night: a trial must never turn a night already
    lived into one of its arms.
    """
    from nightcramp.diary import store
    from nightcramp.diary.models import RoutineSession

    moment = now or timezone.now()
    night = store.tonight(user, moment)
    if night < moment.astimezone(store.user_zone(user)).date():
        return night + timedelta(days=1)
    rows = store.load_table(user, night, night).rows
    recorded = any(value is not None for row in rows for value in row.factors.values())
    if recorded or RoutineSession.objects.filter(user=user, night__night=night).exists():
        return night + timedelta(days=1)
    return night


def planned_on(trial: Trial) -> date:
    """The first night that had not begun when the trial was saved (its planning night)."""
    from nightcramp.diary import store

    if trial.plan.get("planned_on"):
        return date.fromisoformat(trial.plan["planned_on"])
    return store.night_of(trial.created_at, store.user_zone(trial.user))
