"""``nightcramp trial ...``: plan a self-experiment, tonight's arm, analyse it, power."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from nightcramp.cli.base import app, cli_user, fail, print_json, read_json, write_file

trial_app = typer.Typer(
    help="Self-experiments (n-of-1 trials): randomised periods of something against control.",
    no_args_is_help=True,
)

JSON_OPTION = typer.Option("--json", help="Machine-readable output.")


def _parse_start(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"--start '{text}' is not a date in YYYY-MM-DD form") from None


OPTION_NAMES = {
    "intervention": "--intervention",
    "start": "--start",
    "period_nights": "--period-nights",
    "pairs": "--pairs",
    "washout_nights": "--washout-nights",
    "rate": "--rate",
    "reduction": "--reduction",
}


@trial_app.command("plan")
def plan(
    intervention: Annotated[
        str, typer.Option(help="What you will try, e.g. 'bedtime stretching'.")
    ],
    start: Annotated[str, typer.Option(help="First night, YYYY-MM-DD.")],
    period_nights: Annotated[int, typer.Option(help="Nights in each period.")],
    pairs: Annotated[int, typer.Option(help="Pairs of periods (one of each arm per pair).")],
    washout_nights: Annotated[
        int, typer.Option(help="Nights at the start of each period left out of the analysis.")
    ] = 0,
    seed: Annotated[int | None, typer.Option(help="Random seed (to reproduce a plan).")] = None,
    save: Annotated[
        bool, typer.Option("--save/--no-save", help="Store it as your running trial.")
    ] = True,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Also write the plan JSON here.")
    ] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Plan randomised periods: each pair holds one intervention and one control period."""
    from nightcramp.stats.trials import PlanError, plan_trial

    first = _parse_start(start)
    _check_plan_size(intervention, first, period_nights, pairs, seed)
    user = cli_user()
    from nightcramp.diary.trial_store import first_open_night

    try:
        result = plan_trial(
            intervention,
            first,
            period_nights,
            pairs,
            washout_nights,
            seed,
            earliest=first_open_night(user),
        )
    except PlanError as exc:
        option = OPTION_NAMES.get(exc.field, exc.field)
        raise fail(f"{option}: {str(exc).split(': ', 1)[1]}") from None
    if output is not None:
        write_file(output, (json.dumps(result, indent=2) + "\n").encode("utf-8"), "-o")
    stopped = []
    if save:
        from nightcramp.diary.trial_store import save_trial

        _, stopped = save_trial(user, result)
    if as_json:
        print_json(result)
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    console.print(
        f"[bold]{escape(result['intervention'])}[/]: {result['start']} to {result['end']}, "
        f"{pairs} pairs of {period_nights}-night periods"
        + (f", first {washout_nights} nights of each not counted" if washout_nights else "")
    )
    for number, period in enumerate(result["periods"], start=1):
        console.print(f"  {number:2d}. {period['start']} – {period['end']}  {period['arm']}")
    if result.get("clinician_note"):
        console.print(f"[bold yellow]{escape(result['clinician_note'])}[/]")
    for old in stopped:
        console.print(f"[dim]The earlier trial of '{old.intervention}' was marked stopped.[/]")
    if save:
        console.print("Saved. `nightcramp trial today` tells you tonight's arm.")


MAX_TRIAL_NIGHTS = 3660  # ten years: a self-experiment takes weeks or months
MAX_SEED = 2**63 - 1  # what the database stores
MAX_RATE = 1000.0  # cramps a night, as the diary's own limit


def _check_plan_size(
    intervention: str, first: date, period_nights: int, pairs: int, seed: int | None
) -> None:
    """Refuse what plan_trial would accept but the diary cannot hold (huge or far-off plans)."""
    from datetime import timedelta

    if len(intervention.strip()) > 200:
        raise fail(f"--intervention is {len(intervention.strip())} characters; at most 200 fit")
    if seed is not None and not -MAX_SEED <= seed <= MAX_SEED:
        raise fail(f"--seed must be between {-MAX_SEED} and {MAX_SEED}")
    nights = _check_trial_length(period_nights, pairs)
    try:
        first + timedelta(days=nights)
    except OverflowError:
        raise fail(f"--start {first}: the trial would end after the year 9999") from None


def _check_trial_length(period_nights: int, pairs: int) -> int:
    """The trial's nights; refused above ten years (the statistics name values below 1)."""
    if period_nights < 1 or pairs < 1:
        return 0
    nights = period_nights * 2 * pairs
    if nights > MAX_TRIAL_NIGHTS:
        raise fail(
            f"--pairs {pairs} of --period-nights {period_nights}: {nights:,} nights (about "
            f"{nights / 365.25:,.0f} years) is more than a self-experiment can run; keep it "
            f"under {MAX_TRIAL_NIGHTS} nights"
        )
    return nights


@trial_app.command("today")
def today(as_json: Annotated[bool, JSON_OPTION] = False) -> None:
    """Which arm tonight is in, for your running trial."""
    user = cli_user()
    from nightcramp.diary.store import tonight
    from nightcramp.diary.trial_store import current_trial
    from nightcramp.stats.trials import night_status

    night = tonight(user)
    trial = current_trial(user, night)
    if trial is None:
        raise fail("no running trial: plan one with `nightcramp trial plan`", code=1)
    status = night_status(trial.plan, night)
    status["intervention"] = trial.intervention
    if as_json:
        print_json(status)
        return
    if not status["in_trial"]:
        when = "has not started yet" if status.get("before_start") else "is over"
        typer.echo(f"Tonight ({night}) is outside your trial of '{trial.intervention}': it {when}.")
        return
    from nightcramp.stats.trials import prescription_note

    note = prescription_note(trial.intervention)
    if note:  # a medicine: the arms are whatever the prescriber agreed, never our order
        action = (
            f"{status['arm']} night of your self-experiment with '{trial.intervention}', "
            "as agreed with your prescriber"
        )
    elif status["arm"] == "intervention":
        action = f"do '{trial.intervention}'"
    else:
        action = f"do NOT do '{trial.intervention}' (control)"
    washout = " It is a washout night (not counted)." if status["washout"] else ""
    typer.echo(
        f"Tonight ({night}): {action}. Period {status['period']}, night "
        f"{status['night_in_period']} of {status['period_nights']}.{washout}"
    )
    if note:
        typer.echo(note)


def _read_plan(path: Path) -> dict:
    from nightcramp.stats.trials import PlanError, validate_plan

    data = read_json(path, "--plan")
    try:
        return validate_plan(data)
    except PlanError as exc:
        raise fail(f"--plan {path}: {exc}") from None


@trial_app.command("analyze")
def analyze(
    plan_file: Annotated[
        Path | None, typer.Option("--plan", help="A plan JSON (default: your latest trial).")
    ] = None,
    diary: Annotated[
        Path | None, typer.Option(help="A nights.csv (default: your stored diary).")
    ] = None,
    adherence: Annotated[
        str | None,
        typer.Option(
            help="A yes/no factor recording whether you did it (e.g. bedtime_stretching)."
        ),
    ] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Did it work? Randomisation test, rate ratio with interval, probability of benefit."""
    from nightcramp.cli.analyze import load_diary

    planned = None
    if plan_file is not None:
        plan_data = _read_plan(plan_file)
    else:
        user = cli_user()  # sets Django up before the models are imported
        from nightcramp.diary.trial_store import latest_trial, planned_on

        trial = latest_trial(user)
        if trial is None:
            raise fail("no stored trial: give --plan plan.json or plan one first")
        plan_data, planned = trial.plan, planned_on(trial)
    table = load_diary(diary)
    if adherence is not None and adherence not in table.factor_kinds:
        raise fail(f"--adherence: the diary has no factor named '{adherence}'")
    if adherence is not None and table.factor_kinds[adherence] != "boolean":
        raise fail(f"--adherence: '{adherence}' holds numbers; give a yes/no factor")
    from nightcramp.stats.trials import analyze_trial

    result = analyze_trial(plan_data, table, adherence_factor=adherence, planned_on=planned)
    if as_json:
        print_json(result)
        return
    typer.echo(f"{result['nights_used']} nights used.")
    typer.echo(result["verdict"])


@trial_app.command("power")
def power(
    reduction: Annotated[
        float, typer.Option(help="The reduction to detect: 0.3 = 30 % fewer cramps.")
    ] = 0.3,
    rate: Annotated[
        float | None,
        typer.Option(help="Cramps per night (default: your last 90 nights' rate)."),
    ] = None,
    period_nights: Annotated[int | None, typer.Option(help="Nights per period.")] = None,
    pairs: Annotated[int | None, typer.Option(help="Pairs of periods.")] = None,
    washout_nights: Annotated[int, typer.Option(help="Washout nights per period.")] = 0,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Chance a planned trial detects a given reduction, and the quickest design reaching 80 %."""
    from nightcramp.stats.trials import PlanError, best_design, min_attainable_p, trial_power

    missing_rate = 0.0
    if rate is None:
        rate, missing_rate, noise = _recent_rate()
    else:
        noise = _diary_noise()  # the rate is yours; the noise still comes from the diary
    settings = {name: noise[name] for name in ("dispersion", "autocorrelation", "latent_sd")}
    if (period_nights is None) != (pairs is None):
        raise fail("give both --period-nights and --pairs, or neither")
    if rate > MAX_RATE:  # NaN and values <= 0 are named by the statistics
        raise fail(f"--rate: {rate:g} cramps a night is not plausible (at most {MAX_RATE:g})")
    if period_nights is not None and pairs is not None:
        _check_trial_length(period_nights, pairs)
    result: dict = {
        "rate_per_night": rate,
        "reduction": reduction,
        "missing_rate": missing_rate,
        "noise": noise,
    }
    try:
        if period_nights is not None and pairs is not None:
            result.update(
                period_nights=period_nights,
                pairs=pairs,
                washout_nights=washout_nights,
                power=trial_power(
                    rate,
                    reduction,
                    period_nights,
                    pairs,
                    washout_nights=washout_nights,
                    missing_rate=missing_rate,
                    **settings,
                ),  # fmt: skip
                min_attainable_p=min_attainable_p(pairs),
            )
        result["best_design"] = best_design(
            rate, reduction, washout_nights=washout_nights, missing_rate=missing_rate, **settings
        )
    except PlanError as exc:
        option = OPTION_NAMES.get(exc.field, exc.field)
        raise fail(f"{option}: {str(exc).split(': ', 1)[1]}") from None
    if as_json:
        print_json(result)
        return
    typer.echo(noise["message"])
    if "power" in result:
        typer.echo(
            f"{pairs} pairs of {period_nights} nights: {result['power'] * 100:.0f} % chance of "
            f"p < 0.05 for a {reduction:.0%} reduction at {rate:.2g} cramps a night"
            + (
                f" (this design cannot reach p < 0.05: its smallest p is "
                f"{result['min_attainable_p']:.3g})."
                if result["min_attainable_p"] >= 0.05
                else "."
            )
        )
    best = result["best_design"]
    if best["reachable"]:
        typer.echo(
            f"Quickest design to 80 %: {best['pairs']} pairs of {best['period_nights']} nights "
            f"({best['total_nights']} nights, about {best['weeks']:g} weeks; "
            f"power {best['power'] * 100:.0f} %)."
        )
    else:
        typer.echo(best["message"])


def _diary_noise() -> dict:
    """The stored diary's noise (the defaults when it is too short), as the web planner
    uses it whatever rate the person types."""
    user = cli_user()
    from nightcramp.diary.store import tonight
    from nightcramp.stats.noise import diary_noise

    return diary_noise(user, tonight(user))


def _recent_rate() -> tuple[float, float, dict]:
    """Cramps per recorded night over the last 90 nights, the share left unrecorded, and the
    diary's noise (``estimate_noise`` over the last year; the defaults when it is too short).
    """
    from datetime import timedelta

    user = cli_user()
    from nightcramp.diary.store import load_table, tonight

    last = tonight(user)
    table = load_table(user, start=last - timedelta(days=90), end=last)
    counts = [c for c in table.counts() if c is not None]
    if len(counts) < 14:
        raise fail(
            f"--rate: your diary has {len(counts)} checked-in nights in the last 90; give "
            "--rate (cramps per night) or record at least 14 nights first"
        )
    rate = sum(counts) / len(counts)
    if rate <= 0:
        raise fail("--rate: no cramps recorded in the last 90 nights; nothing to reduce")
    first = min(row.night for row in table.rows if row.cramps is not None)
    span = max((last - first).days, len(counts))  # tonight cannot be recorded yet
    return rate, min(0.5, max(0.0, 1 - len(counts) / span)), _diary_noise()


app.add_typer(trial_app, name="trial")
