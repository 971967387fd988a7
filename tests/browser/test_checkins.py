"""Morning and evening check-ins in the browser, then the dashboard shows them."""

from __future__ import annotations

import re
from datetime import date

import pytest

from nightcramp.diary.models import Episode, FactorValue, Night

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_morning_and_evening_check_ins_then_the_dashboard(page, sign_up, screenshot) -> None:
    username = sign_up(page)
    page.goto("/checkins/morning/")
    night = date.fromisoformat(page.get_by_label("Night of").input_value())
    page.get_by_label("Had cramps").check()
    count = page.get_by_label("How many cramps")
    assert count.is_visible() and count.input_value() == "1"  # the script shows and fills it
    count.fill("2")
    page.get_by_role("group", name=re.compile("Leg soreness")).get_by_label("3", exact=True).check()
    screenshot(page, "morning-checkin")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/nights/*/morning/")  # two cramps, none logged: asks for details
    saved = Night.objects.get(user__username=username, night=night)
    assert (saved.cramps, saved.soreness) == (2, 3)

    # details of a cramp that was not logged in the night
    page.get_by_role("link", name="Add a cramp I did not log").click()
    page.get_by_role("heading", name="A cramp you did not log").wait_for()
    assert not Episode.objects.filter(user__username=username).exists()  # not before Save
    page.get_by_label("Which leg").select_option("left")
    page.get_by_label("Which muscle").select_option("calf")
    page.get_by_label("How bad").select_option("6")
    page.get_by_role("group", name="Did it wake you?").get_by_label("Yes").check()
    screenshot(page, "episode-edit")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/nights/*/morning/")
    episode = Episode.objects.get(user__username=username)
    assert (episode.leg, episode.muscle, episode.severity, episode.woke_me) == (
        "left",
        "calf",
        6,
        True,
    )
    saved.refresh_from_db()
    assert (saved.cramps, saved.max_severity) == (2, 6)

    page.goto("/checkins/evening/")
    page.get_by_label("Fluids (glasses)").fill("7")
    page.get_by_role("group", name="Bedtime stretching done").get_by_label("Yes").check()
    screenshot(page, "evening-checkin")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(lambda url: url.rstrip("/").count("/") == 2)  # back home
    values = {
        fv.factor.name: fv.value
        for fv in FactorValue.objects.filter(night__user__username=username)
    }
    assert values == {"fluids_glasses": 7.0, "bedtime_stretching": 1.0}

    page.goto("/checkins/")
    page.get_by_text("2 cramps").wait_for()
    screenshot(page, "checkins")

    page.goto("/dashboard/")
    page.get_by_role("heading", name="Cramps per week").wait_for()
    page.get_by_text("most often left leg, calf").wait_for()
    assert page.get_by_role("img", name=re.compile("Cramps per week")).is_visible()
    page.get_by_text("Show the numbers").first.click()
    assert page.get_by_role("cell", name="2", exact=True).first.is_visible()
    screenshot(page, "dashboard")


def test_bad_input_shows_a_clear_message(page, sign_up) -> None:
    username = sign_up(page)
    page.goto("/checkins/evening/")
    page.get_by_label("Fluids (glasses)").fill("-4")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").filter(has_text="nothing was saved").wait_for()
    assert page.get_by_text("greater than or equal to 0").is_visible()
    assert not Night.objects.filter(user__username=username).exists()
