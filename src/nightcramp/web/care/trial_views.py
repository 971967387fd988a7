"""Self-experiments (n-of-1 trials): plan with a power estimate, follow, analyse, stop."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from nightcramp.diary import store, trial_store
from nightcramp.diary.models import Trial
from nightcramp.web.care.forms import TrialForm

RATE_WINDOW_NIGHTS = 90
NOISE_KEYS = ("dispersion", "autocorrelation", "latent_sd")
POWER_SIMULATIONS = 1000
BEST_DESIGN_SIMULATIONS = 300
BEST_DESIGN_MAX_PAIRS = 26  # as many as the form allows (about 0.5 s at 300 simulations)
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


def diary_noise(user, today: date) -> dict:
    """The person's own noise for the power estimate (see ``stats.noise.diary_noise``)."""
    from nightcramp.stats import noise

    return noise.diary_noise(user, today)


def power_estimate(data: dict, noise: dict | None = None) -> dict:
    """Power of the chosen design, and the shortest design reaching 80 % power (cached).

    ``noise`` (from ``diary_noise``) sets the simulation's noise; None = the defaults.
    """
    from django.core.cache import cache

    if noise is None:
        from nightcramp.stats.noise import assumed_noise

        noise = assumed_noise("no diary was read")
    rate = data["cramps_per_week"] / 7
    reduction = data["reduction_percent"] / 100
    design = (data["period_nights"], data["pairs"], data["washout_nights"])
    settings = {name: float(noise[name]) for name in NOISE_KEYS}
    key = "care-trial-power-{:.4f}-{:.2f}-{}-{}-{}-{:.4f}-{:.4f}-{:.4f}".format(
        rate, reduction, *design, *settings.values()
    )
    estimate = cache.get(key)
    if estimate is None:
        estimate = _simulate_power(rate, reduction, *design, **settings)
        cache.set(key, estimate, 3600)
    return {
        **estimate,
        "noise_words": noise["message"],
        "noise_fitted": noise["fitted"],
        "noise": settings,
    }


def _simulate_power(
    rate: float,
    reduction: float,
    period: int,
    pairs: int,
    washout: int,
    dispersion: float,
    autocorrelation: float,
    latent_sd: float,
):
    from nightcramp.stats.trials import ALPHA, best_design, min_attainable_p, trial_power

    noise = {
        "dispersion": dispersion,
        "autocorrelation": autocorrelation,
        "latent_sd": latent_sd,
    }
    power = trial_power(
        rate, reduction, period, pairs, washout_nights=washout, n_sim=POWER_SIMULATIONS, **noise
    )
    best = best_design(
        rate,
        reduction,
        washout_nights=washout,
        n_sim=BEST_DESIGN_SIMULATIONS,
        max_pairs=BEST_DESIGN_MAX_PAIRS,
        **noise,
    )
    estimate = {
        "power": power,
        "power_percent": round(power * 100),
        "reduction_percent": round(reduction * 100),
        "rate_week": round(rate * 7, 1),
        "best": best,
    }
    if min_attainable_p(pairs) >= ALPHA:
        estimate["power_advice"] = (
            f"With {pairs} pair{'s' if pairs > 1 else ''} this design can never show a clear "
            f"result: even a perfect one gives p = {min_attainable_p(pairs):.3g}, above 0.05. "
            "Use at least 6 pairs."
        )
    elif power < 0.5:
        estimate["power_advice"] = (
            'That is low: most likely the experiment ends with "could be chance" even if it '
            "works. Longer periods or more pairs help."
        )
    elif power < 0.8:
        estimate["power_advice"] = "Fair, but a longer experiment would be more likely to tell."
    else:
        estimate["power_advice"] = "Good: if it works this well, the experiment should show it."
    estimate["lead"] = lead_sentence(rate, reduction, best)
    if best.get("reachable"):
        estimate["best_words"] = (
            f"That design: {best['pairs']} pairs of {best['period_nights']}-night periods "
            f"({best['total_nights']} nights, about {best['total_nights'] / 7:.0f} weeks)."
        )
        estimate["is_best"] = (period, pairs) == (best["period_nights"], best["pairs"])
    else:
        estimate["best_words"] = best.get("message", "")
    return estimate


def lead_sentence(rate: float, reduction: float, best: dict) -> str:
    """What the person's own rate allows, first: "With your 3 cramps a week, a halving ..."."""
    week = rate * 7
    cramps = f"{week:.1f}".rstrip("0").rstrip(".")
    effect = "a halving" if abs(reduction - 0.5) < 1e-9 else f"a {reduction * 100:.0f}% drop"
    if not best.get("reachable"):
        return (
            f"With your {cramps} cramp{'' if cramps == '1' else 's'} a week, {effect} cannot be "
            "detected with 80% chance within half a year of periods: only a larger effect "
            "could show clearly."
        )
    weeks = max(1, round(best["total_nights"] / 7))
    return (
        f"With your {cramps} cramp{'' if cramps == '1' else 's'} a week, {effect} can be "
        f"detected with 80% chance in {weeks} week{'' if weeks == 1 else 's'}."
    )


@login_required
@require_http_methods(["GET", "POST"])
def trial_new(request):
    tonight = store.tonight(request.user)
    earliest = trial_store.first_open_night(request.user)
    rate, nights = recent_rate(request.user, tonight)
    noise = diary_noise(request.user, tonight)
    estimate = None
    medicine_note = None
    if request.method == "POST" and request.POST.get("action") == "best":
        form = _with_best_design(TrialForm(request.POST, earliest=earliest), noise, earliest)
    else:
        form = None
    if request.method == "POST":
        form = form or TrialForm(request.POST, earliest=earliest)
        valid = form.is_valid()
        if valid:
            medicine_note = _medicine_check(form, request.POST.get("action"))
            valid = not form.errors
        if valid and request.POST.get("action") == "create":
            from nightcramp.stats.trials import PlanError

            problem = _overlap(request.user, form.cleaned_data)
            if not problem:
                try:
                    trial = create_trial(request.user, form.cleaned_data, earliest)
                except PlanError as error:
                    field = error.field if error.field in form.fields else None
                    form.add_error(field, str(error))
                else:
                    return redirect("care:trial_detail", pk=trial.pk)
            else:
                form.add_error("start", problem)
            valid = False
        if valid:
            estimate = power_estimate(form.cleaned_data, noise)
        status = 200 if valid else 400
    else:
        initial = {"start": earliest}
        if rate is not None and nights >= MIN_NIGHTS_FOR_RATE:
            initial["cramps_per_week"] = round(rate * 7, 1)
        form = TrialForm(initial=initial, earliest=earliest)
        if "cramps_per_week" in initial:
            data = {**_field_initials(form), **initial}
            best = power_estimate(data, noise)["best"]
            if best.get("reachable"):  # offer the design the person's own rate allows
                initial.update(period_nights=best["period_nights"], pairs=best["pairs"])
                form = TrialForm(initial=initial, earliest=earliest)
            estimate = power_estimate({**_field_initials(form), **initial}, noise)
        status = 200
    context = {
        "form": form,
        "medicine_note": medicine_note,
        "estimate": estimate,
        "diary_rate_week": None if rate is None else round(rate * 7, 1),
        "diary_nights": nights,
        "min_nights": MIN_NIGHTS_FOR_RATE,
    }
    return render(request, "care/trial_new.html", context, status=status)


def _with_best_design(form: TrialForm, noise: dict, earliest: date) -> TrialForm:
    """The same form with the quickest design reaching 80 % power ("Use this design")."""
    if not form.is_valid():
        return form
    best = power_estimate(form.cleaned_data, noise)["best"]
    if not best.get("reachable"):
        return form
    data = form.data.copy()
    data["period_nights"], data["pairs"] = str(best["period_nights"]), str(best["pairs"])
    return TrialForm(data, earliest=earliest)


def _medicine_check(form: TrialForm, action: str | None) -> str | None:
    """The prescriber note for a medicine trial; creating one needs the prescriber's yes."""
    note = medicine_note_for(form.cleaned_data.get("intervention", ""))
    if note and action == "create" and not form.cleaned_data.get("clinician_agreed"):
        form.add_error(
            "clinician_agreed",
            f"{note} Tick this box only if your prescriber agreed to the plan; "
            "otherwise choose a habit to test, such as bedtime stretching.",
        )
    return note


def medicine_note_for(intervention: str) -> str | None:
    """The prescriber warning when a self-experiment names a prescription medicine."""
    from nightcramp.stats.trials import prescription_note

    return prescription_note(intervention) if intervention else None


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


def create_trial(user, data: dict, earliest: date | None = None) -> Trial:
    """Randomise the periods (a fresh seed, kept for the record) and save the trial.

    ``earliest``: the first night not yet begun (``trial_store.first_open_night``).
    """
    from nightcramp.stats.trials import plan_trial

    seed = secrets.randbelow(2**31)
    plan = plan_trial(
        data["intervention"],
        data["start"],
        data["period_nights"],
        data["pairs"],
        data["washout_nights"],
        seed,
        earliest=earliest or trial_store.first_open_night(user),
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
    stretching = tracks_stretching(trial)
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
                "stretched": len(stretched) if stretching else None,
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


@login_required
def trial_detail(request, pk: int):
    trial = get_object_or_404(Trial, pk=pk, user=request.user)
    tonight = store.tonight(request.user)
    table = store.load_table(request.user, trial.start, trial.end)
    rows = period_rows(trial, table, tonight)
    state = state_of(trial, tonight)
    from nightcramp.stats.trials import observational_note

    context = {
        "trial": trial,
        "medicine_note": medicine_note_for(trial.intervention),
        "observational": observational_note(trial.plan, trial_store.planned_on(trial)),
        "state": state,
        "tonight": tonight,
        "night": _night_tonight(trial, tonight) if state == "Running" else None,
        "periods": rows,
        "adherence": adherence(rows),
        "analysis": None,
    }
    if state in ("Finished", "Stopped early") or request.GET.get("analyze") == "1":
        context.update(_analysis(trial, table))
    return render(request, "care/trial_detail.html", context)


def _night_tonight(trial: Trial, tonight: date) -> dict:
    """Tonight's arm (``arm_on``) and whether it is a washout night."""
    from nightcramp.stats.trials import arm_on, night_status

    return {**night_status(trial.plan, tonight), "arm": arm_on(trial.plan, tonight)}


def _analysis(trial: Trial, table) -> dict:
    """The randomisation test's result; its verdict is the plain-words summary."""
    from nightcramp.stats.trials import analyze_trial

    factor = STRETCHING_FACTOR if tracks_stretching(trial) else None
    analysis = analyze_trial(
        trial.plan, table, adherence_factor=factor, planned_on=trial_store.planned_on(trial)
    )
    benefit = analysis.get("prob_benefit")
    return {
        "analysis": analysis,
        "prob_benefit_percent": None if benefit is None else round(benefit * 100),
        "numbers": {k: ratio_text(analysis.get(k)) for k in ("rate_ratio", "ci_low", "ci_high")},
    }


def ratio_text(value: float | None) -> str:
    """A rate ratio for people: two decimals, and no absurd digits from a tiny trial."""
    if value is None:
        return "not known"
    if value > 100:
        return "over 100"
    if value < 0.01:
        return "under 0.01"
    return f"{value:.2f}"


def tracks_stretching(trial: Trial) -> bool:
    """A stretching trial's adherence is the diary's bedtime_stretching factor."""
    return "stretch" in trial.intervention.lower()


@login_required
@require_POST
def trial_stop(request, pk: int):
    trial = get_object_or_404(Trial, pk=pk, user=request.user)
    if trial.status == Trial.Status.ACTIVE:
        trial.status = Trial.Status.STOPPED
        trial.stopped_at = timezone.now()
        trial.save(update_fields=["status", "stopped_at"])
    return redirect("care:trial_detail", pk=trial.pk)
