"""The report's medicine caption describes the method the timeline really uses, and calls a
change after a start date an association in time, not a cause."""

from __future__ import annotations

from nightcramp.reports.pdf import render_html
from nightcramp.stats.timeline import MIN_SIDE_NIGHTS, SEASON_SPAN, WINDOW, rule_words


def test_medicine_caption_matches_the_timeline_method():
    html = render_html(
        {
            "medicines": [{"name": "Lipitor", "generic": "Atorvastatin"}],
            "timeline_window": WINDOW,
            "timeline_rule": rule_words(),
            "timeline_season_span": SEASON_SPAN,
        }
    )
    caption = html[html.index("Up to ") :]
    assert "quasi-Poisson" not in caption
    assert f"spans {SEASON_SPAN} nights" in caption
    assert f"at least {MIN_SIDE_NIGHTS} recorded nights" in caption
    assert "every other date of the diary" in caption
    assert "association in time" in caption and "for the clinician to judge" in caption
