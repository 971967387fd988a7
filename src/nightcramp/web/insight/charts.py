"""Small server-side SVG charts, readable at 360 px, themed by CSS (no JavaScript, no images).

Each chart comes with the same numbers as a table (its text alternative). Pure functions
over plain data; the markup escapes every label.

Sizes: the viewBox is WIDTH units wide, about the width a chart gets on a 360 px phone
(300 CSS px inside the card), and the CSS sets text to 15 units, so labels render at
15 px there; the CSS caps a chart's width on wider screens so text stays about 20 px.
Everything is laid out for 15-unit text in DejaVu Sans (the widest common UI font): at
most four or five labels along an axis, the first starting and the last ending at the
plot's edges so none runs outside the chart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 300, 200
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 14, 46
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
TICK_Y = TOP + PLOT_H + 19  # baseline of the labels under the plot
TITLE_Y = HEIGHT - 6  # baseline of the axis title under them
LANE = 26  # height of a medicine's row under the medicine timeline


@dataclass
class Chart:
    title: str
    summary: str  # one sentence: what the chart says, for everyone and for screen readers
    svg: SafeString
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: bool = False
    ident: str = ""  # the element id prefix; the summary paragraph is "<ident>-s"
    note: str = ""  # a legend in words under the chart (HTML text: wraps, page font size)


def _svg(chart_id: str, title: str, summary: str, body: list[str], height: int = HEIGHT) -> str:
    """The chart; its one-sentence summary is the page's ``<p id="{chart_id}-s">``."""
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t" aria-describedby="{chart_id}-s" '
        'preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-t">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _y_axis(top_value: float, plot_h: float, ticks: list[float]) -> list[str]:
    parts = []
    for t in ticks:
        y = TOP + plot_h - plot_h * (t / top_value if top_value else 0)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{LEFT - 5}" y="{y + 5:.1f}" text-anchor="end">{t:g}</text>'
        )
    return parts


def _x_label(x: float, words: str, anchor: str = "middle") -> str:
    return f'<text class="tick" x="{x:.1f}" y="{TICK_Y}" text-anchor="{anchor}">{words}</text>'


def _edge_anchor(i: int, count: int) -> str:
    """The first label starts at its mark, the last ends at it, the others are centred."""
    return "start" if i == 0 else ("end" if i == count - 1 else "middle")


def _axis_title(words: str) -> str:
    return (
        f'<text class="tick axis-title" x="{WIDTH - RIGHT}" y="{TITLE_Y}" '
        f'text-anchor="end">{words}</text>'
    )


def _day(day: date) -> str:
    """ "7 Sep": the shortest unambiguous date under a chart."""
    return f"{day.day} {day:%b}"


def _nice_top(value: float) -> int:
    for top in (2, 4, 5, 10, 15, 20, 30, 40, 50, 100):
        if value <= top:
            return top
    return int(value) + 1


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def cramps_per_week(nights: list[tuple[date, int | None]], last: date, weeks: int = 12) -> Chart:
    """Bars of cramps per week; a week with no check-in is drawn as "no data", not zero."""
    first = _monday(last) - timedelta(weeks=weeks - 1)
    totals: dict[date, list[int]] = {first + timedelta(weeks=i): [] for i in range(weeks)}
    for night, cramps in nights:
        week = _monday(night)
        if week in totals and cramps is not None:
            totals[week].append(cramps)
    values = [(week, sum(c) if c else None, len(c)) for week, c in totals.items()]
    recorded = [v for _, v, _ in values if v is not None]
    title = "Cramps per week"
    if not recorded:
        summary = f"No nights checked in during the last {weeks} weeks."
    else:
        summary = (
            f"{_cramps(sum(recorded))} over {_nights(sum(n for *_, n in values))} in the "
            f"last {weeks} weeks; the worst week had {max(recorded)}."
        )
    top = _nice_top(max(recorded, default=0) or 1)
    plot_w, plot_h = PLOT_W, PLOT_H
    step = plot_w / weeks
    body = _y_axis(top, plot_h, [0, top / 2, top])
    labelled = _labelled_weeks(weeks)
    for i, (week, total, _) in enumerate(values):
        x = LEFT + i * step + step * 0.15
        w = step * 0.7
        if total is None:
            body.append(
                f'<rect class="nodata" x="{x:.1f}" y="{TOP + plot_h - 4:.1f}" width="{w:.1f}" '
                'height="4"/>'
            )
        else:
            h = plot_h * total / top
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{w:.1f}" '
                f'height="{max(h, 0):.1f}"/>'
            )
        if i in labelled:
            anchor = _edge_anchor(labelled.index(i), len(labelled))
            edge = {"start": x, "middle": x + w / 2, "end": x + w}[anchor]
            body.append(_x_label(edge, _day(week), anchor))
    body.append(_axis_title("week starting"))
    rows = [
        [f"{week:%d %b %Y}", "no data" if total is None else str(total), str(n)]
        for week, total, n in values
    ]
    return Chart(
        title,
        summary,
        _svg("c-week", title, summary, body),
        ["Week starting", "Cramps", "Nights recorded"],
        rows,
        empty=not recorded,
        ident="c-week",
        note="Each bar is a week, Monday to Sunday; a short grey line means no check-ins "
        "that week.",
    )


def _labelled_weeks(weeks: int) -> list[int]:
    """Which bars get a date: the first, the middle and the last (three fit at 15 px)."""
    return sorted({0, weeks // 2, weeks - 1})


def severity_over_time(nights: list[tuple[date, float | None]], last: date, days: int = 60):
    """Worst severity (0-10) of each night with one, over the last ``days`` nights."""
    first = last - timedelta(days=days - 1)
    points = [(d, s) for d, s in nights if s is not None and first <= d <= last]
    title = "Worst severity per night"
    if points:
        mean = sum(s for _, s in points) / len(points)
        summary = (
            f"{len(points)} night{'' if len(points) == 1 else 's'} with a severity in the last "
            f"{days} days; "
            f"average worst severity {mean:.1f} out of 10."
        )
    else:
        summary = f"No severities recorded in the last {days} days."
    plot_w, plot_h = PLOT_W, PLOT_H
    body = _y_axis(10, plot_h, [0, 5, 10])
    coords = []
    for d, s in points:
        x = LEFT + plot_w * ((d - first).days + 0.5) / days
        y = TOP + plot_h - plot_h * s / 10
        coords.append((x, y))
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(f'<polyline class="line" points="{path}"/>')
    body += [f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>' for x, y in coords]
    for i, offset in enumerate((0, days // 2, days - 1)):
        x = LEFT + plot_w * (offset + 0.5) / days
        body.append(_x_label(x, _day(first + timedelta(days=offset)), _edge_anchor(i, 3)))
    body.append(_axis_title("night"))
    rows = [[f"{d:%a %d %b %Y}", f"{s:g}"] for d, s in reversed(points)]
    return Chart(
        title,
        summary,
        _svg("c-sev", title, summary, body),
        ["Night of", "Worst severity (0–10)"],
        rows,
        empty=not points,
        ident="c-sev",
    )


HOURS = list(range(18, 24)) + list(range(0, 12))  # the night, from evening to late morning


def time_of_night(moments: list[datetime]) -> Chart:
    """How many cramps started in each hour, 18:00 to 12:00 local time."""
    counts = Counter(m.hour for m in moments)
    outside = sum(c for h, c in counts.items() if h not in HOURS)
    title = "Time of night"
    drawn = sum(counts[h] for h in HOURS)
    if drawn:
        peak = max(HOURS, key=lambda h: counts[h])
        summary = (
            f"{_cramps(len(moments))}; most often between {peak:02d}:00 and "
            f"{(peak + 1) % 24:02d}:00."
        )
    elif moments:
        summary = f"{_cramps(len(moments))}, none between 18:00 and 12:00."
    else:
        summary = "No cramps logged with a time yet."
    if outside:
        summary += f" {outside} started between 12:00 and 18:00 (not drawn)."
    top = _nice_top(max((counts[h] for h in HOURS), default=0) or 1)
    plot_w, plot_h = PLOT_W, PLOT_H
    step = plot_w / len(HOURS)
    body = _y_axis(top, plot_h, [0, top])
    for i, hour in enumerate(HOURS):
        h = plot_h * counts[hour] / top
        x = LEFT + i * step + 1
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" '
            f'width="{step - 2:.1f}" height="{h:.1f}"/>'
        )
        if hour % 3 == 0:
            body.append(_x_label(x, f"{hour:02d}", "start"))
    body.append(_axis_title("hour the cramp started"))
    rows = [[f"{h:02d}:00–{(h + 1) % 24:02d}:00", str(counts[h])] for h in HOURS if counts[h]]
    return Chart(
        title,
        summary,
        _svg("c-hour", title, summary, body),
        ["Hour", "Cramps"],
        rows,
        empty=not moments,
        ident="c-hour",
    )


LEGS = [("left", "Left"), ("right", "Right"), ("both", "Both")]


def leg_muscle_map(pairs: list[tuple[str, str]], muscles: list[tuple[str, str]]) -> Chart:
    """A grid: rows are muscles (top of the leg to the toes), columns left/right/both."""
    counts = Counter(pairs)
    rows_spec = [*muscles, ("", "Not recorded")]
    title = "Where the cramps are"
    total = sum(counts.values())
    placed = Counter({k: n for k, n in counts.items() if k[0]})
    if placed:
        (leg, muscle), n = placed.most_common(1)[0]
        where = f"{dict(LEGS)[leg]} leg" + (
            f", {dict(rows_spec)[muscle].lower()}" if muscle in dict(rows_spec) and muscle else ""
        )
        summary = f"{_cramps(total)}; most often {where.lower()} ({n})."
    elif total:
        summary = f"{_cramps(total)}, none with a leg recorded yet."
    else:
        summary = "No cramps logged yet."
    label_w, cell_w, cell_h, head = 126, 58, 32, 26
    height = head + cell_h * len(rows_spec) + 4
    top = max(counts.values(), default=0) or 1
    body = []
    for j, (_, leg_label) in enumerate(LEGS):
        x = label_w + j * cell_w + cell_w / 2
        body.append(
            f'<text class="head" x="{x:.1f}" y="19" text-anchor="middle">{leg_label}</text>'
        )
    for i, (muscle, muscle_label) in enumerate(rows_spec):
        y = head + i * cell_h
        body.append(f'<text class="tick" x="0" y="{y + 21}">{escape(muscle_label)}</text>')
        for j, (leg, _) in enumerate(LEGS):
            n = counts[(leg, muscle)]
            x = label_w + j * cell_w
            level = 0 if n == 0 else 1 + round(3 * n / top)
            body.append(
                f'<rect class="cell l{level}" x="{x + 2}" y="{y + 2}" width="{cell_w - 4}" '
                f'height="{cell_h - 4}" rx="4"/>'
                f'<text class="count l{level}" x="{x + cell_w / 2}" y="{y + 21}" '
                f'text-anchor="middle">{n or "·"}</text>'
            )
    table_rows = [[label] + [str(counts[(leg, m)]) for leg, _ in LEGS] for m, label in rows_spec]
    unknown_leg = total - sum(placed.values())
    if unknown_leg and placed:
        summary += f" {unknown_leg} without a leg recorded (not in the grid)."
    return Chart(
        title,
        summary,
        _svg("c-map", title, summary, body, height=height),
        ["Muscle", "Left", "Right", "Both"],
        table_rows,
        empty=not total,
        ident="c-map",
    )


def _nights(n: int) -> str:
    return f"{n} recorded night" + ("" if n == 1 else "s")


def _cramps(n: int) -> str:
    return f"{n} cramp" + ("" if n == 1 else "s")


def forest_plot(rows: list, summary: str) -> SafeString:
    """The trigger analysis as a forest plot: one row per factor, rate ratio on a log scale.

    Each row is the sentence in words (HTML text, so it wraps and stays at the page's font
    size) above a strip drawn in CSS pixels (an SVG without a viewBox, positions in
    percent): the interval as a line, the estimate as a dot, 1× as a dashed line. Flagged
    rows are marked in words ("probably real") and by a heavier, coloured style. An interval
    reaching beyond the axis (1/8 to 8) runs to its edge.
    """
    from nightcramp.stats.forest import axis_range, axis_ticks, position

    span = axis_range(rows)
    one = position(1.0, span) * 100
    items = []
    for i, row in enumerate(rows):
        low, mid, high = (
            position(v, span) * 100 for v in (row.ci_low, row.rate_ratio, row.ci_high)
        )
        strip = (
            '<svg class="forest-strip" width="100%" height="26" aria-hidden="true" '
            'focusable="false">'
            f'<line class="one" x1="{one:.2f}%" x2="{one:.2f}%" y1="0" y2="26"/>'
            f'<line class="ci" x1="{low:.2f}%" x2="{high:.2f}%" y1="13" y2="13"/>'
            f'<circle class="est" cx="{mid:.2f}%" cy="13" r="6"/></svg>'
        )
        interval = (
            f"rate ratio {row.rate_ratio:.2f}, 95% interval {row.ci_low:.2f} to {row.ci_high:.2f}"
        )
        items.append(
            f'<li class="forest-row{" flagged" if row.flagged else ""}" id="forest-{i}">'
            f'<span class="forest-words">{_words_with_verdict(row.words)}</span>'
            f'<span class="visually-hidden"> ({interval})</span>{strip}</li>'
        )
    ticks = "".join(
        f'<text x="{position(t, span) * 100:.2f}%" y="18" text-anchor="middle">{_tick(t)}</text>'
        for t in axis_ticks(span)
    )
    axis = (
        '<svg class="forest-axis" width="100%" height="44" aria-hidden="true" focusable="false">'
        f"{ticks}"
        f'<text x="{one:.2f}%" dx="-6" y="38" text-anchor="end" class="side">← fewer</text>'
        f'<text x="{one:.2f}%" dx="6" y="38" text-anchor="start" class="side">more →</text></svg>'
    )
    return mark_safe(
        '<figure class="forest" aria-labelledby="forest-caption">'
        f'<ul class="forest-rows">{"".join(items)}</ul>{axis}'
        f'<figcaption id="forest-caption">{escape(summary)}</figcaption></figure>'
    )


def _tick(value: float) -> str:
    """ "1/8", "1/2", "1×", "4×": short enough for seven ticks across a phone."""
    return f"1/{1 / value:g}" if value < 1 else f"{value:g}×"


def _words_with_verdict(words: str) -> str:
    """The row's sentence, escaped, its verdict ("— probably real") in bold."""
    sentence, _, verdict = words.rpartition(" — ")
    if not sentence:
        return escape(words)
    return f"{escape(sentence)} — <strong>{escape(verdict)}</strong>"


def medicine_timeline_chart(
    nights: list[tuple[date, int | None]], medicines: list[dict], entries: list[dict]
) -> Chart:
    """Cramps per 7 recorded nights, week by week, with each medicine's start marked.

    ``medicines``: dicts with ``name``, ``started``, ``stopped`` (dates or None), in the order
    of the numbered start lines; ``entries``: ``stats.timeline`` results for those with a
    start date, by name. Lanes under the line show when each medicine was taken. The table
    gives, per medicine, the rate before and after its start with the nights behind each.
    """
    known = sorted((d, c) for d, c in nights if c is not None)
    title = "Medicines and cramps over time"
    dated = [m for m in medicines if m["started"] or m["stopped"]]
    if not known or not dated:
        summary = "Recorded nights and medicine start dates are needed to draw this."
        return Chart(title, summary, mark_safe(""), empty=True, ident="c-med")
    first = min(_monday(known[0][0]), *(_monday(m["started"]) for m in dated if m["started"]))
    last = known[-1][0]
    weeks: dict[date, list[int]] = {}
    for night, cramps in known:
        weeks.setdefault(_monday(night), []).append(cramps)
    span = max((last - first).days + 1, 7)
    lanes_top = TICK_Y + 11  # the medicine lanes, one row each, under the dates
    height = lanes_top + LANE * len(dated) + 2
    plot_w, plot_h = PLOT_W, PLOT_H

    def x_of(day: date) -> float:
        return LEFT + plot_w * min(max((day - first).days, 0), span) / span

    rates = {w: 7 * sum(c) / len(c) for w, c in weeks.items()}
    top = _nice_top(max(rates.values(), default=0) or 1)
    body = _y_axis(top, plot_h, [0, top / 2, top])
    points = " ".join(
        f"{x_of(w + timedelta(days=3)):.1f},{TOP + plot_h - plot_h * r / top:.1f}"
        for w, r in sorted(rates.items())
    )
    body.append(f'<polyline class="line" points="{points}"/>')
    numbered: list[float] = []  # where start numbers are; a close one goes a row lower
    for i, med in enumerate(dated):
        y = lanes_top + LANE * i
        begin = med["started"] or first
        end = med["stopped"] or last
        body.append(
            f'<rect class="lane" x="{x_of(begin):.1f}" y="{y:.1f}" '
            f'width="{max(x_of(end) - x_of(begin), 2):.1f}" height="{LANE - 6}" rx="3"/>'
            f'<text class="tick" x="{LEFT}" y="{y + 15:.1f}">{i + 1}. '
            f"{escape(_shortened(med['name']))}</text>"
        )
        if med["started"] and med["started"] >= first:
            x = x_of(med["started"])
            row = sum(1 for other in numbered if abs(other - x) < 22)
            numbered.append(x)
            near_end = x > WIDTH - RIGHT - 20
            body.append(
                f'<line class="start" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + plot_h}"/>'
                f'<line class="start" x1="{x:.1f}" x2="{x:.1f}" y1="{lanes_top}" '
                f'y2="{y + LANE - 6:.1f}"/>'
                f'<text class="tick" x="{x - 3 if near_end else x + 3:.1f}" '
                f'y="{TOP + 12 + 17 * row}" text-anchor="{"end" if near_end else "start"}">'
                f"{i + 1}</text>"
            )
    body.append(_x_label(LEFT, f"{_day(first)} {first:%Y}", "start"))
    body.append(_x_label(WIDTH - RIGHT, f"{_day(last)} {last:%Y}", "end"))
    by_name = {e["name"]: e for e in entries}
    rows = [_medicine_row(i, med, by_name.get(med["name"])) for i, med in enumerate(dated)]
    started = [m for m in dated if m["started"]]
    summary = (
        f"Cramps per 7 recorded nights, week by week, with the start of "
        f"{len(started)} medicine{'' if len(started) == 1 else 's'} marked; "
        "the table compares the nights before and after each start."
    )
    return Chart(
        title,
        summary,
        _svg("c-med", title, summary, body, height=height),
        ["Medicine", "Started", "Before the start", "After the start", "Comparison"],
        rows,
        ident="c-med",
    )


def _shortened(name: str, most: int = 24) -> str:
    """A medicine's name short enough for its lane (the table has it in full)."""
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


def _medicine_row(i: int, med: dict, entry: dict | None) -> list[str]:
    from nightcramp.stats.timeline import missing_words

    started = f"{med['started']:%d %b %Y}" if med["started"] else "no start date"
    if entry is None:
        return [f"{i + 1}. {med['name']}", started, "–", "–", "nothing to compare"]

    def side(rate, n):
        return "no recorded nights" if not n else f"{rate:.2f} a night ({_nights(n)})"

    if entry.get("enough_data"):
        verdict = (
            f"{entry['rate_ratio']:.2f} times the rate before (95% interval "
            f"{entry['ci_low']:.2f}–{entry['ci_high']:.2f})"
        )
    else:
        verdict = missing_words(entry)
    return [
        f"{i + 1}. {med['name']}",
        started,
        side(entry.get("rate_before"), entry.get("nights_before", 0)),
        side(entry.get("rate_after"), entry.get("nights_after", 0)),
        verdict,
    ]
