"""The night home screen at 360x640 shows "2 tonight", and each of tonight's cramps opens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from nightcramp.diary import store

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_night_screen_counts_and_links_tonights_cramps(new_page, sign_up, screenshot, axe):
    page = new_page(viewport={"width": 360, "height": 640}, color_scheme="dark")
    user = get_user_model().objects.get(username=sign_up(page))
    now = timezone.now()
    for moment in (now - timedelta(seconds=2), now):
        store.record_episode(user, occurred_at=moment)
    page.goto("/?screen=night")
    count = page.get_by_role("link", name="2 tonight")
    count.wait_for()
    screenshot(page, "night-home-2-tonight")
    axe(page, "night home with tonight's cramps")
    assert page.locator("#tonight-list a").count() == 2
    page.locator("#tonight-list a").first.click()
    page.wait_for_url("**/episodes/*/")
    assert "Cramp saved" in page.locator("h1").inner_text()
