"""The home screen counts tonight's cramps ("2 tonight") and links to each of them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

from nightcramp.diary import store
from nightcramp.diary.models import Profile
from tests.base import BaseTestCase


def at(moment: datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


class HomeTonightCountTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="UTC")
        self.login()
        store.morning_checkin(self.alice, date(2026, 6, 8), 0)
        self.cramps = [
            store.record_episode(self.alice, occurred_at=moment)
            for moment in (
                datetime(2026, 6, 9, 23, 38, tzinfo=UTC),
                datetime(2026, 6, 10, 1, 5, tzinfo=UTC),
            )
        ]
        store.record_episode(self.bob, occurred_at=datetime(2026, 6, 9, 23, 50, tzinfo=UTC))

    def test_night_screen_shows_two_tonight_with_links(self) -> None:
        with at(datetime(2026, 6, 10, 3, 0, tzinfo=UTC)):
            response = self.client.get("/")
        self.assertContains(response, 'class="home night"')
        self.assertContains(response, "2 tonight")
        for cramp in self.cramps:
            self.assertContains(response, f'href="/episodes/{cramp.pk}/"')
        self.assertEqual(len(response.context["tonight_episodes"]), 2)

    def test_day_screen_says_what_the_week_figure_counts(self) -> None:
        with at(datetime(2026, 6, 10, 3, 0, tzinfo=UTC)):
            response = self.client.get("/?screen=day")
        self.assertContains(response, "2 tonight")
        self.assertNotContains(response, "in the last 7 nights")
        self.assertContains(response, "checked in for the 7 nights before tonight")

    def test_bob_sees_none_of_alices_cramps(self) -> None:
        self.client.force_login(self.bob)
        with at(datetime(2026, 6, 10, 3, 0, tzinfo=UTC)):
            response = self.client.get("/")
        self.assertContains(response, "1 tonight")
        for cramp in self.cramps:
            self.assertNotContains(response, f'href="/episodes/{cramp.pk}/"')
