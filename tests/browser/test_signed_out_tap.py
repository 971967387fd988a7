"""At 3 a.m. the session has ended: the tap leads to sign-in and then back to the button.

Before, signing in sent the browser to GET /cramp/, an empty "HTTP ERROR 405" page.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cramp_now_after_the_session_ended(page, sign_up) -> None:
    username = sign_up(page)
    page.goto("/?screen=night")
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Cramp now").click()
    page.wait_for_url("**/accounts/login/**")
    assert page.get_by_text("not saved yet").is_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/?screen=night")
    page.get_by_role("button", name="Cramp now").click()
    page.wait_for_url("**/episodes/*/")
    assert page.get_by_role("heading", name="Cramp saved").is_visible()
