"""Self-experiments (n-of-1 trials): plan with a power estimate, follow, analyse, stop."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from nightcramp.diary import store
from nightcramp.diary.models import Trial
from nightcramp.web.care.forms import TrialForm

RATE_WINDOW_NIGHTS = 90
MIN_NIGHTS_FOR_RATE = 14
STRETCHING_FACTOR = "bedtime_stretching"


# --- planning ------------------------------------------------------------------


def recent_rate(user, today: date) -> tuple[float | None, int]:
    """Cramps per night over the last 90 nights with a morning check-in, and how many.

    Missing nights are left out, never counted as zero.
    """
    table = store.load_table(user, today - timedelta(days=RATE_WINDOW_NIGHTS), today)
    counts = [c for c in table.counts() if c is not None]
    if not counts:
        return None, 0
    return sum(counts) / len(counts), len(counts)


def power_estimate(data: dict) -> dict:
    """Power of the chosen design, and the best design of about the same length."""
    from nightcramp.stats.trials import best_design, trial_power

    rate = data["cramps_per_week"] / 7
    reduction = data["reduction_percent"] / 100
    power = trial_power(
        rate,
        reduction,
        data["period_nights"],
        data["pairs"],
        washout_nights=data["washout_nights"],
    )
    best = best_design(rate, reduction, total_nights=2 * data["period_nights"] * data["pairs"])
    return {"power": power, "best": best, "rate": rate, "reduction": reduction}


@login_required
@require_http_methods(["GET", "POST"])
def trial_new(request):
    tonight = store.tonight(request.user)
    rate, nights = recent_rate(request.user, tonight)
    estimate = None
    if request.method == "POST":
        form = TrialForm(request.POST)
        valid = form.is_valid()
        if valid and request.POST.get("action") == "create":
            problem = _overlap(request.user, form.cleaned_data)
            if not problem:
                trial = create_trial(request.user, form.cleaned_data)
                return redirect("care:trial_detail", pk=trial.pk)
            form.add_error("start", problem)
            valid = False
        if valid:
            estimate = power_estimate(form.cleaned_data)
        status = 200 if valid else 400
    else:
        initial = {"start": tonight}
        if rate is not None and nights >= MIN_NIGHTS_FOR_RATE:
            initial["cramps_per_week"] = round(rate * 7, 1)
        form = TrialForm(initial=initial)
        if "cramps_per_week" in initial:
            estimate = power_estimate({**_field_initials(form), **initial})
        status = 200
    context = {
        "form": form,
        "estimate": estimate,
        "diary_rate_week": None if rate is None else round(rate * 7, 1),
        "diary_nights": nights,
        "min_nights": MIN_NIGHTS_FOR_RATE,
    }
    return render(request, "care/trial_new.html", context, status=status)


def _field_initials(form: TrialForm) -> dict:
    return {name: field.initial for name, field in form.fields.items()}


def _overlap(user, data: dict) -> str:
    """A running trial whose dates overlap would mix two experiments' nights."""
    end = data["start"] + timedelta(days=2 * data["period_nights"] * data["pairs"] - 1)
    other = Trial.objects.filter(
        user=user, status=Trial.Status.ACTIVE, start__lte=end, end__gte=data["start"]
    ).first()
    if other is None:
        return ""
    return (
        f"Your trial of {other.intervention} runs from {other.start} to {other.end}, "
        "which overlaps these dates: stop it first or start after it ends."
    )


def create_trial(user, data: dict) -> Trial:
    """Randomise the periods (a fresh seed, kept for the record) and save the trial."""
    from nightcramp.stats.trials import plan_trial

    seed = secrets.randbelow(2**31)
    plan = plan_trial(
        data["intervention"],
        data["start"],
        data["period_nights"],
        data["pairs"],
        data["washout_nights"],
        seed,
    )
    return Trial.objects.create(
        user=user,
        intervention=data["intervention"],
        start=date.fromisoformat(str(plan["start"])),
        end=date.fromisoformat(str(plan["end"])),
        period_nights=data["period_nights"],
        pairs=data["pairs"],
        washout_nights=data["washout_nights"],
        seed=seed,
        plan=plan,
    )


# --- following and analysing ---------------------------------------------------


@login_required
def trial_list(request):
    trials = Trial.objects.filter(user=request.user)
    tonight = store.tonight(request.user)
    rows = [{"trial": t, "state": state_of(t, tonight)} for t in trials]
    return render(request, "care/trials.html", {"rows": rows})


def state_of(trial: Trial, tonight: date) -> str:
    if trial.status == Trial.Status.STOPPED:
        return "Stopped early"
    if trial.status == Trial.Status.FINISHED or tonight > trial.end:
        return "Finished"
    if tonight < trial.start:
        return f"Starts {trial.start:%a %d %b}"
    return "Running"


def period_rows(trial: Trial, table, tonight: date) -> list[dict]:
    """Each period with its nights recorded and (for stretching) the nights stretched."""
    by_night = {row.night: row for row in table.rows}
    tracks_stretching = "stretch" in trial.intervention.lower()
    rows = []
    for number, period in enumerate(trial.plan["periods"], start=1):
        start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        nights = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        past = [n for n in nights if n < tonight]
        recorded = [n for n in past if by_night.get(n) and by_night[n].cramps is not None]
        stretched = [
            n for n in past if by_night.get(n) and by_night[n].factors.get(STRETCHING_FACTOR)
        ]
        rows.append(
            {
                "number": number,
                "arm": period["arm"],
                "start": start,
                "end": end,
                "when": "now"
                if start <= tonight <= end
                else ("past" if end < tonight else "later"),
                "nights": len(nights),
                "past": len(past),
                "recorded": len(recorded),
                "stretched": len(stretched) if tracks_stretching else None,
            }
        )
    return rows


def _when(start: date, end: date, tonight: date) -> str:
    if start <= tonight <= end:
        return "now"
    return "past" if end < tonight else "later"


def adherence(rows: list[dict]) -> dict:
    past = sum(r["past"] for r in rows)
    summary = {"past": past, "recorded": sum(r["recorded"] for r in rows), "stretching": None}
    if rows and rows[0]["stretched"] is not None:
        summary["stretching"] = {
            arm: {
                "done": sum(r["stretched"] for r in rows if r["arm"] == arm),
                "of": sum(r["past"] for r in rows if r["arm"] == arm),
            }
            for arm in ("intervention", "control")
        }
    return summary


def explain(analysis: dict, intervention: str) -> list[str]:
    """The analysis in plain words that never claim more than the numbers show."""
    ratio, low, high = analysis["rate_ratio"], analysis["ci_low"], analysis["ci_high"]
    nights = analysis["nights_used"]
    words = [f"Based on {nights} recorded nights."]
    if ratio is None:
        return words + ["There is not enough data in both arms to compare them yet."]
    change = (1 - ratio) * 100
    direction = "fewer" if change >= 0 else "more"
    words.append(
        f"On {intervention.lower()} nights you had about {abs(change):.0f}% {direction} cramps "
        f"than on control nights (rate ratio {ratio:.2f}; 95% interval {low:.2f} to {high:.2f})."
    )
    if high < 1:
        words.append(
            "The whole interval is below 1: in this experiment, cramps were less frequent with "
            f"{intervention.lower()}, and chance alone is an unlikely explanation "
            f"(p = {analysis['p_value']:.3f})."
        )
    elif low > 1:
        words.append(
            "The whole interval is above 1: in this experiment, cramps were more frequent with "
            f"{intervention.lower()} (p = {analysis['p_value']:.3f})."
        )
    else:
        words.append(
            f"The interval includes 1 (no difference), so this experiment cannot tell whether "
            f"{intervention.lower()} helps: the data fit anything from "
            f"{_percent_words(high)} to {_percent_words(low)} (p = {analysis['p_value']:.3f})."
        )
    if analysis.get("prob_benefit") is not None:
        words.append(
            f"Probability that {intervention.lower()} lowers your cramp rate: "
            f"{analysis['prob_benefit'] * 100:.0f}%."
        )
    words.append(
        "One experiment on one person, over one stretch of time: seasons and chance move "
        "cramp rates too. Share this result with your clinician rather than changing any "
        "prescribed medicine on its own."
    )
    return words


def _percent_words(ratio: float) -> str:
    change = (1 - ratio) * 100
    return f"{abs(change):.0f}% {'fewer' if change >= 0 else 'more'} cramps"


@login_required
def trial_detail(request, pk: int):
    trial = get_object_or_404(Trial, pk=pk, user=request.user)
    tonight = store.tonight(request.user)
    table = store.load_table(request.user, trial.start, trial.end)
    rows = period_rows(trial, table, tonight)
    state = state_of(trial, tonight)
    context = {
        "trial": trial,
        "state": state,
        "tonight": tonight,
        "arm": _arm_tonight(trial, tonight) if state == "Running" else None,
        "periods": rows,
        "adherence": adherence(rows),
        "analysis": None,
        "analysis_problem": "",
    }
    if state in ("Finished", "Stopped early") or request.GET.get("analyze") == "1":
        context.update(_analysis(trial, table))
    return render(request, "care/trial_detail.html", context)


def _arm_tonight(trial: Trial, tonight: date) -> str | None:
    from nightcramp.stats.trials import arm_on

    return arm_on(trial.plan, tonight)


def _analysis(trial: Trial, table) -> dict:
    from nightcramp.stats.trials import analyze_trial

    try:
        analysis = analyze_trial(trial.plan, table)
    except ValueError as problem:  # not enough nights in one arm: say so, plainly
        return {"analysis": None, "analysis_problem": str(problem)}
    return {"analysis": analysis, "explanation": explain(analysis, trial.intervention)}


@login_required
@require_POST
def trial_stop(request, pk: int):
    trial = get_object_or_404(Trial, pk=pk, user=request.user)
    if trial.status == Trial.Status.ACTIVE:
        trial.status = Trial.Status.STOPPED
        trial.stopped_at = timezone.now()
        trial.save(update_fields=["status", "stopped_at"])
    return redirect("care:trial_detail", pk=trial.pk)
