"""On a phone (360x640), the dashboard shows what seems linked as a forest plot.

Readable in ten seconds in the night and the day theme: one row per factor, text at
least 14 px, nothing wider than the screen, the flagged factor marked, the numbers
behind "Show the numbers".
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary.models import Medicine
from tests.web.test_dashboard_forest_plot import fill_with_a_trigger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll(
    '.forest .forest-words, .forest .forest-axis text, .forest figcaption')]
  .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_forest_plot_on_a_phone(scheme, new_page, sign_up, screenshot, axe) -> None:
    page = new_page(viewport={"width": 360, "height": 640}, color_scheme=scheme)
    username = sign_up(page)
    user = get_user_model().objects.get(username=username)
    fill_with_a_trigger(user)
    started = date(2026, 5, 31) - timedelta(days=60)
    Medicine.objects.create(user=user, name="Amlodipine", started=started)
    page.goto("/dashboard/")
    plot = page.locator("figure.forest")
    plot.scroll_into_view_if_needed()
    assert plot.is_visible()
    rows = plot.locator("li.forest-row")
    assert rows.count() == 2
    flagged = plot.locator("li.forest-row.flagged")
    assert flagged.count() == 1
    assert "probably real" in flagged.inner_text()
    assert "Of 2 factors, 1 probably matters" in plot.locator("figcaption").inner_text()
    assert page.evaluate(SMALLEST_TEXT) >= 14
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = plot.bounding_box()
    assert box is not None and box["width"] <= 360
    numbers = page.locator("details", has_text="Show the numbers behind")
    assert not numbers.locator("table").is_visible()
    numbers.locator("summary").click()
    assert numbers.locator("table").is_visible()
    timeline = page.locator('svg[aria-labelledby="c-med-t"]')  # the medicine timeline
    timeline.scroll_into_view_if_needed()
    assert timeline.is_visible() and timeline.bounding_box()["width"] <= 360
    screenshot(page, f"dashboard-forest-{scheme}")
    axe(page, f"dashboard forest plot ({scheme})")
