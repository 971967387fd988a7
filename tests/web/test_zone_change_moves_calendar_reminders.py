"""Changing the account's zone moves every calendar reminder, so the feed's revision (each
event's SEQUENCE and LAST-MODIFIED) goes up: subscribed calendar apps then replace the
events they hold. Before, a zone changed on the Account page (or by the travel prompt) left
the revision alone, and calendars could keep the old times."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from nightcramp.diary.models import CalendarFeed, Profile
from tests.base import BaseTestCase


class ZoneChangeMovesCalendarRemindersTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="Europe/London")
        self.feed = CalendarFeed.objects.create(user=self.alice)
        self.bob_feed = CalendarFeed.objects.create(user=self.bob)
        self.at_time(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
        self.login()

    def bedtime(self) -> object:
        response = Client().get(reverse("feeds:calendar_ics", args=[self.feed.token]))
        events = Calendar.from_ical(response.content).events
        return next(e for e in events if str(e["summary"]) == "Bedtime stretching routine")

    def test_a_new_zone_on_the_account_page_bumps_the_revision(self) -> None:
        self.assertEqual(self.bedtime()["sequence"], 0)
        self.client.post("/accounts/", {"time_zone": "Asia/Tokyo"})
        self.feed.refresh_from_db()
        self.assertEqual(self.feed.revision, 1)
        self.assertEqual(self.feed.modified_at, datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
        event = self.bedtime()
        self.assertEqual(event["sequence"], 1)
        self.assertEqual(str(event.decoded("dtstart").tzinfo), "Asia/Tokyo")
        self.assertEqual(event.decoded("last-modified"), self.feed.modified_at)
        self.bob_feed.refresh_from_db()
        self.assertEqual(self.bob_feed.revision, 0)  # bob's reminders did not move

    def test_saving_the_same_zone_again_does_not(self) -> None:
        response = self.client.post("/accounts/", {"time_zone": "Europe/London"})
        self.assertRedirects(response, "/accounts/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/accounts/"), "already London, Britain (UK)")
        self.feed.refresh_from_db()
        self.assertEqual(self.feed.revision, 0)

    def test_an_unknown_zone_does_not(self) -> None:
        self.client.post("/accounts/", {"time_zone": "Moon/Base"})
        self.feed.refresh_from_db()
        self.assertEqual((self.feed.revision, self.feed.modified_at), (0, None))

    def test_using_the_phone_zone_while_travelling_bumps_it_too(self) -> None:
        self.client.post("/travel/", {"device_zone": "Asia/Tokyo", "choice": "keep"})
        self.feed.refresh_from_db()
        self.assertEqual(self.feed.revision, 0)
        self.client.post("/travel/", {"device_zone": "America/Chicago", "choice": "use"})
        self.feed.refresh_from_db()
        self.assertEqual(self.feed.revision, 1)
        profile = Profile.objects.get(user=self.alice)
        self.assertEqual(
            (profile.time_zone, profile.travel_zone_answered), ("America/Chicago",) * 2
        )

    def test_without_a_feed_a_zone_change_makes_none(self) -> None:
        self.login(self.bob)
        self.bob_feed.delete()
        self.client.post("/accounts/", {"time_zone": "Asia/Tokyo"})
        self.assertFalse(CalendarFeed.objects.filter(user=self.bob).exists())
        self.assertEqual(Profile.objects.get(user=self.bob).time_zone, "Asia/Tokyo")
