"""Planning a self-experiment in Chromium: the power estimate first, then tonight's arm."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary import store, trial_store
from nightcramp.diary.models import Trial
from nightcramp.stats.trials import arm_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_a_trial(page, sign_up, screenshot, axe) -> None:
    username = sign_up(page)
    page.goto("/trials/new/")
    assert page.locator("input[name=intervention]").input_value() == "Bedtime stretching"
    page.fill("input[name=cramps_per_week]", "7")
    page.get_by_role("button", name="Update the estimate").click()
    estimate = page.locator(".estimate")
    assert re.search(r"about a \d+% chance", estimate.inner_text())
    assert "with 80% chance in" in estimate.inner_text() or "cannot be detected" in (
        estimate.inner_text()
    )  # it leads with what the person's own rate allows
    screenshot(page, "care-trial-new")
    axe(page, "trial planning")

    page.get_by_role("button", name="Start the experiment").click()
    page.wait_for_url(re.compile(r"/trials/\d+/$"))
    user = get_user_model().objects.get(username=username)
    trial = Trial.objects.get(user=user)
    night = store.tonight(user)
    tonight = page.locator(".tonight").inner_text()
    if night < trial.start:  # before noon "tonight" is last night: the plan starts this evening
        assert "not part of the experiment yet" in tonight
    else:
        arm = arm_on(trial.plan, night)
        assert ("do it tonight" if arm == "intervention" else "control night") in tonight
    assert trial.start == trial_store.first_open_night(user)
    assert page.locator("table.periods tbody tr").count() == 2 * trial.pairs
    screenshot(page, "care-trial-detail")
    axe(page, "trial detail")

    page.goto("/trials/")
    listed = page.locator("main").inner_text()
    assert (
        "Running" in listed if night >= trial.start else f"Starts {trial.start:%a %d %b}" in listed
    )
    axe(page, "trial list")
