"""The routine as a coach at 360 × 640: one big button, the screen kept on, a tone if wanted."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from nightcramp.diary import store
from nightcramp.diary.models import RoutineSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A stand-in for the Screen Wake Lock API and vibration that counts what the page asks for.
STUBS = """
window.__calls = {wake: [], released: 0, vibrations: 0};
window.__sentinels = [];
Object.defineProperty(navigator, "wakeLock", {configurable: true, value: {
  request: function (kind) {
    window.__calls.wake.push(kind);
    var listeners = [];
    var sentinel = {released: false,
      addEventListener: function (name, f) { listeners.push(f); },
      release: function () {
        sentinel.released = true; window.__calls.released += 1;
        listeners.forEach(function (f) { f(); }); return Promise.resolve();
      }};
    window.__sentinels.push(sentinel);
    return Promise.resolve(sentinel);
  }}});
navigator.vibrate = function () { window.__calls.vibrations += 1; return true; };
"""


def calls(page) -> dict:
    return page.evaluate("window.__calls")


@pytest.fixture
def phone(new_page):
    page = new_page(viewport={"width": 360, "height": 640})
    page.add_init_script(STUBS)
    return page


def start_session(page) -> None:
    """Take over the page's clock, then start a routine session from the routine page."""
    page.clock.install()
    page.goto("/routine/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/routine/\d+/"))


def hold_through_a_step(page, big) -> None:
    """Three holds of ten seconds, moving on with the big button during each rest."""
    assert big.inner_text() == "Start hold"
    big.click()
    for _ in range(2):
        page.clock.run_for(11_000)
        assert big.inner_text() == "Next hold"
        big.click()
    page.clock.run_for(11_000)


def test_one_big_button_leads_through_every_hold_and_stretch(phone, sign_up, screenshot) -> None:
    page = phone
    username = sign_up(page)
    start_session(page)
    big = page.locator("#hold-button")
    box = big.bounding_box()
    assert box["width"] >= 200 and box["y"] + box["height"] <= 640  # big, above the fold
    assert calls(page)["wake"] == []  # not before the session starts
    for step in range(1, 5):
        heading = page.locator(".step:not([hidden]) h2").inner_text()
        assert heading.startswith(f"Step {step} of 4")
        hold_through_a_step(page, big)
        assert page.locator("#holds-done").inner_text() == str(3 * step)
        if step < 4:
            assert big.inner_text() == "Next stretch"
            screenshot(page, "care-routine-next-stretch")
            big.click()
    assert calls(page)["wake"] == ["screen"]  # requested once, at the start
    assert calls(page)["released"] == 1  # released when the last hold ends
    assert big.inner_text() == "Finish"
    big.click()
    page.wait_for_url(re.compile(r"/routine/$"))
    assert "Done for tonight: 12 of 12 holds" in page.locator("main").inner_text()
    user = get_user_model().objects.get(username=username)
    session = RoutineSession.objects.get(user=user)
    assert (session.holds_done, session.holds_total) == (12, 12)
    assert store.load_table(user).rows[-1].factors["bedtime_stretching"] is True


def test_wake_lock_taken_again_when_the_page_returns(phone, sign_up) -> None:
    page = phone
    sign_up(page)
    start_session(page)
    page.locator("#hold-button").click()
    page.wait_for_function("window.__calls.wake.length === 1")
    # The browser drops the lock when the page is hidden; on return the page takes it again.
    page.evaluate("window.__sentinels[0].release()")
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_function("window.__calls.wake.length === 2")
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")
    page.wait_for_function("window.__calls.released === 2")


def test_tone_and_vibration_only_when_chosen_and_remembered(phone, sign_up) -> None:
    page = phone
    sign_up(page)
    start_session(page)
    toggle = page.get_by_label("Soft tone and vibration when a hold ends")
    assert not toggle.is_checked()  # off unless the person turns it on
    page.locator("#hold-button").click()
    page.clock.run_for(11_000)
    assert calls(page)["vibrations"] == 0
    toggle.check()
    page.locator("#hold-button").click()  # next hold
    page.clock.run_for(11_000)
    assert calls(page)["vibrations"] == 1
    page.reload()
    assert page.get_by_label("Soft tone and vibration when a hold ends").is_checked()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_routine_pages_pass_axe_in_both_themes(phone, sign_up, axe, screenshot, theme) -> None:
    page = phone
    username = sign_up(page)
    user = get_user_model().objects.get(username=username)
    store.evening_checkin(user, store.tonight(user), {"bedtime_stretching": False})
    page.emulate_media(color_scheme=theme)
    page.goto("/routine/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/routine/\d+/"))
    page.evaluate(f"document.documentElement.className = 'theme-{theme}'")
    axe(page, f"routine session ({theme})")
    page.get_by_role("button", name=re.compile("I did them all")).click()
    page.wait_for_url(re.compile(r"/routine/$"))
    assert "change it to yes?" in page.locator("main").inner_text()
    page.evaluate(f"document.documentElement.className = 'theme-{theme}'")
    axe(page, f"routine asks before changing a No ({theme})")
    screenshot(page, f"care-routine-ask-{theme}")
    page.goto("/dashboard/")
    page.evaluate(f"document.documentElement.className = 'theme-{theme}'")
    assert "Bedtime stretching by week" in page.locator("main").inner_text()
    axe(page, f"dashboard with routine weeks ({theme})")
