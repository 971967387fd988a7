"""``nightcramp screen``: is it serious, why me, what to do (from a profile JSON file)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from nightcramp.cli.base import app, cli_user, fail, print_json, read_json

LEVEL_STYLES = {
    "emergency": ("bold white on red", "EMERGENCY: call emergency services now"),
    "urgent": ("bold red", "URGENT: see a clinician today"),
    "soon": ("bold yellow", "SOON: book an appointment within about two weeks"),
    "routine": ("cyan", "ROUTINE: mention at your next visit"),
}
PATTERN_TITLES = {
    "typical_nocturnal_leg_cramps": "Typical night-time leg cramps",
    "possible_restless_legs": "Possibly restless legs syndrome rather than cramps",
    "possible_claudication": "Possibly poor blood flow to the legs (claudication)",
    "possible_clot": "Possibly a blood clot: not a cramp",
    "possible_neuropathy": "Possibly nerve damage (neuropathy)",
    "needs_assessment": "Needs a clinician's assessment",
}


@app.command()
def screen(
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            help="Profile JSON file (see docs/screen.md); default: your stored profile.",
        ),
    ] = None,
    symptom: Annotated[
        list[str] | None,
        typer.Option(help="With the stored profile: a symptom id you have now (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check your profile and symptoms: red flags, the pattern, causes that may apply, a plan.

    With --profile, the file is screened and nothing is stored. Without it, your stored
    profile and medicines (`nightcramp profile`, `nightcramp medicine`) are screened and
    the result is saved, so red flags keep their dates for the clinician report.
    """
    if profile is not None and symptom:
        raise fail("--symptom goes with the stored profile; put symptoms in the file instead")
    user = None
    if profile is not None:
        data = _read_profile(profile)
        source = str(profile)
    else:
        user = cli_user()
        from nightcramp.diary.profiles import profile_dict

        data = profile_dict(user, symptoms=symptom)
        source = "your stored profile"
    from nightcramp.assessment import ProfileError
    from nightcramp.assessment import screen as run_screen

    try:
        result = run_screen(data)
    except ProfileError as error:
        if user is not None and symptom and error.field.startswith("symptoms"):
            raise fail(f"--symptom: {error.problem}") from None
        raise fail(f"{source}: invalid profile: {error}") from None
    if user is not None:
        from nightcramp.diary.models import Assessment

        Assessment.objects.create(user=user, profile=data, result=result)
    if as_json:
        print_json(result)
    else:
        _render(result)


def _read_profile(path: Path) -> Any:
    return read_json(path, "--profile")


def _render(result: dict) -> None:
    """Red flags first in their urgency's colour; pattern, factors, plan, tests, treatments."""
    from rich.console import Console
    from rich.markup import escape

    from nightcramp.knowledge import load_knowledge

    knowledge = load_knowledge()
    console = Console()
    cited: list[str] = []

    def cite(ids: list[str]) -> str:
        """Reference numbers in order of first use; the full citations are listed at the end."""
        cited.extend(i for i in ids if i not in cited)
        numbers = "".join(f"[{cited.index(i) + 1}]" for i in ids)  # [1] is not Rich markup
        return f"[dim]{numbers}[/]"

    if result["red_flags"]:
        console.rule("[bold]Red flags")
        for flag in result["red_flags"]:
            style, words = LEVEL_STYLES[flag["level"]]
            console.print(f"[{style}]{words}[/] ({knowledge.red_flag(flag['condition']).name})")
            console.print(f"  {escape(flag['message'])}")
            console.print(f"  {cite(flag['sources'])}")
    else:
        console.print("[green]No red flags in what you told us.[/]")
    for noted in result.get("noted_in_text") or []:
        console.print(f"  [dim]Read in your words:[/] {escape(noted['text'])} -> {noted['name']}")
    for family in result.get("family_history") or []:
        console.print(
            f"[dim]Family history, not counted as yours:[/] {escape(family['text'])} "
            f"({family['name']})"
        )
    console.rule("[bold]Pattern")
    console.print(PATTERN_TITLES[result["pattern"]])
    if result["contributing_factors"]:
        console.rule("[bold]What may contribute")
        for factor in result["contributing_factors"]:
            console.print(f"[bold]{factor['category']}[/]: {escape(factor['matched'])}")
            console.print(f"  {escape(factor['message'])}")
            console.print(f"  [italic]{escape(factor['evidence'])}[/]")
            console.print(f"  {cite(factor['sources'])}")
    console.rule("[bold]Your plan")
    for number, item in enumerate(result["plan"], start=1):
        console.print(f"{number}. [bold]{escape(item['title'])}[/]: {escape(item['action'])}")
        console.print(f"   [italic]Why:[/] {escape(item['why'])}")
        console.print(f"   {cite(item['sources'])}")
    if result["tests"]:
        console.rule("[bold]Tests a clinician may consider")
        console.print(f"[dim]{escape(result['tests_note'])}[/]")
        for test in result["tests"]:
            console.print(f"- {escape(test['name'])}: {escape(test['why'])}")
    if result.get("treatments"):
        console.rule("[bold]Treatments and their evidence")
        for treatment in result["treatments"]:
            who = (
                " [bold yellow](only a clinician's decision)[/]"
                if treatment["clinician_only"]
                else ""
            )
            grade = treatment["evidence_grade"]
            grade_words = (
                f"evidence grade {grade}" if grade != "not_graded" else "evidence not graded"
            )
            meaning = treatment.get("grade_meaning", "")
            console.print(
                f"[bold]{escape(treatment['name'])}[/] — {grade_words}"
                + (f" ({escape(meaning)})" if meaning else "")
                + who
            )
            console.print(f"  {escape(treatment['summary'])}")
            console.print(f"  [italic]Safety:[/] {escape(treatment['safety'])}")
            console.print(f"  {cite(treatment['sources'])}")
    console.rule("[bold]Sources")
    for number, source_id in enumerate(cited, start=1):
        console.print(f"[dim][{number}] {escape(knowledge.sources[source_id].citation)}[/]")
    console.rule()
    console.print(f"[dim]{escape(result['disclaimer'])}[/]")
