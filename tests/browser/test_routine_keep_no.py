"""At 360 × 640 in night mode, "Keep “No”" after a full routine is stored and stays kept."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary import store
from nightcramp.diary.models import FactorValue, RoutineSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "change it to yes?"


def test_keep_no_is_remembered_for_the_night(new_page, sign_up, screenshot, axe) -> None:
    page = new_page(viewport={"width": 360, "height": 640}, color_scheme="dark")
    user = get_user_model().objects.get(username=sign_up(page))
    night = store.tonight(user)
    store.evening_checkin(user, night, {"bedtime_stretching": False})
    page.goto("/routine/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/routine/\d+/"))
    page.get_by_role("button", name=re.compile("I did them all")).click()
    page.wait_for_url(re.compile(r"/routine/$"))
    assert QUESTION in page.locator("main").inner_text()
    page.get_by_role("button", name="Keep “No”").click()
    page.wait_for_load_state()
    page.reload()
    text = page.locator("main").inner_text()
    assert QUESTION not in text
    assert "You kept your earlier answer" in text
    screenshot(page, "routine-keep-no-night")
    axe(page, "routine after keeping No")
    session = RoutineSession.objects.get(user=user)
    assert session.answer_kept_at is not None
    answer = FactorValue.objects.get(
        user=user, night__night=night, factor__name="bedtime_stretching"
    )
    assert answer.value == 0.0
