"""Every text-like control is a finger-sized target (at least 44 px tall) at 360 px wide.

The calendar page's reminder-time fields were once left unstyled: 20 px tall boxes that a
thumb could hardly hit.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/calendar/",
    "/accounts/",
    "/checkins/evening/",
    "/checkins/morning/",
    "/profile/",
    "/medicines/add/",
    "/trials/new/",
]

SMALL_CONTROLS = """() => [...document.querySelectorAll('main input, main select, main textarea')]
  .filter(e => !['hidden', 'checkbox', 'radio'].includes(e.type) && e.offsetParent !== null)
  .map(e => [e.name || e.id, e.type, Math.round(e.getBoundingClientRect().height)])
  .filter(([, , height]) => height < 44)"""


def test_form_controls_are_at_least_44_px_tall(page, sign_up) -> None:
    sign_up(page)
    for url in PAGES:
        page.goto(url)
        assert page.evaluate(SMALL_CONTROLS) == [], url


def test_calendar_time_fields_are_styled_like_the_others(page, sign_up) -> None:
    sign_up(page)
    page.goto("/calendar/")
    field = page.get_by_label("Evening check-in")
    assert field.get_attribute("type") == "time"
    box = field.bounding_box()
    assert box["height"] >= 44
    assert box["width"] > 200  # full width, like every other field
