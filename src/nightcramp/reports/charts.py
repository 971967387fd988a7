"""The report's charts as SVG strings (matplotlib, Agg backend, imported lazily).

Designed to survive a grey photocopy: black, white and greys only, with hatching and
line styles (never colour alone) telling series apart.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from nightcramp.reports.summary import MedicineRow, Trend, Week

WIDTH_IN = 7.0  # A4 text width at the report's margins, in inches
FONT_SIZE = 7.5
BAR_GREY = "0.62"
LIGHT_GREY = "0.85"
HATCHES = ("////", "....", "xxxx", "\\\\\\\\", "++++", "oooo")
LINE_STYLES = ("-", "--", ":", "-.")
MIN_NIGHTS_FOR_SOLID_BAR = 4


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _style() -> dict:
    return {
        "font.size": FONT_SIZE,
        "font.family": "DejaVu Sans",
        "axes.edgecolor": "0.2",
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "hatch.linewidth": 0.5,
        "svg.hashsalt": "nightcramp",  # stable SVG ids, so the same diary gives the same file
        # Every label is plain text: a medicine named "Vit $^^$ x" is not mathtext (which
        # raised and broke the whole report), and a "$" is drawn as a "$".
        "text.parse_math": False,
        "text.usetex": False,
    }


def _to_svg(fig) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def _date_axis(ax, first: date, last: date) -> None:
    """Month ticks (at most about eight) for long periods, Monday ticks for short ones."""
    import matplotlib.dates as mdates

    ax.set_xlim(first - timedelta(days=1), last + timedelta(days=1))
    span = (last - first).days
    if span > 70:
        months = span // 30 + 1
        locator = mdates.MonthLocator(bymonthday=1, interval=max(1, -(-months // 8)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    else:
        locator = mdates.WeekdayLocator(byweekday=0, interval=max(1, -(-span // 70)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.xaxis.set_major_locator(locator)


MAX_LABEL = 40  # characters of a name in a chart; the report's table shows it whole


def _label(med: MedicineRow) -> str:
    """The name as written, with the generic name when it differs ("Lipitor (atorvastatin)"),
    shortened with an ellipsis past MAX_LABEL characters so a long name cannot squeeze the
    chart to nothing."""
    label = med.name
    if med.generic and med.generic.lower() not in med.name.lower():
        label = f"{med.name} ({med.generic.lower()})"
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def weekly_chart(weeks: list[Week], trend: Trend | None) -> str:
    """Bars: cramps per 7 recorded nights, week by week; line: the fitted trend.

    Weeks with fewer than four recorded nights are drawn hatched and pale: their rate is
    shaky. Weeks with no recorded night have no bar (missing, not zero).
    """
    plt = _pyplot()
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 1.75))
        for week in weeks:
            if week.per_week is None:
                continue
            solid = week.nights_recorded >= MIN_NIGHTS_FOR_SOLID_BAR
            if week.per_week == 0:  # a recorded zero must not look like a missing week
                ax.plot(
                    [week.start + timedelta(days=0.5), week.start + timedelta(days=5.5)],
                    [0, 0],
                    color="black",
                    linewidth=3,
                    solid_capstyle="butt",
                    clip_on=False,
                )
                continue
            ax.bar(
                week.start + timedelta(days=3),
                week.per_week,
                width=6,
                color=BAR_GREY if solid else "white",
                edgecolor="0.15",
                linewidth=0.5,
                hatch=None if solid else "////",
            )
        if trend is not None:
            xs = [
                w.start + timedelta(days=3) for w, f in zip(weeks, trend.fitted, strict=True) if f
            ]
            ys = [f for f in trend.fitted if f]
            ax.plot(xs, ys, color="black", linewidth=1.4, linestyle="--", label="trend (fitted)")
            ax.legend(loc="upper left", frameon=False)
        if weeks:
            _date_axis(ax, weeks[0].start, weeks[-1].start + timedelta(days=6))
        ax.set_ylabel("cramps per 7 nights")
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color=LIGHT_GREY, linewidth=0.5)
        ax.set_axisbelow(True)
        return _to_svg(fig)


def hour_chart(histogram: list[tuple[int, int]]) -> str:
    """Episodes by the hour of the clock they started, evening to morning."""
    plt = _pyplot()
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(3.4, 1.55))
        positions = list(range(len(histogram)))
        ax.bar(
            positions,
            [n for _, n in histogram],
            width=0.85,
            color=BAR_GREY,
            edgecolor="0.15",
            linewidth=0.5,
        )
        ax.set_xticks(positions[::2], [f"{h:02d}" for h, _ in histogram][::2])
        ax.set_xlabel("hour the cramp started")
        ax.set_ylabel("episodes")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color=LIGHT_GREY, linewidth=0.5)
        ax.set_axisbelow(True)
        return _to_svg(fig)


def medicine_chart(weeks: list[Week], medicines: list[MedicineRow], first: date, last: date) -> str:
    """Weekly cramp rate (top) above one lane per medicine (bottom), on one date axis.

    Medicines without a start date are left out of the chart (the table lists them).
    """
    plt = _pyplot()
    medicines = [m for m in medicines if m.started or m.stopped]
    starting = [m for m in medicines if m.started and first <= m.started <= last]
    numbered = len(starting) > 2  # names would collide: number the start lines and lanes
    labels = [
        (f"{starting.index(m) + 1}  " if numbered and m in starting else "") + _label(m)
        for m in medicines
    ]
    lanes = max(1, len(medicines))
    with plt.rc_context(_style()):
        fig, (top, bottom) = plt.subplots(
            2,
            1,
            sharex=True,
            figsize=(WIDTH_IN, 1.3 + 0.28 * lanes),
            gridspec_kw={"height_ratios": [2.2, 0.45 * lanes], "hspace": 0.08},
        )
        xs = [w.start + timedelta(days=3) for w in weeks if w.per_week is not None]
        ys = [w.per_week for w in weeks if w.per_week is not None]
        top.plot(xs, ys, color="black", linewidth=1.1, marker="o", markersize=2.2)
        top.set_ylabel("cramps per\n7 nights")
        top.set_ylim(bottom=0)
        top.grid(axis="y", color=LIGHT_GREY, linewidth=0.5)
        annotated = -1  # alternate label heights so nearby start dates do not collide
        for i, med in enumerate(medicines):
            begin = max(med.started or first, first)
            end = min(med.stopped or last, last)
            if end < begin:
                continue
            bottom.barh(
                i,
                (end - begin).days + 1,
                left=begin,
                height=0.6,
                color="white",
                edgecolor="0.1",
                linewidth=0.6,
                hatch=HATCHES[i % len(HATCHES)],
            )
            if med.started and first <= med.started <= last:
                annotated += 1
                top.axvline(
                    med.started,
                    color="0.25",
                    linewidth=0.9,
                    linestyle=LINE_STYLES[(i + 1) % len(LINE_STYLES)],
                )
                top.annotate(
                    str(starting.index(med) + 1) if numbered else f"{_label(med)} started",
                    (med.started, 1.0),
                    xycoords=("data", "axes fraction"),
                    xytext=(0, 3 + 9 * (annotated % 2)),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=FONT_SIZE - 0.5,
                )
        bottom.set_yticks(range(len(medicines)), labels)
        bottom.set_ylim(-0.6, lanes - 0.4)
        bottom.invert_yaxis()
        bottom.spines["left"].set_visible(False)
        bottom.tick_params(axis="y", length=0)
        _date_axis(bottom, first, last)
        return _to_svg(fig)


def forest_chart(rows: list) -> str:
    """The trigger analysis as a forest plot: one row per factor, rate ratio on a log scale.

    ``rows`` are ``stats.forest.ForestRow`` (flagged first). Each row: the factor on the left,
    its 95 % interval as a line and the rate ratio as a marker, and on the right the size in
    words with the verdict. Flagged rows: bold label, filled black square, heavier line;
    the others: open grey circles (so a grey photocopy keeps the difference).
    """
    from nightcramp.stats.forest import axis_range, axis_ticks

    plt = _pyplot()
    span = axis_range(rows)
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.45 + 0.24 * max(len(rows), 1)))
        ax.axvline(1.0, color="0.35", linewidth=0.8, linestyle="--")
        for i, row in enumerate(rows):
            low, high = max(row.ci_low, span[0]), min(row.ci_high, span[1])
            bold = row.flagged
            ax.plot(
                [low, high],
                [i, i],
                color="black" if bold else "0.45",
                linewidth=2.2 if bold else 1.1,
                solid_capstyle="butt",
            )
            ax.plot(
                [min(max(row.rate_ratio, span[0]), span[1])],
                [i],
                marker="s" if bold else "o",
                markersize=5.5 if bold else 4.5,
                markerfacecolor="black" if bold else "white",
                markeredgecolor="black" if bold else "0.3",
                linestyle="none",
            )
            verdict = row.words.rpartition(" — ")[2]
            size = row.words.split(" cramps ", 1)[0]
            ax.annotate(
                f"{size} — {verdict}",
                (1.0, i),
                xycoords=("axes fraction", "data"),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontweight="bold" if bold else "normal",
            )
        ax.set_xscale("log")
        ax.set_xlim(*span)
        ticks = axis_ticks(span)
        ax.set_xticks(ticks, [f"1/{1 / t:g}" if t < 1 else f"{t:g}×" for t in ticks])
        ax.minorticks_off()
        ax.set_yticks(range(len(rows)), [r.label for r in rows])
        for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
            tick.set_fontweight("bold" if row.flagged else "normal")
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("cramp rate ratio (95% interval), log scale: ← fewer cramps · more cramps →")
        ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.5)
        ax.set_axisbelow(True)
        fig.subplots_adjust(right=0.7)  # room on the right for the words
        return _to_svg(fig)
