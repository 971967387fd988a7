"""The account page's time-zone picker on a phone at night, instead of a list of 600 zones.

A phone in Tokyo whose diary is on London time sees Tokyo suggested first; typing "kolk"
finds Asia/Kolkata, which the keyboard reaches and saves. The page stays small. Without
JavaScript the search is a page of its own and the zone can be typed by name.
Before: a <select> of about 600 zones in a 37 KB page, and no suggestion.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from nightcramp.diary.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIGHT_PHONE = {"width": 360, "height": 640}
MAX_PAGE_BYTES = 12_000


def tokyo_phone_at_3am(new_page, **options):
    page = new_page(viewport=NIGHT_PHONE, color_scheme="dark", timezone_id="Asia/Tokyo", **options)
    if options.get("java_script_enabled", True):  # the fake clock is a script itself
        page.clock.set_fixed_time(datetime.fromisoformat("2026-11-26T03:00:00+09:00"))
    return page


def on_london_time(page, sign_up) -> str:
    username = sign_up(page)  # sign-up takes the phone's zone: Tokyo
    Profile.objects.filter(user__username=username).update(time_zone="Europe/London")
    return username


def test_phone_zone_first_search_and_choose(new_page, sign_up, screenshot, axe) -> None:
    page = tokyo_phone_at_3am(new_page)
    username = on_london_time(page, sign_up)
    response = page.goto("/accounts/")
    weight = len(response.body())
    assert weight < MAX_PAGE_BYTES, f"the account page is {weight} bytes"
    assert "theme-dark" in page.locator("html").get_attribute("class")

    section = page.get_by_role("region", name="Time zone")
    first = section.get_by_role("button").first
    assert " ".join(first.inner_text().split()) == "This phone’s zone: Tokyo (Asia/Tokyo)"
    assert first.is_visible() and first.get_attribute("value") == "Asia/Tokyo"
    assert page.get_by_role("list", name="Suggested").get_by_role("button").count() == 1
    screenshot(page, "time-zone-picker-suggested-night")

    search = page.get_by_label("Find a time zone")
    search.fill("kolk")
    status = page.locator("#zone-status")
    status.filter(has_text="1 time zone matches “kolk”.").wait_for()
    found = page.get_by_role("list", name="Time zones found").get_by_role("button")
    assert found.count() == 1
    assert found.first.inner_text().startswith("Kolkata, India")
    axe(page, "account, zone search results (dark)")
    page.evaluate("document.documentElement.className = 'theme-light'")
    axe(page, "account, zone search results (light)")
    page.evaluate("document.documentElement.className = 'theme-dark'")
    screenshot(page, "time-zone-picker-search-night")

    search.press("ArrowDown")  # the keyboard moves from the search box to the results
    assert page.evaluate("document.activeElement.value") == "Asia/Kolkata"
    page.keyboard.press("Enter")
    page.get_by_text("Time zone saved: Kolkata, India (Asia/Kolkata)").wait_for()
    assert Profile.objects.get(user__username=username).time_zone == "Asia/Kolkata"
    screenshot(page, "time-zone-picker-saved-night")
    page.goto("/accounts/zones/?q=eastern")  # the search's own page, as without JavaScript
    axe(page, "zone search page")


def test_choosing_the_suggested_phone_zone_saves_it(new_page, sign_up) -> None:
    page = tokyo_phone_at_3am(new_page)
    username = on_london_time(page, sign_up)
    page.goto("/accounts/")
    page.get_by_role("button", name="This phone’s zone: Tokyo (Asia/Tokyo)").click()
    page.get_by_text("Time zone saved: Tokyo, Japan (Asia/Tokyo)").wait_for()
    assert Profile.objects.get(user__username=username).time_zone == "Asia/Tokyo"
    assert not page.locator("#zone-device").is_visible()  # nothing left to suggest


def test_without_javascript_search_is_a_page_and_names_can_be_typed(
    new_page, sign_up, screenshot
) -> None:
    page = tokyo_phone_at_3am(new_page, java_script_enabled=False)
    username = on_london_time(page, sign_up)
    page.goto("/accounts/")
    assert not page.locator("#zone-device").is_visible()
    page.get_by_label("Find a time zone").fill("kolk")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/accounts/zones/?q=kolk")
    page.get_by_text("1 time zone matches “kolk”.").wait_for()
    screenshot(page, "time-zone-picker-no-js-results")
    page.get_by_role("button", name=re.compile("^Kolkata, India")).click()
    page.get_by_text("Time zone saved: Kolkata, India").wait_for()
    assert Profile.objects.get(user__username=username).time_zone == "Asia/Kolkata"

    field = page.get_by_label("Your time zone")
    field.fill("Moon/Base")
    page.get_by_role("button", name="Save time zone").click()
    page.get_by_text("“Moon/Base” is not a time zone this server knows.").wait_for()
    assert Profile.objects.get(user__username=username).time_zone == "Asia/Kolkata"
    field.fill("asia/tokyo")
    page.get_by_role("button", name="Save time zone").click()
    page.get_by_text("Time zone saved: Tokyo, Japan (Asia/Tokyo)").wait_for()
    assert Profile.objects.get(user__username=username).time_zone == "Asia/Tokyo"


def test_the_calendar_page_offers_the_phone_zone(new_page, sign_up) -> None:
    page = tokyo_phone_at_3am(new_page)
    username = sign_up(page)
    Profile.objects.filter(user__username=username).update(time_zone="")  # never chosen
    page.goto("/calendar/")
    field = page.get_by_label("Your time zone", exact=False)
    assert field.input_value() == "Asia/Tokyo"
    page.get_by_role("button", name="Save times").click()
    page.get_by_text("Reminder times saved").wait_for()
    assert Profile.objects.get(user__username=username).time_zone == "Asia/Tokyo"
