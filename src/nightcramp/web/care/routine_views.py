"""The guided bedtime stretching routine; finishing it records tonight's stretching."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nightcramp.diary import store
from nightcramp.diary.models import RoutineSession


@dataclass
class Step:
    """One stretch on one leg: ``repetitions`` holds of ``hold_seconds``, with rests."""

    number: int
    name: str
    muscle: str
    leg: str  # "left", "right" or "" when the stretch is not per leg
    how: list[str]
    hold_seconds: int
    repetitions: int
    rest_seconds: int


def routine_steps(stretches) -> list[Step]:
    """Each per-leg stretch becomes two steps, left then right."""
    steps: list[Step] = []
    for stretch in stretches:  # knowledge.schema.Stretch records
        legs = ("left", "right") if stretch.per_leg else ("",)
        for leg in legs:
            steps.append(
                Step(
                    number=len(steps) + 1,
                    name=stretch.name,
                    muscle=stretch.muscle,
                    leg=leg,
                    how=list(stretch.how),
                    hold_seconds=int(stretch.hold_seconds),
                    repetitions=int(stretch.repetitions),
                    rest_seconds=int(stretch.rest_seconds),
                )
            )
    return steps


def holds_total(steps: list[Step]) -> int:
    return sum(step.repetitions for step in steps)


POSITIONS = ("standing", "sitting")


def _position(value: str | None) -> str:
    """Standing stretches by default; the sitting versions for those who cannot stand."""
    return value if value in POSITIONS else "standing"


def _steps(position: str = "standing") -> list[Step]:
    from nightcramp.knowledge import load_knowledge

    standing = position == "standing"
    return routine_steps([s for s in load_knowledge().stretches if s.standing == standing])


def _evidence() -> dict:
    """What is known about bedtime stretching, with the sources of the stretches too."""
    from nightcramp.knowledge import load_knowledge
    from nightcramp.web.care.presenting import citations

    kb = load_knowledge()
    treatment = kb.treatment("stretching")
    ids = list(treatment.sources)
    for stretch in kb.stretches:
        ids += [s for s in stretch.sources if s not in ids]
    return {
        "summary": treatment.summary,
        "grade": treatment.evidence_grade,
        "grade_meaning": treatment.grade_meaning,
        "safety": treatment.safety,
        "sources": citations(kb, ids),
    }


@login_required
def routine(request):
    """The routine's overview, tonight's state, and the Start button."""
    night = store.tonight(request.user)
    done = (
        RoutineSession.objects.filter(
            user=request.user, night__night=night, completed_at__isnull=False
        )
        .order_by("-holds_done", "-completed_at")
        .first()
    )
    answer = None
    if done is not None:
        answer = stretching_answer(request.user, done.night)
    position = _position(request.GET.get("position"))
    steps = _steps(position)
    context = {
        "position": position,
        "steps": steps,
        "holds_total": holds_total(steps),
        "minutes": _minutes(steps),
        "tonight": night,
        "done": done,
        "ask_to_change": (
            done is not None and done.complete and answer is False and done.answer_kept_at is None
        ),
        "stretched_answer": answer,
        "evidence": _evidence(),
        "trial_night": trial_night(request.user, night),
    }
    return render(request, "care/routine.html", context)


def trial_night(user, night) -> dict | None:
    """Tonight's arm when a running stretching experiment covers tonight, else None."""
    from nightcramp.diary.trial_store import current_trial
    from nightcramp.stats.trials import arm_on, night_status
    from nightcramp.web.care.trial_views import tracks_stretching

    trial = current_trial(user, night)
    if trial is None or not tracks_stretching(trial):
        return None
    arm = arm_on(trial.plan, night)
    if arm is None:
        return None
    return {"trial": trial, "arm": arm, "washout": night_status(trial.plan, night)["washout"]}


def _minutes(steps: list[Step]) -> int:
    seconds = sum(
        s.repetitions * s.hold_seconds + max(s.repetitions - 1, 0) * s.rest_seconds for s in steps
    )
    return max(1, round(seconds / 60))


@login_required
@require_POST
def start(request):
    position = _position(request.POST.get("position"))
    steps = _steps(position)
    night = store.get_night(request.user, store.tonight(request.user))
    session_row = RoutineSession.objects.create(
        user=request.user,
        night=night,
        started_at=timezone.now(),
        holds_total=holds_total(steps),
    )
    url = reverse("care:routine_session", args=[session_row.pk])
    return redirect(f"{url}?position={position}")


@login_required
def session(request, pk: int):
    row = get_object_or_404(RoutineSession, pk=pk, user=request.user)
    position = _position(request.GET.get("position"))
    steps = _steps(position)
    context = {"session": row, "steps": steps, "holds_total": row.holds_total, "position": position}
    return render(request, "care/routine_session.html", context)


STRETCHING = "bedtime_stretching"


def stretching_answer(user, night) -> bool | None:
    """Tonight's recorded bedtime stretching (True/False), or None when nothing is recorded."""
    from nightcramp.diary.models import FactorValue

    row = FactorValue.objects.filter(user=user, night=night, factor__name=STRETCHING).first()
    return None if row is None else bool(row.value)


def _holds_or_error(request, row: RoutineSession) -> tuple[int, str]:
    try:
        holds = int(request.POST.get("holds_done", ""))
    except ValueError:
        holds = -1
    if 1 <= holds <= row.holds_total:
        return holds, ""
    return holds, (
        f"Holds done must be a whole number from 1 to {row.holds_total}; "
        f"got {request.POST.get('holds_done', 'nothing')!r}. Nothing was recorded."
    )


@login_required
@require_POST
def finish(request, pk: int):
    """Store the holds done; a complete session records tonight's stretching unless the
    person already answered — then the routine page asks before changing their answer.
    A partial session is kept as partial ("5 of 12 holds") and changes no answer."""
    row = get_object_or_404(RoutineSession, pk=pk, user=request.user)
    holds, error = _holds_or_error(request, row)
    if error:
        position = _position(request.POST.get("position"))
        context = {"session": row, "steps": _steps(position), "holds_total": row.holds_total}
        context.update(position=position, error=error)
        return render(request, "care/routine_session.html", context, status=400)
    with transaction.atomic():
        row.completed_at = timezone.now()
        row.holds_done = holds
        row.save(update_fields=["completed_at", "holds_done"])
        if row.complete and stretching_answer(request.user, row.night) is None:
            store.evening_checkin(request.user, row.night.night, {STRETCHING: True})
    return redirect("care:routine")


@login_required
@require_POST
def confirm(request, pk: int):
    """The person agreed to change an earlier "did not stretch" to yes after a full session."""
    row = get_object_or_404(RoutineSession, pk=pk, user=request.user)
    if row.complete:
        store.evening_checkin(request.user, row.night.night, {STRETCHING: True})
    return redirect("care:routine")


@login_required
@require_POST
def keep_answer(request, pk: int):
    """The person keeps an earlier "did not stretch" after a full session: stored, so the
    routine page stops asking about this session."""
    row = get_object_or_404(RoutineSession, pk=pk, user=request.user)
    if row.complete and row.answer_kept_at is None:
        row.answer_kept_at = timezone.now()
        row.save(update_fields=["answer_kept_at"])
    return redirect("care:routine")
