"""Several answers to "What helped?" at 360x640 in night mode: both stay pressed.

The advice says to massage while stretching, so tapping Massage must not untick Stretching:
both buttons stay pressed after a reload and both answers are in the database, with the
script (taps sent one after another, even when tapped at once) and without it (plain forms).
A second tap on a pressed answer takes only that one back.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary.models import Episode, Profile
from tests.browser.test_night_logging import zone_where_hour

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NIGHT = {"width": 360, "height": 640}


def button(page, name: str):
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(name)}\b"))


def night_cramp(new_page, sign_up, **options):
    """A phone at night (its clock and the account's), signed up, one cramp just tapped."""
    zone = zone_where_hour(lambda h: h >= 22 or h < 5)
    page = new_page(viewport=NIGHT, color_scheme="dark", timezone_id=zone, **options)
    username = sign_up(page)
    # Without the script the sign-up form cannot send the phone's zone: set it as the
    # account page would, so the server's night matches the phone's.
    user = get_user_model().objects.get(username=username)
    Profile.objects.update_or_create(user=user, defaults={"time_zone": zone})
    page.goto("/")
    assert "theme-dark" in page.locator("html").get_attribute("class")
    page.get_by_role("button", name="Cramp now").click()
    page.wait_for_url("**/episodes/*/")
    return page, username


def pressed(page) -> dict[str, str]:
    return {
        name: button(page, name).get_attribute("aria-pressed")
        for name in ("Stretching", "Massage", "Heat")
    }


def answers(username: str) -> list[str]:
    return Episode.objects.get(user__username=username).relieved_by


def test_stretching_then_massage_both_stay_pressed(new_page, sign_up, screenshot, axe) -> None:
    page, username = night_cramp(new_page, sign_up)
    button(page, "Stretching").click()
    page.get_by_role("status").filter(has_text="Stretching").wait_for()
    button(page, "Massage").click()
    page.get_by_role("status").filter(has_text="Massage").wait_for()  # old code too
    assert pressed(page) == {"Stretching": "true", "Massage": "true", "Heat": "false"}
    page.reload()
    assert pressed(page) == {"Stretching": "true", "Massage": "true", "Heat": "false"}
    assert answers(username) == ["stretching", "massage"]
    button(page, "Massage").scroll_into_view_if_needed()
    screenshot(page, "what-helped-several-360x640-night")
    axe(page, "what helped, two pressed, night")
    button(page, "Stretching").click()  # taken back: Massage stays
    page.get_by_role("status").filter(has_text="what helped: Massage").wait_for()
    assert pressed(page) == {"Stretching": "false", "Massage": "true", "Heat": "false"}
    assert answers(username) == ["massage"]
    page.get_by_role("link", name="Edit details in the morning").click()
    page.wait_for_url("**/edit/")
    page.get_by_label("Heat").check()
    assert page.get_by_label("Massage").is_checked()
    screenshot(page, "what-helped-edit-checkboxes-360x640-night")
    axe(page, "edit cramp, what helped checkboxes, night")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= NIGHT["width"]
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/checkins/")
    assert answers(username) == ["massage", "heat"]


def test_two_quick_taps_both_count(new_page, sign_up) -> None:
    page, username = night_cramp(new_page, sign_up)
    button(page, "Stretching").click()
    button(page, "Massage").click()  # before the first is answered
    page.get_by_role("status").filter(has_text="Massage").wait_for()  # old code too
    page.reload()
    assert pressed(page) == {"Stretching": "true", "Massage": "true", "Heat": "false"}
    assert answers(username) == ["stretching", "massage"]


def test_without_javascript_plain_forms_keep_both(new_page, sign_up, screenshot) -> None:
    page, username = night_cramp(new_page, sign_up, java_script_enabled=False)
    with page.expect_navigation():
        button(page, "Stretching").click()
    with page.expect_navigation():
        button(page, "Massage").click()
    assert pressed(page) == {"Stretching": "true", "Massage": "true", "Heat": "false"}
    assert answers(username) == ["stretching", "massage"]
    page.reload()
    assert pressed(page) == {"Stretching": "true", "Massage": "true", "Heat": "false"}
    screenshot(page, "what-helped-several-360x640-night-no-js")


def test_when_the_script_cannot_send_the_form_is_sent_as_a_page(new_page, sign_up) -> None:
    """A tap whose fetch fails (connection lost mid-tap) is sent again as a plain form: the
    answer and its own button value go with it, and the other answers stay."""
    page, username = night_cramp(new_page, sign_up)
    button(page, "Stretching").click()
    page.get_by_role("status").filter(has_text="Stretching").wait_for()

    def refuse_script_sends(route) -> None:
        if "json" in (route.request.headers.get("accept") or ""):
            route.abort()
        else:
            route.continue_()

    page.route("**/quick/", refuse_script_sends)
    with page.expect_navigation():
        button(page, "Massage").click()
    with page.expect_navigation():
        button(page, "Left").click()
    assert pressed(page) == {"Stretching": "true", "Massage": "true", "Heat": "false"}
    assert button(page, "Left").get_attribute("aria-pressed") == "true"
    episode = Episode.objects.get(user__username=username)
    assert (episode.relieved_by, episode.leg) == (["stretching", "massage"], "left")
