"""Long unbroken words that people type (a medicine, a factor, a username) wrap at 360 px.

Before, one 200-letter medicine name made the medicines page 1824 px wide, and the evening
check-in, trials, history and account pages scrolled sideways the same way.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD = "Supercalifragilisticexpialidocious" * 5


def test_long_words_never_widen_the_page(page, sign_up) -> None:
    sign_up(page, username="u" + "x" * 60)
    page.goto("/medicines/add/")
    page.locator("input[name=name]").fill(WORD[:200])
    page.locator("input[name=dose]").fill("D" * 100)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/medicines/")
    page.goto("/factors/")
    page.get_by_label("Name").fill(WORD[:60])
    page.get_by_role("button", name="Add factor").click()
    page.wait_for_url("**/factors/")
    page.goto("/checkins/morning/")
    page.get_by_label("Notes (optional)").fill(WORD)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(lambda url: "/checkins/morning/" not in url)
    for url in ("/accounts/", "/medicines/", "/factors/", "/checkins/", "/checkins/evening/"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width} px wide"
