"""A cramp tapped with no connection is kept on the phone, shown with its time, and sent
exactly once, at the time of the tap, when the connection returns. Before: "this cramp was
not saved. Note the time", with no time and no retry."""

from __future__ import annotations

from datetime import datetime

import pytest

from nightcramp.diary.models import Episode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PENDING = "() => JSON.parse(localStorage.getItem('nightcramp.pendingTaps') || '[]')"


def test_an_offline_tap_is_sent_once_at_its_own_time(new_page, sign_up, screenshot) -> None:
    page = new_page(timezone_id="Europe/Paris")
    username = sign_up(page)
    page.goto("/?screen=night")
    page.context.set_offline(True)
    page.get_by_role("button", name="Cramp now").click()
    status = page.locator("#tap-status")
    status.filter(has_text="saved on this phone, will be sent").wait_for()
    [kept] = page.evaluate(PENDING)
    tapped = datetime.fromisoformat(kept["tapped_at"].replace("Z", "+00:00"))
    assert f"Cramp at {tapped.astimezone(_paris()):%H:%M}" in status.inner_text()
    assert not Episode.objects.filter(user__username=username).exists()
    screenshot(page, "offline-tap-kept")

    page.wait_for_timeout(1500)  # the server's clock moves on: the tap keeps its own time
    page.context.set_offline(False)
    status.filter(has_text="sent and saved").wait_for()
    [episode] = Episode.objects.filter(user__username=username)
    assert episode.occurred_at == tapped
    assert str(episode.client_key) == kept["key"]
    assert page.evaluate(PENDING) == []

    page.reload()  # nothing is left to send again
    page.wait_for_load_state("networkidle")
    assert Episode.objects.filter(user__username=username).count() == 1


def test_the_phone_zone_is_asked_about_once(new_page, sign_up) -> None:
    from nightcramp.diary.models import Profile

    page = new_page(timezone_id="Asia/Tokyo")
    username = sign_up(page)
    Profile.objects.filter(user__username=username).update(time_zone="America/Los_Angeles")
    page.goto("/?screen=day")
    prompt = page.get_by_role("region", name="Travelling?")
    prompt.get_by_text("Your phone is on Tokyo time").wait_for()
    prompt.get_by_role("button", name="Use Tokyo time while you travel").click()
    page.wait_for_url("**/")
    profile = Profile.objects.get(user__username=username)
    assert (profile.time_zone, profile.travel_zone_answered) == ("Asia/Tokyo", "Asia/Tokyo")
    page.goto("/?screen=day")
    assert not page.locator("#travel").is_visible()


def _paris():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Paris")


def test_opened_with_no_connection_a_tap_is_still_kept(new_page, sign_up) -> None:
    page = new_page(timezone_id="Europe/Paris")
    username = sign_up(page)
    page.goto("/?screen=night")
    page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    page.reload()  # now controlled by the worker, which has the script and style
    page.context.set_offline(True)
    page.goto("/?screen=night")  # the phone opens nightcramp with no network
    page.get_by_role("heading", name="No connection").wait_for()
    page.get_by_role("button", name="Cramp now").click()
    page.locator("#tap-status").filter(has_text="saved on this phone, will be sent").wait_for()
    [kept] = page.evaluate(PENDING)
    assert not Episode.objects.filter(user__username=username).exists()
    page.context.set_offline(False)  # back online: the page goes home, which sends it
    page.wait_for_url("**/")
    page.locator("#tap-status").filter(has_text="sent and saved").wait_for()
    [episode] = Episode.objects.filter(user__username=username)
    assert episode.occurred_at.isoformat().startswith(kept["tapped_at"][:19])
    assert page.evaluate(PENDING) == []
