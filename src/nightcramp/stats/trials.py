"""Self-experiments (n-of-1 trials): plan randomised periods, say tonight's arm, analyse.

Design: ``pairs`` pairs of periods of ``period_nights`` nights each; within every pair one
period is the intervention and one the control, in a random order (a fair coin per pair,
from ``seed``). The first ``washout_nights`` of each period are still lived in their arm
but left out of the analysis, so a carried-over effect of the previous period fades first.

Analysis, by assigned arm (intention to treat): per pair k,
``d_k = log((cramps_I + 1/2) / nights_I) - log((cramps_C + 1/2) / nights_C)``.
The p-value is the exact randomisation test of the design itself: under "no effect" every
one of the 2^K orders was equally likely, and swapping a pair's order flips the sign of
its d_k, so the p-value is the share of sign patterns whose |sum d| reaches the observed
one (all 2^K when K <= 12, else 20,000 random patterns). It is valid however nights are
correlated or over-dispersed, but it cannot go below 2 / 2^K: four pairs give 1/8.
Estimate and interval: mean d_k with a paired t interval (K - 1 df); ``prob_benefit``
is the posterior probability of a lower rate under a normal(0, 0.5^2) prior on the log
rate ratio, with the t likelihood approximated by a normal of the same 95 % width.
See docs/statistics.md.
"""

from __future__ import annotations

import math
import secrets
from datetime import date, timedelta

from nightcramp.diary.table import DiaryTable
from nightcramp.diary.trial_plan import (  # the plan contract, kept with the diary
    ARMS,
    CONTROL,
    INTERVENTION,
    PlanError,
    _parse_day,
    validate_plan,
)
from nightcramp.stats.wording import interval_text

EXACT_MAX_PAIRS = 12
MONTE_CARLO_ORDERS = 20000
POWER_ORDERS = 2000
CONFIRM_SIMULATIONS = 1000
PRIOR_SD = 0.5  # log rate ratio: 95 % prior mass between 0.38 and 2.7
ALPHA = 0.05
DEFAULT_DISPERSION = 0.5
DEFAULT_AUTOCORRELATION = 0.8
DEFAULT_LATENT_SD = 0.4
PLACEBO_NOTE = (
    "Why randomised periods: in the placebo groups of magnesium trials, cramps fell by "
    "about 28 % (27.8 %) with no active treatment (Cochrane review, Garrison 2020), and cramps "
    "roughly double from winter to summer (Garrison 2015). So 'before versus after' "
    "misleads: most things look as if they work. Alternating randomised periods cancel "
    "out both."
)
OBSERVATIONAL_NOTE = (
    "Observational comparison, not a randomised experiment: this plan was made on "
    "{planned}, after its first night ({start}), so the nights before the plan were not "
    "assigned at random. Like any before/after comparison, its result can mislead."
)
SAFETY_NOTE = (
    "Not medical advice: talk to your clinician before starting, stopping or changing any "
    "prescribed medicine, and see one if cramps are severe or come with swelling, weakness "
    "or numbness."
)

PRESCRIPTION_NOTE = (
    "'{intervention}' names a prescription medicine ({generics}). A self-experiment with a "
    "prescription medicine is only for a plan agreed with your prescriber, who decides the "
    "doses and the arms: do not start, stop or change it on your own."
)


def prescription_note(intervention: str) -> str | None:
    """A warning when a self-experiment names a medicine of the knowledge base, else None.

    N-of-1 trials of medicines (quinine among them) are run with a clinician (Woodfield
    2005); nightcramp never turns a medicine into an arm on its own say-so.
    """
    from nightcramp.assessment.matching import known_medicine_names
    from nightcramp.knowledge import load_knowledge

    generics = known_medicine_names(intervention, load_knowledge())
    if not generics:
        return None
    return PRESCRIPTION_NOTE.format(intervention=intervention.strip(), generics=", ".join(generics))


# --- planning ------------------------------------------------------------------


def plan_trial(
    intervention: str,
    start: date,
    period_nights: int,
    pairs: int,
    washout_nights: int = 0,
    seed: int | None = None,
    earliest: date | None = None,
) -> dict:
    """The contract's plan: ``{"intervention","start","end","washout_nights","periods"}``.

    Extra keys: ``period_nights``, ``pairs``, ``seed`` (a random one is drawn and recorded
    when none is given, so the plan can always be reproduced) and, when the intervention
    names a prescription medicine, ``clinician_note`` (see ``prescription_note``).
    ``earliest``: the first night that has not begun yet; a plan may not start before it
    (its order must be drawn before the nights it assigns) and records it as
    ``planned_on``. Raises PlanError.
    """
    import random

    _check_settings(intervention, start, period_nights, pairs, washout_nights)
    if earliest is not None and start < earliest:
        raise PlanError(
            "start",
            f"{start.isoformat()} is in the past; a self-experiment starts on a night that "
            f"has not begun yet ({earliest.isoformat()} or later), so the order of its "
            "periods is drawn before the nights it assigns",
        )
    if seed is None:
        seed = secrets.randbelow(2**31)
    rng = random.Random(int(seed))
    periods = []
    day = start
    for _ in range(pairs):
        order = list(ARMS) if rng.random() < 0.5 else [CONTROL, INTERVENTION]
        for arm in order:
            end = day + timedelta(days=period_nights - 1)
            periods.append({"start": day.isoformat(), "end": end.isoformat(), "arm": arm})
            day = end + timedelta(days=1)
    plan = {
        "intervention": intervention.strip(),
        "start": start.isoformat(),
        "end": (day - timedelta(days=1)).isoformat(),
        "washout_nights": washout_nights,
        "period_nights": period_nights,
        "pairs": pairs,
        "seed": int(seed),
        "periods": periods,
    }
    if earliest is not None:
        plan["planned_on"] = earliest.isoformat()
    note = prescription_note(intervention)
    if note:
        plan["clinician_note"] = note
    return plan


def planned_late(plan: dict, planned_on: date | None = None) -> date | None:
    """The night a plan was made on, when that was after its first night; else None.

    Such a plan's early nights were not assigned at random: its result is an observational
    comparison (``OBSERVATIONAL_NOTE``), never a randomised self-experiment. ``planned_on``
    defaults to the plan's own ``planned_on`` (None: not known, taken as planned in time).
    """
    when = planned_on or plan.get("planned_on")
    if when is None:
        return None
    when = _parse_day(when, "planned_on")
    start = _parse_day(plan["start"], "start")
    return when if start < when else None


def observational_note(plan: dict, planned_on: date | None = None) -> str:
    """``OBSERVATIONAL_NOTE`` for a plan made after its first night, else ""."""
    late = planned_late(plan, planned_on)
    if late is None:
        return ""
    return OBSERVATIONAL_NOTE.format(planned=late.isoformat(), start=plan["start"])


def _check_settings(
    intervention: str, start: date, period_nights: int, pairs: int, washout_nights: int
) -> None:
    if not isinstance(intervention, str) or not intervention.strip():
        raise PlanError("intervention", "name what you will try, e.g. 'bedtime stretching'")
    if not isinstance(start, date):
        raise PlanError("start", f"{start!r} is not a date (YYYY-MM-DD)")
    for name, value, least in (("period_nights", period_nights, 1), ("pairs", pairs, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise PlanError(name, f"must be a whole number of at least {least}, not {value!r}")
    if isinstance(washout_nights, bool) or not isinstance(washout_nights, int):
        raise PlanError("washout_nights", f"must be a whole number, not {washout_nights!r}")
    if washout_nights < 0:
        raise PlanError("washout_nights", f"cannot be negative ({washout_nights})")
    if washout_nights >= period_nights:
        raise PlanError(
            "washout_nights",
            f"{washout_nights} washout nights leave nothing of a {period_nights}-night period",
        )


# --- tonight's arm -------------------------------------------------------------------


def night_status(plan: dict, day: date) -> dict:
    """Where ``day`` falls in the plan: arm, whether it is a washout night, period and pair."""
    washout = int(plan.get("washout_nights", 0))
    for index, period in enumerate(plan["periods"]):
        first, last = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        if first <= day <= last:
            night_number = (day - first).days + 1
            return {
                "night": day.isoformat(),
                "in_trial": True,
                "arm": period["arm"],
                "washout": night_number <= washout,
                "period": index + 1,
                "pair": index // 2 + 1,
                "night_in_period": night_number,
                "period_nights": (last - first).days + 1,
                "period_end": period["end"],
            }
    starts = date.fromisoformat(plan["periods"][0]["start"])
    return {
        "night": day.isoformat(),
        "in_trial": False,
        "arm": None,
        "washout": False,
        "before_start": day < starts,
    }


def arm_on(plan: dict, day: date) -> str | None:
    """'intervention' or 'control' on ``day``, None outside the trial (washout nights count)."""
    return night_status(plan, day)["arm"]


# --- analysis ------------------------------------------------------------------------


def pair_differences(plan: dict, table: DiaryTable) -> tuple[list[dict], list[float]]:
    """Per period: cramps and nights used (washout and missing nights left out); per pair d_k."""
    washout = int(plan.get("washout_nights", 0))
    counts = {row.night: row.cramps for row in table.rows if row.cramps is not None}
    periods = []
    for period in plan["periods"]:
        first = date.fromisoformat(period["start"]) + timedelta(days=washout)
        last = date.fromisoformat(period["end"])
        nights = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        used = [counts[n] for n in nights if n in counts]
        periods.append(
            {
                "start": period["start"],
                "end": period["end"],
                "arm": period["arm"],
                "nights_used": len(used),
                "cramps": int(sum(used)),
            }
        )
    differences = []
    for i in range(0, len(periods), 2):
        pair = {p["arm"]: p for p in periods[i : i + 2]}
        a, c = pair[INTERVENTION], pair[CONTROL]
        if a["nights_used"] and c["nights_used"]:
            differences.append(
                math.log((a["cramps"] + 0.5) / a["nights_used"])
                - math.log((c["cramps"] + 0.5) / c["nights_used"])
            )
    return periods, differences


def sign_patterns(pairs: int, seed: int = 12345, orders: int = MONTE_CARLO_ORDERS):
    """All 2^K sign patterns (K <= 12), else ``orders`` random ones (K x M)."""
    import numpy as np

    if pairs <= EXACT_MAX_PAIRS:
        codes = np.arange(2**pairs)
        bits = (codes[None, :] >> np.arange(pairs)[:, None]) & 1
        return 1.0 - 2.0 * bits, True
    rng = np.random.default_rng(seed)
    return rng.choice([-1.0, 1.0], size=(pairs, orders)), False


def randomisation_p_values(differences, patterns, exact: bool):
    """Two-sided randomisation p-values for rows of ``differences`` (n x K)."""
    import numpy as np

    d = np.atleast_2d(np.asarray(differences, dtype=float))
    observed = np.abs(d.sum(axis=1))[:, None]
    null = np.abs(d @ patterns)
    tolerance = 1e-9 * (1 + observed)
    hits = (null >= observed - tolerance).sum(axis=1)
    if exact:
        return hits / patterns.shape[1]
    return (1 + hits) / (1 + patterns.shape[1])


def min_attainable_p(pairs: int) -> float:
    """The smallest two-sided p the design can give: 2 / 2^K (1 when K = 0)."""
    return 1.0 if pairs < 1 else min(1.0, 2.0 / 2**pairs)


def _estimate(differences: list[float], periods: list[dict]) -> tuple[float, float, float]:
    """Mean log rate ratio, its SE and the t df (SE from Poisson counts when K < 2)."""
    import numpy as np

    d = np.asarray(differences, dtype=float)
    k = len(d)
    poisson_var = sum(1 / (p["cramps"] + 0.5) for p in periods if p["nights_used"]) / max(k, 1) ** 2
    if k >= 2:
        se = max(float(d.std(ddof=1) / math.sqrt(k)), math.sqrt(poisson_var) * 0.5)
        return float(d.mean()), se, float(k - 1)
    # one pair cannot show its own noise: Poisson SE doubled for over-dispersion (documented)
    return float(d.mean()), 2 * math.sqrt(poisson_var), 1.0


def prob_benefit(estimate: float, se: float, df: float) -> float:
    """P(log rate ratio < 0) under a normal(0, PRIOR_SD^2) prior, normal-approximated t."""
    from scipy import special

    widen = float(special.stdtrit(df, 0.975) / special.ndtri(0.975))
    se_eff = se * widen
    precision = 1 / PRIOR_SD**2 + 1 / se_eff**2
    mean = (estimate / se_eff**2) / precision
    return float(special.ndtr(-mean * math.sqrt(precision)))


def _adherence(plan: dict, table: DiaryTable, factor: str) -> dict:
    done = {INTERVENTION: 0, CONTROL: 0}
    known = {INTERVENTION: 0, CONTROL: 0}
    for row in table.rows:
        status = night_status(plan, row.night)
        value = row.factors.get(factor)
        if not status["in_trial"] or value is None:
            continue
        known[status["arm"]] += 1
        done[status["arm"]] += int(bool(value))
    result = {"factor": factor}
    for arm in ARMS:
        result[f"{arm}_nights_known"] = known[arm]
        result[f"{arm}_nights_done"] = done[arm]
        result[f"{arm}_share_done"] = done[arm] / known[arm] if known[arm] else None
    return result


def analyze_trial(
    plan: dict,
    table: DiaryTable,
    adherence_factor: str | None = None,
    planned_on: date | None = None,
) -> dict:
    """The contract's result plus ``adherence``, ``verdict``, ``min_attainable_p`` and detail.

    ``randomised`` is False (and the verdict opens with ``OBSERVATIONAL_NOTE``) when the plan
    was made after its first night (``planned_late``).
    """
    plan = validate_plan(plan)
    result = _analyze_valid_plan(plan, table, adherence_factor)
    note = observational_note(plan, planned_on)
    result["randomised"] = not note
    if note:
        result["verdict"] = f"{note} {result['verdict']}"
    return result


def _analyze_valid_plan(plan: dict, table: DiaryTable, adherence_factor: str | None) -> dict:
    from scipy import special

    periods, differences = pair_differences(plan, table)
    k = len(differences)
    result: dict = {
        "intervention": plan["intervention"],
        "nights_used": sum(p["nights_used"] for p in periods),
        "rate_ratio": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
        "prob_benefit": None,
        "pairs_used": k,
        "pairs_planned": len(periods) // 2,
        "min_attainable_p": min_attainable_p(k),
        "periods": periods,
        "adherence": _adherence(plan, table, adherence_factor) if adherence_factor else None,
    }
    if k == 0:
        result["verdict"] = (
            "No result yet: no pair of periods has nights recorded in both arms. " + PLACEBO_NOTE
        )
        return result
    patterns, exact = sign_patterns(k)
    p_value = float(randomisation_p_values([differences], patterns, exact)[0])
    estimate, se, df = _estimate(differences, periods)
    half = float(special.stdtrit(df, 0.975)) * se
    result.update(
        rate_ratio=math.exp(estimate),
        ci_low=math.exp(estimate - half),
        ci_high=math.exp(estimate + half),
        p_value=p_value,
        prob_benefit=prob_benefit(estimate, se, df),
        exact=exact,
        log_rate_ratio=estimate,
        se=se,
    )
    result["verdict"] = _verdict(result, k)
    return result


def _verdict(result: dict, k: int) -> str:
    rr, low, high = result["rate_ratio"], result["ci_low"], result["ci_high"]
    change = f"{(1 - rr) * 100:.0f} % fewer" if rr < 1 else f"{(rr - 1) * 100:.0f} % more"
    parts = [
        f"On '{result['intervention']}' nights you had {change} cramps than on control nights "
        f"(rate ratio {rr:.2f}, 95 % interval {interval_text(low, high)}; {k} of "
        f"{result['pairs_planned']} pairs usable).",
        f"Estimated probability that it lowers your cramp rate (starting from a sceptical "
        f"prior): {result['prob_benefit'] * 100:.0f} %.",
    ]
    min_p = result["min_attainable_p"]
    if min_p > ALPHA:
        parts.append(
            f"With {k} pairs the smallest p-value this design can give is {min_p:.3g}, so it "
            f"cannot reach the usual 0.05 whatever happens (p = {result['p_value']:.3g}); "
            "treat the result as a hint and consider more pairs."
        )
    elif result["p_value"] < ALPHA:
        parts.append(
            f"A difference this large is unlikely from chance alone (p = {result['p_value']:.3g})"
            ", though one trial in one person can still mislead."
        )
    else:
        parts.append(
            f"The difference could well be chance (p = {result['p_value']:.3g}); "
            "this is not evidence that it does or does not work."
        )
    adherence = result.get("adherence")
    if adherence and adherence.get("intervention_share_done") is not None:
        share = adherence["intervention_share_done"]
        if share < 0.8:
            parts.append(
                f"You did it on {share * 100:.0f} % of the intervention nights you recorded; "
                "the analysis counts nights by plan, so missed nights dilute any effect."
            )
    parts += [PLACEBO_NOTE, SAFETY_NOTE]
    return " ".join(parts)


# --- power -----------------------------------------------------------------------------


def simulated_differences(
    rng,
    n_sim: int,
    rate_per_night: float,
    reduction: float,
    period_nights: int,
    pairs: int,
    dispersion: float,
    autocorrelation: float,
    latent_sd: float,
    washout_nights: int,
    missing_rate: float = 0.0,
):
    """d_k (n_sim x pairs) for simulated trials with randomised orders.

    Nights go missing at random with ``missing_rate``; a pair left without a night in one
    arm then contributes nothing (d_k = 0, which no sign flip changes).
    """
    import numpy as np

    from nightcramp.stats.night_model import nightly_rates

    nights = 2 * pairs * period_nights
    rates = nightly_rates(
        rng, n_sim, nights, rate_per_night, dispersion, autocorrelation, latent_sd
    ).reshape(n_sim, pairs, 2, period_nights)
    first_is_intervention = rng.random((n_sim, pairs)) < 0.5
    multiplier = np.where(
        first_is_intervention[..., None], [1 - reduction, 1.0], [1.0, 1 - reduction]
    )
    nightly = rng.poisson(rates * multiplier[..., None])[..., washout_nights:]
    seen = rng.random(nightly.shape) >= missing_rate
    counts = (nightly * seen).sum(axis=3)
    used = seen.sum(axis=3)
    log_rates = np.log((counts + 0.5) / np.maximum(used, 1))
    first_minus_second = log_rates[..., 0] - log_rates[..., 1]
    usable = (used > 0).all(axis=2)
    d = np.where(first_is_intervention, first_minus_second, -first_minus_second)
    return np.where(usable, d, 0.0)


def trial_power(
    rate_per_night: float,
    reduction: float,
    period_nights: int,
    pairs: int,
    dispersion: float = DEFAULT_DISPERSION,
    autocorrelation: float = DEFAULT_AUTOCORRELATION,
    washout_nights: int = 0,
    n_sim: int = 2000,
    latent_sd: float = DEFAULT_LATENT_SD,
    alpha: float = ALPHA,
    seed: int = 0,
    approximate: bool = False,
    missing_rate: float = 0.0,
) -> float:
    """Probability that the randomisation test gives p < alpha when the intervention cuts
    the rate by ``reduction`` (0.3 = 30 % fewer cramps), by simulation.

    Nights: gamma-Poisson counts (``dispersion``) around an AR(1) latent log-rate
    (``autocorrelation``, ``latent_sd``); ``missing_rate`` of nights unrecorded at random.
    0 when the design cannot reach
    p < alpha at all (2 / 2^pairs >= alpha). ``approximate`` replaces the exact sign-flip
    distribution by its normal approximation (sum d / sqrt(sum d^2)): fast, for searching.
    """
    import numpy as np

    _check_settings("power", date(2000, 1, 1), period_nights, pairs, washout_nights)
    if not rate_per_night > 0:
        raise PlanError("rate", f"must be above 0 cramps a night, not {rate_per_night!r}")
    if not 0 <= reduction < 1:
        raise PlanError("reduction", f"must be a share from 0 to below 1, not {reduction!r}")
    if min_attainable_p(pairs) >= alpha:
        return 0.0
    rng = np.random.default_rng(seed)
    if approximate:
        from scipy import special

        d = simulated_differences(
            rng, n_sim, rate_per_night, reduction, period_nights, pairs, dispersion,
            autocorrelation, latent_sd, washout_nights, missing_rate,
        )  # fmt: skip
        z = np.abs(d.sum(axis=1)) / np.sqrt(np.maximum((d * d).sum(axis=1), 1e-12))
        return float(np.mean(2 * special.ndtr(-z) < alpha))
    # many pairs: 2,000 random orders per simulated trial (the real analysis uses 20,000)
    patterns, exact = sign_patterns(pairs, seed=seed + 1, orders=POWER_ORDERS)
    rejections = 0
    chunk = max(1, 2_000_000 // (patterns.shape[1] * pairs))
    done = 0
    while done < n_sim:
        size = min(chunk, n_sim - done)
        d = simulated_differences(
            rng,
            size,
            rate_per_night,
            reduction,
            period_nights,
            pairs,
            dispersion,
            autocorrelation,
            latent_sd,
            washout_nights,
            missing_rate,
        )
        rejections += int(np.sum(randomisation_p_values(d, patterns, exact) < alpha))
        done += size
    return rejections / n_sim


def best_design(
    rate_per_night: float,
    reduction: float,
    dispersion: float = DEFAULT_DISPERSION,
    autocorrelation: float = DEFAULT_AUTOCORRELATION,
    washout_nights: int = 0,
    target: float = 0.8,
    period_options: tuple[int, ...] = (2, 3, 5, 7, 10, 14),
    max_pairs: int = 26,
    n_sim: int = 1000,
    latent_sd: float = DEFAULT_LATENT_SD,
    seed: int = 0,
    missing_rate: float = 0.0,
) -> dict:
    """The design reaching ``target`` power in the fewest nights.

    Searched with the normal approximation, then confirmed with the exact randomisation
    test (adding pairs while the confirmed power falls short of the target).

    Needs at least 6 pairs (2 / 2^6 < 0.05). Returns ``{"reachable", "period_nights",
    "pairs", "washout_nights", "total_nights", "power"}``; ``reachable`` False when no
    design up to ``max_pairs`` pairs of the longest period gets there.
    """
    least_pairs = next(k for k in range(1, 64) if min_attainable_p(k) < ALPHA)
    best = None
    for period in period_options:
        if period <= washout_nights:
            continue

        def power(k: int, period: int = period) -> float:
            return trial_power(
                rate_per_night, reduction, period, k, dispersion, autocorrelation,
                washout_nights, n_sim, latent_sd, seed=seed, approximate=True,
                missing_rate=missing_rate,
            )  # fmt: skip

        low, high = least_pairs, max_pairs
        if power(high) < target:
            continue
        while low < high:  # the fewest pairs reaching the target (power rises with pairs)
            middle = (low + high) // 2
            if power(middle) >= target:
                high = middle
            else:
                low = middle + 1
        total = 2 * low * period
        if best is None or total < best["total_nights"]:
            best = {"period_nights": period, "pairs": low, "total_nights": total}
    if best is None:
        return {
            "reachable": False,
            "target_power": target,
            "message": (
                f"No design of up to {max_pairs} pairs reaches {target:.0%} power for a "
                f"{reduction:.0%} reduction at {rate_per_night:.2g} cramps a night: a "
                "self-experiment of that length could not reliably tell an effect this size "
                "from chance, so a result either way would not settle it."
            ),
        }
    while True:  # confirm with the exact test; add pairs while it falls short
        final = trial_power(
            rate_per_night, reduction, best["period_nights"], best["pairs"], dispersion,
            autocorrelation, washout_nights, CONFIRM_SIMULATIONS, latent_sd, seed=seed + 7,
            missing_rate=missing_rate,
        )  # fmt: skip
        if final >= target or best["pairs"] >= max_pairs + 4:
            break
        best["pairs"] += 1
        best["total_nights"] = 2 * best["pairs"] * best["period_nights"]
    return {
        "reachable": True,
        **best,
        "washout_nights": washout_nights,
        "weeks": round(best["total_nights"] / 7, 1),
        "power": final,
        "target_power": target,
    }
