"""The clinician report: plain data -> HTML (Django template engine) -> A4 PDF (WeasyPrint).

``build_report_pdf(user, start, end, progress)`` is what the CLI and the web app call.
``report_context(data)`` is pure: it turns ``summary.ReportData`` into the words and
numbers the template shows, so they can be checked without rendering a PDF.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nightcramp.reports import summary as s

TEMPLATES = Path(__file__).parent / "templates"
MAX_TRIGGER_ROWS = 12
MAX_PAGES = 2
PDF_VARIANT = "pdf/ua-1"  # tagged, with language and title: readable by screen readers


@dataclass(frozen=True)
class Density:
    """How much the report shows: the CSS class on <body> (see report.css) and how many
    rows each long list keeps as a table row; the rest are summarised in one sentence."""

    css: str
    trigger_rows: int
    flag_rows: int | None = None
    medicine_rows: int | None = None
    trial_entries: int | None = None


# Loosest first; the first that fits MAX_PAGES is used. The last ones summarise: any diary,
# however long or heavy, fits on two pages.
DENSITIES = (
    Density("normal", MAX_TRIGGER_ROWS),
    Density("compact", 8),
    Density("tight", 5),
    Density("tight summary", 4, flag_rows=3, medicine_rows=5, trial_entries=2),
    Density("tight summary smallest", 3, flag_rows=2, medicine_rows=3, trial_entries=1),
)
STEPS = ("Reading the diary", "Computing the summaries", "Drawing the charts", "Laying out the PDF")

CONDITION_WORDS = {
    "dvt": "Possible deep vein thrombosis",
    "pulmonary_embolism": "Possible pulmonary embolism",
    "rhabdomyolysis": "Possible rhabdomyolysis",
    "acute_limb_ischaemia": "Possible acute limb ischaemia",
    "quinine_adverse_reaction": "Possible quinine adverse reaction",
    "neuromuscular_disease": "Possible neuromuscular disease",
    "neuropathy": "Possible neuropathy",
    "peripheral_arterial_disease": "Possible peripheral arterial disease",
    "restless_legs": "Possible restless legs syndrome",
    "lumbar_stenosis": "Possible lumbar stenosis",
    "thyroid_disease": "Possible thyroid disease",
    "diabetes": "Possible diabetes",
    "secondary_cause": "Possible secondary cause",
}
FACTOR_WORDS = {
    "fluids_glasses": "Fluids (glasses)",
    "exercise_minutes": "Exercise (minutes)",
    "exercise_intensity": "Exercise intensity",
    "sitting_hours": "Hours sitting",
    "standing_hours": "Hours standing",
    "alcohol_units": "Alcohol (units)",
    "caffeine_drinks": "Caffeine (drinks)",
    "bedtime_stretching": "Bedtime stretching",
    "supportive_footwear": "Supportive footwear",
    "foot_support_in_bed": "Foot/toe support in bed",
}


def build_report_pdf(
    user,
    start: date | None = None,
    end: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """The clinician report for ``user``'s nights from ``start`` to ``end`` (default: all).

    ``progress`` is called with each step's name as it begins (see ``STEPS``).
    """
    step = progress or (lambda _name: None)
    step(STEPS[0])
    data = s.gather(user, start, end)
    step(STEPS[1])
    context = report_context(data)
    step(STEPS[2])
    context["charts"] = draw_charts(data)
    context["charts"]["forest"] = forest_uri(context["forest_rows"])
    step(STEPS[3])
    return layout_pdf(context)


def layout_pdf(context: dict[str, Any]) -> bytes:
    """Lay the report out at the loosest density that fits ``MAX_PAGES`` pages.

    A heavy diary (many medicines, red flags or factors) is set tighter — smaller type and
    charts, fewer trigger rows — and then summarised (the longest lists keep their first
    rows and name the rest in one sentence) rather than spilling onto a third page. The PDF
    is tagged (PDF/UA-1): structure, language and title for screen readers.
    """
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=str(TEMPLATES / "report.css"))
    for density in DENSITIES:
        apply_density(context, density)
        html = HTML(string=render_html(context), base_url=str(TEMPLATES))
        document = html.render(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)
        if len(document.pages) <= MAX_PAGES:
            break
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def apply_density(context: dict[str, Any], density: Density) -> None:
    """Set the rows and the summary sentences one density shows."""
    context["density"] = density.css
    context["triggers"] = trigger_rows(context["trigger_result"], density.trigger_rows)
    flags, more = _split(context["red_flags"], density.flag_rows)
    context["red_flags_shown"] = flags
    context["red_flags_more"] = _more_sentence(
        "Also raised", [f"{f['condition_words']} ({f['level_words'].lower()})" for f in more]
    )
    earlier, more = _split(context.get("earlier_flags") or [], density.flag_rows)
    context["earlier_flags_shown"] = earlier
    context["earlier_flags_more"] = _more_sentence(
        "Also raised earlier",
        [f"{f['condition_words']} ({f['level_words'].lower()}, {f['when']})" for f in more],
    )
    medicines, more = _split(context["medicines"], density.medicine_rows)
    context["medicines_shown"] = medicines
    context["medicines_more"] = _more_sentence(
        "Also recorded", [f"{m['name']} ({m['started'] or 'start not given'})" for m in more]
    )
    trials, more = _split(context["trials"], density.trial_entries)
    context["trials_shown"] = trials
    context["trials_more"] = _more_sentence(
        "Earlier self-experiments",
        [f"{t['intervention']} ({t['start']} to {t['end']}, {t['status']})" for t in more],
    )


def _split(rows: list, limit: int | None) -> tuple[list, list]:
    if limit is None or len(rows) <= limit:
        return rows, []
    return rows[:limit], rows[limit:]


def _more_sentence(lead: str, items: list[str]) -> str:
    if not items:
        return ""
    return f"{lead} ({len(items)} not shown as rows to keep this report to two pages): " + (
        "; ".join(items) + "."
    )


def warm_up() -> None:
    """Make the first report of a server process as quick as the later ones.

    Imports and exercises everything a report loads once per process — the statistics
    (SciPy), the knowledge base and medicine matching, Matplotlib and its font cache,
    WeasyPrint with Pango, the fonts and the stylesheet — by drawing a chart and laying out
    a one-page tagged PDF. Call it where nobody waits: ``nightcramp serve`` runs it in a
    background thread; a pre-forking server can run it in the master before forking.
    """
    from datetime import timedelta

    from weasyprint import CSS, HTML

    import nightcramp.stats.timeline  # noqa: F401  (loads SciPy for the analyses)
    import nightcramp.stats.trials  # noqa: F401
    import nightcramp.stats.triggers  # noqa: F401
    from nightcramp.reports import charts

    s.resolve_generic_names(["Lipitor"])
    monday = date(2026, 1, 5)
    weeks = [s.Week(monday + timedelta(weeks=i), 1 + i % 3, 7) for i in range(6)]
    chart = _data_uri(charts.weekly_chart(weeks, s.poisson_trend(weeks)))
    html = (
        f'<html lang="en"><head><title>warm-up</title></head><body class="normal">'
        f"<h1>Warm-up</h1><h2>Table</h2><table class='grid'><tr><th>a</th><td>1 → 2 — ·</td>"
        f'</tr></table><img class="chart wide" src="{chart}" alt="chart"></body></html>'
    )
    stylesheet = CSS(filename=str(TEMPLATES / "report.css"))
    HTML(string=html, base_url=str(TEMPLATES)).write_pdf(
        stylesheets=[stylesheet], pdf_variant=PDF_VARIANT
    )


def render_html(context: dict[str, Any]) -> str:
    from django.template import Context, Engine

    engine = Engine(dirs=[str(TEMPLATES)], autoescape=True)
    return engine.get_template("report.html").render(Context(context))


def draw_charts(data: s.ReportData) -> dict[str, str]:
    """The three charts as data: URIs for <img> (SVG keeps them sharp when printed)."""
    from nightcramp.reports import charts

    weeks = s.weekly_counts(data.table, data.start, data.end)
    return {
        "weekly": _data_uri(charts.weekly_chart(weeks, s.poisson_trend(weeks))),
        "hours": _data_uri(charts.hour_chart(s.hour_histogram(data.episodes))),
        "medicines": _data_uri(charts.medicine_chart(weeks, data.medicines, data.start, data.end))
        if any(m.started or m.stopped for m in data.medicines)
        else "",
    }


def forest_uri(rows: list) -> str:
    """The forest plot of the trigger analysis (empty when no factor could be tested)."""
    from nightcramp.reports import charts

    return _data_uri(charts.forest_chart(rows)) if rows else ""


def forest_labels() -> dict[str, tuple[str, str]]:
    """The report's wording (label, unit) for each built-in factor."""
    from nightcramp.diary.factors import BUILTIN

    return {f.name: (FACTOR_WORDS.get(f.name, f.label), f.unit) for f in BUILTIN}


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


# --- words and numbers ---------------------------------------------------------------


def report_context(data: s.ReportData) -> dict[str, Any]:
    """Everything the template shows except the charts, as strings and small lists."""
    cov = s.coverage(data.table, data.start, data.end)
    weeks = s.weekly_counts(data.table, data.start, data.end)
    severity = s.severity_summary(data.episodes, data.table)
    context: dict[str, Any] = {
        "start": data.start.isoformat(),
        "end": data.end.isoformat(),
        "period": f"{data.start.isoformat()} to {data.end.isoformat()}",
        "generated": data.generated.date().isoformat(),
        "zone": data.zone,
        "about_person": about_person(data.profile),
        "coverage": cov,
        "per_night": _num(cov.per_recorded_night, 2),
        "per_week": _num(
            7 * cov.per_recorded_night if cov.per_recorded_night is not None else None
        ),
        "trend_sentence": s.trend_sentence(s.poisson_trend(weeks)),
        "episodes_note": episodes_note(len(data.episodes), cov.total_cramps),
        "body": s.body_map(data.episodes),
        "hours_caption": hours_caption(s.hour_histogram(data.episodes)),
        "red_flags": red_flag_rows([f for f in data.red_flags if f.current]),
        "earlier_flags": red_flag_rows([f for f in data.red_flags if not f.current]),
        "latest_screening": data.assessments[-1].isoformat() if data.assessments else "",
        "no_flags_sentence": no_flags_sentence(data.assessments),
        "medicines": medicine_rows(
            data.medicines, s.medicine_timeline(data.table, data.medicines), data.start
        ),
        "trigger_result": s.trigger_analysis(data.table),
        "trials": [trial_entry(t, data.full_table, data.generated.date()) for t in data.trials],
    }
    from nightcramp.stats.timeline import SEASON_SPAN, WINDOW, rule_words

    context.update(
        timeline_window=WINDOW, timeline_rule=rule_words(), timeline_season_span=SEASON_SPAN
    )
    from nightcramp.stats.forest import forest_rows, forest_summary

    context["forest_rows"] = forest_rows(context["trigger_result"], forest_labels())
    context["forest_summary"] = forest_summary(context["forest_rows"])
    context.update(severity_words(severity))
    context["body_caption"] = body_caption(context["body"])
    stretching = s.stretching_summary(data)
    context["stretching_sentence"] = stretching_sentence(stretching)
    context["routine_sentence"] = routine_sentence(stretching)
    context["relief_sentence"] = relief_sentence(s.relief_counts(data.episodes), len(data.episodes))
    return context


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def about_person(profile: dict[str, Any]) -> str:
    parts = []
    if profile.get("age"):
        parts.append(f"age {profile['age']}")
    if profile.get("sex"):
        parts.append(str(profile["sex"]))
    if profile.get("pregnancy_weeks"):
        parts.append(f"pregnant, {profile['pregnancy_weeks']} weeks")
    if profile.get("conditions"):
        parts.append("conditions given: " + ", ".join(profile["conditions"]))
    return ("Person: " + "; ".join(parts) + ".") if parts else ""


def episodes_note(logged: int, reported: int) -> str:
    if reported == 0 and logged == 0:
        return "No cramps were recorded in this period."
    return (
        f"Counts come from the morning check-ins; {logged} of the {reported} cramps were also "
        "logged in detail (time, leg, muscle, severity, duration) and the details below "
        f"describe those {logged}."
    )


def severity_words(sev: s.SeveritySummary) -> dict[str, str]:
    return {
        "severity_median": _num(sev.median, 1 if sev.median and sev.median % 1 else 0),
        "severity_detail": (
            f"worst {_num(sev.worst, 0)}; {sev.severe} of {sev.n} rated 7 or more"
            if sev.n
            else "no severity recorded"
        ),
        "woke": f"{sev.woke_yes} of {sev.woke_n}" if sev.woke_n else "—",
        "duration_detail": (
            f"median duration {_duration(sev.duration_median_seconds)}, longest "
            f"{_duration(sev.duration_max_seconds)} (n = {sev.duration_n})"
            if sev.duration_n
            else "no durations recorded"
        ),
    }


def hours_caption(histogram: list[tuple[int, int]]) -> str:
    total = sum(n for _, n in histogram)
    if not total:
        return "No logged cramp has a time."
    peak_hour, peak = max(histogram, key=lambda item: item[1])
    late = sum(n for h, n in histogram if 0 <= h < 6)
    return (
        f"{total} logged cramps by the hour they started; most often {peak_hour:02d}:00–"
        f"{peak_hour:02d}:59 ({peak}); {late} ({100 * late / total:.0f}%) between midnight "
        "and 06:00."
    )


def body_caption(body: dict[str, Any]) -> str:
    legs = body["legs"]
    text = f"{body['n']} logged cramps: left {legs['left']}, right {legs['right']}, both "
    text += f"{legs['both']}"
    if legs["not recorded"]:
        text += f", leg not recorded {legs['not recorded']}"
    if body["unrecorded_muscle"]:
        text += f"; muscle not recorded {body['unrecorded_muscle']}"
    return text + "."


def red_flag_rows(flags: list[s.RedFlagRow]) -> list[dict[str, str]]:
    return [
        {
            "when": _flag_dates(f),
            "level_words": s.LEVEL_WORDS.get(f.level, f.level),
            "condition_words": CONDITION_WORDS.get(f.condition, f.condition.replace("_", " ")),
            "message": f.message,
        }
        for f in flags
    ]


def _flag_dates(flag: s.RedFlagRow) -> str:
    if flag.last is None:
        return flag.when.isoformat()
    if flag.last == flag.when:
        return f"{flag.when.isoformat()} ({flag.times} screenings)"
    return f"{flag.when.isoformat()} to {flag.last.isoformat()} ({flag.times} screenings)"


def no_flags_sentence(assessments: list[date]) -> str:
    if not assessments:
        return "No screening has been saved, so no red flags have been checked by the app."
    return (
        f"None in the latest screening, on {assessments[-1].isoformat()} "
        f"({len(assessments)} saved). The app's screening does not replace an examination."
    )


LONG_WORD = 25  # characters: a longer word in a table cell may break anywhere


def wrap_class(text: str | None) -> str:
    """'anywhere' for a cell text holding a word too long for a table column (a name typed
    without spaces), so it wraps instead of pushing the table off the page; else ''."""
    return "anywhere" if any(len(word) > LONG_WORD for word in (text or "").split()) else ""


def medicine_rows(
    medicines: list[s.MedicineRow], timeline: list[dict | None], period_start: date
) -> list[dict[str, Any]]:
    """Table rows: each medicine with the before/after comparison of nightcramp.stats."""
    rows = []
    for med, entry in zip(medicines, timeline, strict=True):
        rows.append(
            {
                "name": med.name,
                "name_class": wrap_class(med.name),
                "generic": med.generic or "—",
                "dose": med.dose or "—",
                "dose_class": wrap_class(med.dose),
                "as_needed": med.as_needed,
                "started": med.started.isoformat() if med.started else "—",
                "stopped": med.stopped.isoformat() if med.stopped else "—",
                **comparison_words(entry, med, period_start),
            }
        )
    return rows


def comparison_words(entry: dict | None, med: s.MedicineRow, period_start: date) -> dict:
    """'rates' (cramps per night before → after, with n) and 'ratio' (rate ratio, CI, p)."""
    if entry is None:
        return {"rates": "no start date: nothing to compare", "ratio": "—"}
    before, after = entry.get("nights_before", 0), entry.get("nights_after", 0)
    if not before and not after:
        when = "before" if med.started and med.started < period_start else "around"
        return {"rates": f"no recorded nights {when} the start", "ratio": "—"}
    rates = (
        f"{_num(entry.get('rate_before'), 2)} (n = {before}) → "
        f"{_num(entry.get('rate_after'), 2)} (n = {after})"
    )
    if entry.get("rate_ratio") is None:
        from nightcramp.stats.timeline import missing_words

        missing = missing_words(entry)
        if entry.get("comparison_possible", True):
            missing = f"not enough data ({missing})"
        return {"rates": rates, "ratio": missing}
    ratio = (
        f"{entry['rate_ratio']:.2f} ({_num(entry.get('ci_low'), 2)}–"
        f"{_num(entry.get('ci_high'), 2)}), p = {_p(entry['p_value'])}"
    )
    return {"rates": rates, "ratio": ratio}


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3f}" if value < 0.01 else f"{value:.2f}"


def trigger_rows(result: dict[str, Any], max_rows: int = MAX_TRIGGER_ROWS) -> dict[str, Any]:
    """The trigger analysis as table rows and honest sentences (with n for each row).

    Flagged factors always come first; the table keeps at most ``max_rows`` tests
    (by p-value) so the report stays within two pages, and says how many it left out.
    """
    factors = result.get("factors") or []
    nights = result.get("nights_used", 0)
    tested = [f for f in factors if f.get("rate_ratio") is not None]
    untested = [f for f in factors if f.get("rate_ratio") is None]
    if not tested:
        sentence = result.get("message") or (
            f"Not enough recorded nights with factors to analyse yet ({nights} nights)."
        )
        return {
            "rows": [_trigger_row(f) for f in untested[:max_rows]],
            "sentence": sentence,
        }
    ordered = sorted(tested, key=lambda f: (not f.get("flagged"), f.get("p_value", 1.0)))
    shown = [f for f in ordered if f.get("flagged")]
    shown += [f for f in ordered if not f.get("flagged")][: max(0, max_rows - len(shown))]
    flagged = sum(1 for f in tested if f.get("flagged"))
    sentence = (
        f"{nights} nights with a morning check-in; n = nights with the factor recorded. Each "
        "factor is tested on the same day and the day before, allowing for season and slow "
        "drift. Rate ratio above 1: more cramps on nights with the factor (or per step). q "
        f"controls the false-discovery rate across the {len(tested)} tests; {flagged} flagged "
        "(q < 0.1). Associations in one person's diary, not proof of cause."
    )
    if len(shown) < len(tested):
        sentence += f" {len(tested) - len(shown)} unflagged tests with larger p are not shown."
    if untested:
        names = ", ".join(_trigger_label(f) for f in untested)
        sentence += f" Not enough data yet for: {names}."
    return {"rows": [_trigger_row(f) for f in shown], "sentence": sentence}


def _trigger_label(f: dict[str, Any]) -> str:
    base = f.get("base_factor") or f["factor"]
    label = FACTOR_WORDS.get(base, str(base).replace("_", " "))
    return label + (" (previous day)" if f.get("lag") else "")


def _trigger_row(f: dict[str, Any]) -> dict[str, Any]:
    row = {
        "factor": _trigger_label(f),
        "factor_class": wrap_class(_trigger_label(f)),
        "per": _per_words(f),
        "n": f.get("nights_with_value", "—"),
        "rate_ratio": _num(f.get("rate_ratio"), 2),
        "ci": f"{_num(f.get('ci_low'), 2)}–{_num(f.get('ci_high'), 2)}",
        "p_value": _p(f["p_value"]) if f.get("p_value") is not None else "—",
        "q_value": _p(f["q_value"]) if f.get("q_value") is not None else "—",
        "flagged": "yes" if f.get("flagged") else "no",
    }
    if f.get("rate_ratio") is None:
        more = f.get("nights_needed")
        row["ci"] = f"needs ~{more} more nights" if more else "not enough data"
        row["flagged"] = "—"
    return row


def _per_words(factor: dict[str, Any]) -> str:
    if factor.get("kind") == "boolean":
        return "with vs without"
    per = factor.get("per")
    return f"per {per:g} more" if isinstance(per, int | float) else "per step"


def stretching_sentence(st: s.StretchingSummary) -> str:
    if not st.nights_known:
        return "Bedtime stretching: not recorded in the evening check-ins."
    text = (
        f"Bedtime stretching: done on {st.nights_stretched} of {st.nights_known} nights with an "
        "evening check-in."
    )
    if st.n_stretched and st.n_not:
        text += (
            f" Cramps per recorded night: {_num(st.rate_stretched, 2)} after stretching "
            f"(n = {st.n_stretched}) vs {_num(st.rate_not, 2)} without (n = {st.n_not}) — "
            "a plain comparison, not adjusted for anything else."
        )
    return text


def relief_sentence(counts: list[tuple[str, int]], cramps: int) -> str:
    """``counts`` from ``summary.relief_counts`` over ``cramps`` logged cramps; a cramp may
    name several things that helped, so the counts can add up to more than the cramps."""
    if not counts:
        return "During cramps: nothing logged about what relieved them."
    several = sum(n for _, n in counts) > cramps
    return (
        f"During cramps, what relieved them ({cramps} logged"
        + ("; some eased by more than one thing" if several else "")
        + "): "
        + ", ".join(f"{label} {n}" for label, n in counts)
        + "."
    )


def routine_sentence(st: s.StretchingSummary) -> str:
    if not st.routines_started:
        return "Guided stretching routine in the app: not used in this period."
    return (
        f"Guided stretching routine in the app: started {st.routines_started} times, completed "
        f"{st.routines_completed}."
    )


def trial_entry(trial: s.TrialRow, table, today: date | None = None) -> dict[str, str]:
    """One self-experiment in words. Progress counts only nights before ``today``; a plan
    made after its first night is called an observational comparison, never randomised."""
    from nightcramp.stats.trials import observational_note

    factor = s.trial_factor(trial.intervention, table.factor_names)
    observational = observational_note(trial.plan, trial.planned_on)
    design = f"{trial.pairs} pairs of {trial.period_nights}-night periods"
    entry = {
        "intervention": trial.intervention,
        "start": trial.start.isoformat(),
        "end": trial.end.isoformat(),
        "design": f"{design}; {observational}" if observational else f"{design} in random order",
        "status": {
            "active": "still running",
            "finished": "finished",
            "stopped": "stopped early",
        }.get(trial.status, trial.status),
        "adherence": "",
        "result": "",
    }
    adherence = s.trial_adherence(trial, table, factor, before=today)
    inter, ctrl = adherence["intervention"], adherence["control"]
    running = today is not None and today <= trial.end
    entry["adherence"] = (
        f"Nights recorded: {inter['recorded'] + ctrl['recorded']} of "
        f"{inter['nights'] + ctrl['nights']}{' so far' if running else ''}."
    )
    if factor:
        entry["adherence"] += (
            f" Followed the plan: {inter['adhered']} of {inter['nights']} intervention "
            f"nights, {ctrl['adhered']} of {ctrl['nights']} control nights."
        )
    entry["result"] = trial_result_words(
        s.trial_analysis(trial.plan, table, planned_on=trial.planned_on)
    )
    return entry


def trial_result_words(result: dict[str, Any]) -> str:
    if result.get("error"):
        return f"Not analysed: {result['error']}"
    ratio = result.get("rate_ratio")
    if ratio is None:
        return "Not enough recorded nights to analyse."
    label = "Result" if result.get("randomised", True) else "Observational result (not randomised)"
    text = (
        f"{label}: cramp rate ratio, intervention / control nights, {ratio:.2f} (95% CI "
        f"{_num(result.get('ci_low'), 2)}–{_num(result.get('ci_high'), 2)}), "
        f"p = {_p(result['p_value']) if result.get('p_value') is not None else '—'}"
    )
    if result.get("prob_benefit") is not None:
        text += f", probability that it lowers the rate {100 * result['prob_benefit']:.0f}%"
    text += f"; {result.get('nights_used', '?')} nights"
    if result.get("pairs_used") is not None and result.get("pairs_planned"):
        text += f", {result['pairs_used']} of {result['pairs_planned']} pairs usable"
    text += "."
    min_p = result.get("min_attainable_p")
    if min_p is not None and min_p > 0.05:
        text += f" With so few pairs the smallest attainable p is {min_p:.3g}."
    low, high = result.get("ci_low"), result.get("ci_high")
    if low is not None and high is not None and low <= 1 <= high:
        text += " The interval includes no effect: no clear answer from this trial."
    return text
