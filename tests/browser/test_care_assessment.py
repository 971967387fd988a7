"""The assessment in Chromium: a swollen leg is flagged with the words its urgency needs."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary.models import Assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_red_flag_assessment(page, sign_up, screenshot, axe) -> None:
    username = sign_up(page)
    page.goto("/profile/")
    page.fill("input[name=age]", "67")
    page.fill("textarea[name=conditions]", "type 2 diabetes")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url(re.compile(r"/profile/\?saved=1"))
    screenshot(page, "care-profile")
    axe(page, "profile")

    page.goto("/medicines/add/")
    page.fill("input[name=name]", "Lasix")
    page.fill("input[name=dose]", "40mg")
    page.fill("input[name=started]", "2026-01-05")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/medicines/$"))
    assert "Lasix" in page.locator("main").inner_text()
    screenshot(page, "care-medicines")
    axe(page, "medicines")

    page.goto("/assessment/")
    screenshot(page, "care-assessment-form")
    axe(page, "assessment form")
    page.get_by_label(re.compile("swollen", re.I)).first.check()
    page.get_by_role("button", name="See my assessment").click()
    page.wait_for_url(re.compile(r"/assessment/\d+/$"))
    flag = page.locator(".flag.level-urgent").first
    assert "See a clinician today" in flag.inner_text()
    assert "clot" in flag.inner_text().lower()
    assert "Not medical advice" in page.locator(".disclaimer").inner_text()
    assert "furosemide" in page.locator("main").inner_text()
    screenshot(page, "care-assessment-result")
    axe(page, "assessment result")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "care-assessment-result-dark")
    axe(page, "assessment result, dark")
    page.emulate_media(color_scheme="light")

    user = get_user_model().objects.get(username=username)
    saved = Assessment.objects.get(user=user)
    assert saved.profile["symptoms"] == ["one_leg_swollen"]
    assert saved.profile["medications"] == ["Lasix 40mg"]

    page.goto("/assessment/history/")
    assert "See a clinician today" in page.locator("main").inner_text()
    axe(page, "assessment history")


def test_emergency_flag_shown_first(page, sign_up, screenshot, axe) -> None:
    sign_up(page)
    page.goto("/assessment/")
    page.locator("input[value=one_leg_swollen]").check()
    page.locator("input[value=short_of_breath_or_chest_pain]").check()
    page.get_by_role("button", name="See my assessment").click()
    page.wait_for_url(re.compile(r"/assessment/\d+/$"))
    first = page.locator(".flag").first
    assert "Call emergency services now (999/112/911)" in first.inner_text()
    assert "level-emergency" in first.get_attribute("class")
    screenshot(page, "care-assessment-emergency")
    page.emulate_media(color_scheme="dark")
    axe(page, "emergency flag, dark")
