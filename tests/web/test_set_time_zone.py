"""Choosing one's time zone on the account page: it decides which night a cramp belongs to.

The zone is typed by its IANA name (the page's search fills it in), checked against the
zones this server knows; anything else is refused with the name it was given, and nothing
changes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.test import Client

from nightcramp.diary import store
from nightcramp.diary.models import Profile
from tests.base import BaseTestCase


class TimeZoneTest(BaseTestCase):
    def test_set_time_zone(self) -> None:
        self.login()
        self.assertContains(self.client.get("/accounts/"), "Your time zone")
        response = self.client.post("/accounts/", {"time_zone": "Asia/Tokyo"})
        self.assertRedirects(response, "/accounts/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/accounts/"), "Time zone saved: Tokyo, Japan")
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Asia/Tokyo")
        # 20:00 UTC is 05:00 the next day in Tokyo: the night that began that evening
        episode = store.record_episode(
            self.alice, occurred_at=datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
        )
        self.assertEqual(episode.night.night.isoformat(), "2026-03-01")
        self.assertContains(self.client.get("/checkins/"), "05:00")

    def test_a_typed_name_forgives_case_and_spaces(self) -> None:
        self.login()
        self.client.post("/accounts/", {"time_zone": "  asia/ho chi minh "})
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Asia/Ho_Chi_Minh")

    def test_unknown_zone_is_refused_by_name_and_changes_nothing(self) -> None:
        Profile.objects.create(user=self.alice, time_zone="Europe/Oslo")
        self.login()
        response = self.client.post("/accounts/", {"time_zone": "Moon/Base"})
        self.assertContains(response, "“Moon/Base” is not a time zone this server knows")
        self.assertContains(response, "Nothing was changed.")
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Europe/Oslo")

    def test_a_misspelt_city_gets_suggestions(self) -> None:
        self.login()
        response = self.client.post("/accounts/", {"time_zone": "Asia/Kolk"})
        self.assertContains(response, "Did you mean Asia/Kolkata?")
        self.assertFalse(Profile.objects.filter(user=self.alice).exists())

    def test_forged_zones_are_refused(self) -> None:
        Profile.objects.create(user=self.alice, time_zone="Europe/Oslo")
        self.login()
        for forged in (
            "posix/Europe/Paris",  # a file zoneinfo can open, not a zone name
            "../zoneinfo/UTC",
            "Europe/Paris\x00",
            "Europe/Paris/../Berlin",
            "A" * 65,
            "",
        ):
            with self.subTest(forged=forged):
                response = self.client.post("/accounts/", {"time_zone": forged})
                self.assertEqual(response.status_code, 200)  # the page again, with the error
                self.assertContains(response, "errorlist")
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Europe/Oslo")

    def test_bob_changes_only_his_own_zone(self) -> None:
        Profile.objects.create(user=self.alice, time_zone="Europe/Oslo")
        self.login(self.bob)
        self.client.post("/accounts/", {"time_zone": "America/Chicago"})
        self.assertEqual(Profile.objects.get(user=self.bob).time_zone, "America/Chicago")
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Europe/Oslo")
        self.assertNotContains(self.client.get("/accounts/"), "Oslo")

    def test_signed_out_post_changes_nothing(self) -> None:
        response = self.client.post("/accounts/", {"time_zone": "Asia/Tokyo"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.assertFalse(Profile.objects.exists())

    def test_forged_post_without_csrf_is_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(client.post("/accounts/", {"time_zone": "Asia/Tokyo"}).status_code, 403)
        self.assertFalse(Profile.objects.filter(user=self.alice).exists())

    def test_post_with_the_token_from_the_page_works(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        page = client.get("/accounts/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        response = client.post(
            "/accounts/", {"time_zone": "Asia/Tokyo", "csrfmiddlewaretoken": token}
        )
        self.assertRedirects(response, "/accounts/")
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Asia/Tokyo")
