"""Self-experiments in the database: save a plan, find the running one, stop it.

Every function takes the user explicitly and touches only that user's trials. The plan
JSON of the contract is kept whole in ``Trial.plan``; the columns mirror its settings.
The diary knows nothing of the statistics: a plan is made and checked by
``nightcramp.stats.trials`` (``plan_trial``, ``validate_plan``) before it is saved here.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from nightcramp.diary.models import Trial


def save_trial(user, plan: dict) -> tuple[Trial, list[Trial]]:
    """Store a plan (made by ``stats.trials.plan_trial`` or checked by its
    ``validate_plan``) as the user's running trial.

    A person runs one self-experiment at a time: running trials whose dates overlap the
    new one are marked *stopped* (kept, never deleted). Returns the new trial and the
    ones it stopped.
    """
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
