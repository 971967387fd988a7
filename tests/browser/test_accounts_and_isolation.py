"""Two people in two browsers: neither sees the other's diary; sign out and back in."""

from __future__ import annotations

import pytest

from nightcramp.diary.models import Episode
from tests.browser.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_second_person_cannot_see_the_first_ones_data(page, new_page, sign_up) -> None:
    first = sign_up(page)
    page.goto("/?screen=night")
    page.get_by_role("button", name="Cramp now").click()
    page.wait_for_url("**/episodes/*/")
    episode = Episode.objects.get(user__username=first)
    page.goto("/checkins/")
    page.get_by_text("1 cramp").wait_for()

    other = new_page()
    sign_up(other)
    for url in (
        f"/episodes/{episode.pk}/",
        f"/episodes/{episode.pk}/edit/",
        f"/nights/{episode.night.pk}/morning/",
    ):
        response = other.goto(url)
        assert response.status == 404, url
    other.goto("/checkins/")
    assert other.get_by_text("No nights yet").is_visible()
    other.goto("/dashboard/")
    assert other.get_by_text("No nights checked in").is_visible()


def test_sign_out_and_sign_in_again(page, sign_up) -> None:
    username = sign_up(page)
    page.goto("/accounts/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.goto("/dashboard/")
    page.wait_for_url("**/accounts/login/?next=/dashboard/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url.endswith("/dashboard/") and "login" not in url)
    page.get_by_role("heading", name="Dashboard").wait_for()
