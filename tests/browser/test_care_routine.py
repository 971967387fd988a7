"""The bedtime routine in Chromium: the countdown moves, Finish stores the holds done."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary import store
from nightcramp.diary.models import RoutineSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_routine_countdown_and_night_recorded(page, sign_up, screenshot, axe) -> None:
    username = sign_up(page)
    page.clock.install()
    page.goto("/routine/")
    screenshot(page, "care-routine")
    axe(page, "routine overview")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/routine/\d+/"))
    countdown = page.locator("#countdown")
    assert countdown.inner_text() == "10"
    assert page.get_by_role("button", name="Finish").is_disabled()  # no hold done yet
    page.get_by_role("button", name="Start hold").click()
    page.clock.run_for(3_000)
    assert countdown.inner_text() == "7"
    assert "Hold 1 of 3" in page.locator("#phase").inner_text()
    screenshot(page, "care-routine-timer")
    axe(page, "routine timer")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "care-routine-timer-dark")
    axe(page, "routine timer, dark")
    page.clock.run_for(8_000)  # the hold ends, the rest begins
    assert page.locator("#holds-done").inner_text() == "1"
    assert "Rest" in page.locator("#phase").inner_text()
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url(re.compile(r"/routine/$"))
    assert "Partly done tonight: 1 of 12 holds" in page.locator("main").inner_text()
    user = get_user_model().objects.get(username=username)
    session = RoutineSession.objects.get(user=user)
    assert session.completed_at is not None and session.holds_done == 1
    # A partial session is stored as partial and records no answer about stretching.
    assert store.load_table(user).rows[-1].factors.get("bedtime_stretching") is None


def test_routine_works_by_keyboard(page, sign_up) -> None:
    sign_up(page)
    page.clock.install()
    page.goto("/routine/")
    page.get_by_role("button", name="Start").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/routine/\d+/"))
    page.get_by_role("button", name="Start hold").focus()
    page.keyboard.press("Enter")
    page.clock.run_for(2_000)
    assert page.locator("#countdown").inner_text() == "8"
    page.get_by_role("button", name="Next stretch").focus()
    page.keyboard.press("Enter")
    assert "right leg" in page.locator(".step:not([hidden]) h2").inner_text()
    assert page.locator("#countdown").inner_text() == "10"


def test_routine_without_javascript_is_a_list_with_i_did_it(browser, base_url, sign_up) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, base_url=base_url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        username = sign_up(page)
        page.goto("/routine/")
        page.get_by_role("button", name="Start").click()
        page.wait_for_url(re.compile(r"/routine/\d+/"))
        assert page.locator(".step").count() == 4
        assert page.locator("#timer-panel").is_hidden()
        page.get_by_role("button", name=re.compile("I did it")).click()
        page.wait_for_url(re.compile(r"/routine/$"))
        user = get_user_model().objects.get(username=username)
        assert RoutineSession.objects.get(user=user).holds_done == 12
    finally:
        context.close()
