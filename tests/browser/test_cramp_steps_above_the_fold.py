"""After "Cramp now" at 360x640 in night mode, the first relief step is on screen, unscrolled.

Nothing empty sits between "Cramp saved at ..." and the step: the page opens on what to do.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_first_relief_step_is_visible_without_scrolling(new_page, sign_up, screenshot, axe):
    page = new_page(viewport={"width": 360, "height": 640}, color_scheme="dark")
    sign_up(page)
    page.goto("/?screen=night")
    page.get_by_role("button", name="Cramp now").click()
    page.wait_for_url("**/episodes/*/")
    first_step = page.locator("ol.steps-now li").first
    box = first_step.bounding_box()
    full_page = screenshot(page, "cramp-steps-360x640")
    page.screenshot(path=str(full_page.with_name("cramp-steps-360x640-viewport.png")))
    assert page.evaluate("() => window.scrollY") == 0
    assert box is not None and box["y"] >= 0
    assert box["y"] + box["height"] <= 640, f"first step ends at {box['y'] + box['height']:.0f} px"
    heading = page.get_by_role("heading", name="Cramp saved", exact=False).bounding_box()
    gap = box["y"] - (heading["y"] + heading["height"])
    assert gap < 80, f"{gap:.0f} px between the heading and the first step"
    axe(page, "cramp saved, night")
