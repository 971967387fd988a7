"""When the phone's zone differs from the account's, the home screen asks once which clock
to use; either answer is remembered and past cramps stay where they were."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from nightcramp.diary.models import Episode, Profile
from tests.base import BaseTestCase


class TravelPromptTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="America/Los_Angeles")
        self.login()

    def test_home_carries_what_the_script_compares(self) -> None:
        page = self.client.get("/")
        self.assertContains(page, 'data-account-zone="America/Los_Angeles" data-answered=""')
        self.assertContains(page, "Keep Los Angeles time")

    def test_use_the_phone_zone_while_travelling(self) -> None:
        self.at_time(datetime(2026, 3, 3, 4, 5, tzinfo=ZoneInfo("America/Los_Angeles")))
        self.client.post("/cramp/")
        response = self.client.post("/travel/", {"device_zone": "Asia/Tokyo", "choice": "use"})
        self.assertRedirects(response, "/")
        profile = Profile.objects.get(user=self.alice)
        self.assertEqual((profile.time_zone, profile.travel_zone_answered), ("Asia/Tokyo",) * 2)
        self.assertContains(self.client.get("/"), 'data-answered="Asia/Tokyo"')
        self.assertEqual(Episode.objects.get(user=self.alice).time_zone, "America/Los_Angeles")

    def test_keep_the_account_zone(self) -> None:
        self.client.post("/travel/", {"device_zone": "Asia/Tokyo", "choice": "keep"})
        profile = Profile.objects.get(user=self.alice)
        self.assertEqual(profile.time_zone, "America/Los_Angeles")
        self.assertEqual(profile.travel_zone_answered, "Asia/Tokyo")

    def test_an_unknown_zone_changes_nothing(self) -> None:
        response = self.client.post("/travel/", {"device_zone": "Moon/Base", "choice": "use"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/"), "is not a time zone this server knows")
        profile = Profile.objects.get(user=self.alice)
        self.assertEqual(
            (profile.time_zone, profile.travel_zone_answered), ("America/Los_Angeles", "")
        )

    def test_bobs_answer_changes_only_bob(self) -> None:
        self.login(self.bob)
        self.client.post("/travel/", {"device_zone": "Asia/Tokyo", "choice": "use"})
        self.assertEqual(Profile.objects.get(user=self.bob).time_zone, "Asia/Tokyo")
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "America/Los_Angeles")
