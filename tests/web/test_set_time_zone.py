"""Choosing one's time zone: it decides which night a cramp belongs to."""

from __future__ import annotations

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
        self.assertRedirects(response, "/accounts/")
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Asia/Tokyo")
        # 20:00 UTC is 05:00 the next day in Tokyo: the night that began that evening
        episode = store.record_episode(
            self.alice, occurred_at=datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
        )
        self.assertEqual(episode.night.night.isoformat(), "2026-03-01")
        self.assertContains(self.client.get("/checkins/"), "05:00")

    def test_unknown_zone_is_refused_and_changes_nothing(self) -> None:
        Profile.objects.create(user=self.alice, time_zone="Europe/Oslo")
        self.login()
        response = self.client.post("/accounts/", {"time_zone": "Moon/Base"})
        self.assertContains(response, "Select a valid choice")
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Europe/Oslo")

    def test_forged_post_without_csrf_is_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(client.post("/accounts/", {"time_zone": "Asia/Tokyo"}).status_code, 403)
        self.assertFalse(Profile.objects.filter(user=self.alice).exists())
