"""Chart labels drawn for 15 px text on a phone: few enough to fit, never on top of each other.

The browser test (tests/browser/test_chart_text_size.py) measures a real dashboard; these
check the cases a demo diary does not have.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from nightcramp.web.insight import charts

LAST = date(2026, 11, 22)


def _labels(svg: str) -> list[tuple[float, float, str]]:
    """(x, y, text) of every label of a chart."""
    found = re.findall(r'<text[^>]* x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg)
    return [(float(x), float(y), text) for x, y, text in found]


def _nights(days: int) -> list[tuple[date, int | None]]:
    return [(LAST - timedelta(days=i), i % 3) for i in range(days)]


def test_weeks_get_three_dates_with_the_first_and_last_at_the_edges() -> None:
    svg = charts.cramps_per_week(_nights(84), LAST).svg
    under = [label for label in _labels(svg) if label[1] == charts.TICK_Y]
    assert [text for *_, text in under] == ["31 Aug", "12 Oct", "16 Nov"]
    assert 'text-anchor="start">31 Aug' in svg and 'text-anchor="end">16 Nov' in svg


def test_a_long_medicine_name_is_shortened_in_its_lane_and_whole_in_the_table() -> None:
    name = "Hydrochlorothiazide with amiloride hydrochloride"
    medicines = [{"name": name, "started": LAST - timedelta(days=30), "stopped": None}]
    chart = charts.medicine_timeline_chart(_nights(90), medicines, [])
    assert f"1. {name[:23]}…" in chart.svg and name not in chart.svg
    assert chart.rows[0][0] == f"1. {name}"


def test_start_numbers_of_medicines_begun_close_together_do_not_overlap() -> None:
    started = LAST - timedelta(days=40)
    medicines = [
        {"name": "Amlodipine", "started": started, "stopped": None},
        {"name": "Lipitor", "started": started + timedelta(days=2), "stopped": None},
        {"name": "Salbutamol", "started": LAST, "stopped": None},  # at the right edge
    ]
    svg = charts.medicine_timeline_chart(_nights(90), medicines, []).svg
    numbers = {text: (x, y) for x, y, text in _labels(svg) if text in ("1", "2", "3")}
    assert numbers["1"][1] != numbers["2"][1]  # the second one a row lower
    assert numbers["3"][0] < charts.WIDTH - charts.RIGHT  # ends at its line, inside
    assert 'text-anchor="end">3</text>' in svg
