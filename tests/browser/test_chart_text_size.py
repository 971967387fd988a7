"""Every chart on the dashboard is readable on a phone at night and on a desktop screen.

With a four-month demo diary (every chart drawn, the medicine timeline and the forest plot
included), at 360x640 and 320x568 in night mode and at desktop width: every chart text (axis
and tick labels, legends, annotations) renders at 14 CSS px or more, no two labels of a
chart overlap, none is cut off at the edge of a chart that clips, and the page never
scrolls sideways.

An SVG drawn with a viewBox scales its text with it: the rendered size is the computed
font-size (in viewBox units) times the SVG's scale (rendered width / viewBox width).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary.demo import make_demo_diary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALLEST_PX = 14

CHART_TEXT = """() => [...document.querySelectorAll('main svg')].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  const view = svg.viewBox && svg.viewBox.baseVal;
  const scale = view && view.width
    ? Math.min(box.width / view.width, box.height / view.height) : 1;
  const chart = svg.getAttribute('aria-labelledby') || svg.getAttribute('class');
  const clips = getComputedStyle(svg).overflow !== 'visible';
  return [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {chart, text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
            box: [r.left, r.top, r.right, r.bottom], clips,
            svg: [box.left, box.top, box.right, box.bottom]};
  });
})"""

# Words that go with a chart but are HTML: its notes and the forest plot's rows and caption.
CHART_WORDS = """() => [...document.querySelectorAll(
    '.chart-note, .forest .forest-words, .forest figcaption')]
  .map(e => ({text: e.textContent.slice(0, 40), px: parseFloat(getComputedStyle(e).fontSize)}))"""

SIZES = {
    "small-phone": {"width": 320, "height": 568},
    "phone": {"width": 360, "height": 640},
    "desktop": {"width": 1280, "height": 800},
}


def _overlap(a: list[float], b: list[float], slack: float = 1.0) -> bool:
    return (
        a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]
    )


def _outside(text: list[float], svg: list[float], slack: float = 1.0) -> bool:
    return (
        text[0] < svg[0] - slack
        or text[1] < svg[1] - slack
        or text[2] > svg[2] + slack
        or text[3] > svg[3] + slack
    )


def _problems(labels: list[dict]) -> dict[str, list]:
    small = [(t["chart"], t["text"], round(t["px"], 1)) for t in labels if t["px"] < SMALLEST_PX]
    cut = [(t["chart"], t["text"]) for t in labels if t["clips"] and _outside(t["box"], t["svg"])]
    overlapping = [
        (a["chart"], a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a["chart"] == b["chart"] and a["text"].strip() and b["text"].strip()
        if _overlap(a["box"], b["box"])
    ]
    return {k: v for k, v in (("small", small), ("cut", cut), ("overlap", overlapping)) if v}


@pytest.mark.parametrize("size", list(SIZES))
def test_chart_text_is_at_least_14px(size, new_page, sign_up, screenshot) -> None:
    viewport = SIZES[size]
    page = new_page(viewport=viewport, color_scheme="dark")
    page.set_default_timeout(60_000)  # a first dashboard of months of diary, shared cores
    username = sign_up(page)
    user = get_user_model().objects.get(username=username)
    make_demo_diary(user, months=4, seed=3, end=date(2026, 11, 23))
    page.goto("/dashboard/")
    screenshot(page, f"chart-text-{size}")
    labels = page.evaluate(CHART_TEXT)
    charts = {t["chart"] for t in labels}
    for chart in ("c-week-t", "c-sev-t", "c-hour-t", "c-map-t", "c-med-t", "forest-axis"):
        assert chart in charts, f"{chart} not drawn (charts with text: {sorted(charts)})"
    assert not _problems(labels), _problems(labels)
    words = page.evaluate(CHART_WORDS)
    assert words, "no chart words found"
    assert all(w["px"] >= SMALLEST_PX for w in words), words
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
