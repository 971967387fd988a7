"""A cramp at 3 a.m.: two taps from the home screen, on a dark screen, at phone size."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from nightcramp.diary.models import Episode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def zone_where_hour(predicate) -> str:
    """An Etc/GMT zone whose local hour right now satisfies the predicate."""
    now = datetime.now(UTC)
    for offset in range(-12, 15):
        if predicate((now.hour + offset) % 24):
            # Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
            return "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"
    raise AssertionError("no zone found")


def button(page, name: str):
    """A choice button by its visible name (a chosen one also shows a tick)."""
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(name)}\b"))


def test_two_taps_log_a_cramp_in_night_mode(new_page, sign_up, screenshot) -> None:
    page = new_page(timezone_id=zone_where_hour(lambda h: h >= 22 or h < 5))
    username = sign_up(page)
    page.goto("/")
    assert "night" in page.locator("body").get_attribute("class")
    assert "theme-dark" in page.locator("html").get_attribute("class")
    screenshot(page, "home-night")
    page.get_by_role("button", name="Cramp now").click()  # tap 1: saved already
    page.wait_for_url("**/episodes/*/")
    assert Episode.objects.filter(user__username=username).count() == 1
    button(page, "Left").click()  # tap 2
    page.get_by_role("status").filter(has_text="Saved: Left").wait_for()
    episode = Episode.objects.get(user__username=username)
    assert episode.leg == "left"
    assert button(page, "Left").get_attribute("aria-pressed") == "true"
    button(page, "Calf").click()
    page.get_by_role("status").filter(has_text="Saved: Calf").wait_for()
    button(page, "7").click()
    page.get_by_role("status").filter(has_text="Saved: 7").wait_for()
    episode.refresh_from_db()
    assert (episode.muscle, episode.severity) == ("calf", 7)
    assert episode.night.cramps == 1 and episode.night.max_severity == 7
    assert page.get_by_text("Stretch the cramped muscle").is_visible()
    screenshot(page, "episode-next")


def test_day_screen_shows_the_diary(new_page, sign_up, screenshot) -> None:
    page = new_page(timezone_id=zone_where_hour(lambda h: 9 <= h < 19))
    sign_up(page)
    page.goto("/")
    assert "night" not in (page.locator("body").get_attribute("class") or "")
    page.get_by_role("heading", name="Your diary").wait_for()
    page.get_by_role("link", name=re.compile("How was last night")).wait_for()
    screenshot(page, "home-day")


def test_taps_work_without_javascript(new_page, sign_up) -> None:
    page = new_page(java_script_enabled=False)
    username = sign_up(page)
    page.goto("/?screen=night")
    page.get_by_role("button", name="Cramp now").click()
    button(page, "Both").click()
    page.get_by_text("Saved: Both").wait_for()
    assert Episode.objects.get(user__username=username).leg == "both"
