"""Every page follows the night schedule of the phone's own clock, signed in or not.

Between 21:00 and 07:00 on the device's clock a page is dark unless the person chose Light;
at midday it is light unless they chose Dark. The phone itself prefers light here, so only
the clock can make the page dark.
"""

from __future__ import annotations

from datetime import datetime

import pytest

pytestmark = pytest.mark.browser

NIGHT_PHONE = {"width": 360, "height": 640}
SIGNED_OUT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def phone_at(new_page, hour: int):
    page = new_page(viewport=NIGHT_PHONE, color_scheme="light", timezone_id="Europe/Berlin")
    page.clock.set_fixed_time(datetime.fromisoformat(f"2026-11-26T{hour:02d}:00:00+01:00"))
    return page


def background_brightness(page) -> float:
    """Mean of R, G and B of the page's painted background, 0-255."""
    rgb = page.evaluate(
        """() => getComputedStyle(document.body).backgroundColor
                 .match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number)"""
    )
    return sum(rgb) / 3


@pytest.mark.parametrize("path", SIGNED_OUT_PAGES)
def test_signed_out_page_is_dark_at_3am_and_light_at_noon(new_page, screenshot, path):
    name = path.strip("/").replace("/", "-")
    night = phone_at(new_page, 3)
    night.goto(path)
    screenshot(night, f"night-for-everyone-{name}-0300")
    assert background_brightness(night) < 80

    day = phone_at(new_page, 12)
    day.goto(path)
    screenshot(day, f"night-for-everyone-{name}-1200")
    assert background_brightness(day) > 200


def test_explicit_light_choice_wins_at_night(new_page, screenshot):
    page = phone_at(new_page, 3)
    page.goto("/accounts/login/")
    toggle = page.locator(".theme-toggle")
    toggle.click()  # auto -> dark
    page.wait_for_load_state()
    page.locator(".theme-toggle").click()  # dark -> light
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("data-theme") == "light"
    screenshot(page, "night-for-everyone-login-0300-chosen-light")
    assert background_brightness(page) > 200


def test_explicit_dark_choice_wins_at_noon(new_page):
    page = phone_at(new_page, 12)
    page.goto("/accounts/login/")
    page.locator(".theme-toggle").click()  # auto -> dark
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert background_brightness(page) < 80


def test_signed_in_page_follows_the_device_clock(new_page, sign_up, axe):
    page = phone_at(new_page, 3)
    sign_up(page)
    page.goto("/checkins/")
    assert background_brightness(page) < 80
    axe(page, "check-ins at 03:00")
