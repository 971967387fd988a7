"""axe-core on the main pages in both themes, keyboard focus, and phone-size screenshots."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home-day": "/?screen=day",
    "home-night-screen": "/?screen=night",
    "checkins-list": "/checkins/",
    "morning": "/checkins/morning/",
    "evening": "/checkins/evening/",
    "dashboard-page": "/dashboard/",
    "factors": "/factors/",
    "account": "/accounts/",
}


def log_a_cramp(page) -> None:
    page.goto("/?screen=night")
    page.get_by_role("button", name="Cramp now").click()
    page.wait_for_url("**/episodes/*/")


def test_public_pages_pass_axe(page, axe, screenshot) -> None:
    for name, url in (("sign-in", "/accounts/login/"), ("sign-up", "/accounts/signup/")):
        page.goto(url)
        axe(page, name)
        screenshot(page, name)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_main_pages_pass_axe_in_both_themes(page, sign_up, axe, screenshot, theme) -> None:
    sign_up(page)
    page.emulate_media(color_scheme=theme)
    log_a_cramp(page)
    axe(page, f"episode ({theme})")
    screenshot(page, f"episode-{theme}")
    page.goto(page.url + "edit/")
    axe(page, f"episode edit ({theme})")
    for name, url in PAGES.items():
        page.goto(url)
        # the clock may make any page dark at night; pin the theme the test is about
        page.evaluate(f"document.documentElement.className = 'theme-{theme}'")
        axe(page, f"{name} ({theme})")
        screenshot(page, f"{name}-{theme}")


def test_keyboard_skip_link_and_visible_focus(page, sign_up) -> None:
    sign_up(page)
    page.goto("/?screen=day")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # the big button is reachable and works from the keyboard
    page.get_by_role("button", name="Cramp now").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/episodes/*/")


def test_nothing_overflows_a_360_px_screen(page, sign_up) -> None:
    sign_up(page)
    log_a_cramp(page)
    for url in [*PAGES.values(), page.url]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width} px wide"
