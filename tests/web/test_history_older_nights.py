"""Nights older than the latest 60 stay reachable (to read and to correct) from the history.

Before, the history stopped at 60 nights with no way further back: a night three months
ago could not be opened to fix its check-in on the web.
"""

from __future__ import annotations

from datetime import date, timedelta

from nightcramp.diary import store
from nightcramp.diary.models import Night
from tests.base import BaseTestCase

FIRST = date(2026, 1, 1)


class OlderNightsTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        for offset in range(65):
            store.morning_checkin(self.alice, FIRST + timedelta(days=offset), 0)
        store.morning_checkin(self.bob, FIRST - timedelta(days=3), 4)
        self.login()

    def test_latest_page_links_to_older_nights(self) -> None:
        page = self.client.get("/checkins/")
        self.assertEqual(len(page.context["nights"]), 60)
        oldest_shown = FIRST + timedelta(days=5)
        self.assertEqual(page.context["nights"][-1].night, oldest_shown)
        self.assertContains(page, f'href="?before={oldest_shown.isoformat()}"')
        self.assertContains(page, "Older nights")

    def test_older_page_shows_the_rest_and_nothing_of_bob(self) -> None:
        page = self.client.get("/checkins/?before=2026-01-06")
        shown = [n.night for n in page.context["nights"]]
        self.assertEqual(shown, [FIRST + timedelta(days=d) for d in range(4, -1, -1)])
        self.assertNotContains(page, "Older nights")
        self.assertContains(page, "Back to the latest nights")
        for night in Night.objects.filter(user=self.alice, night__lt=date(2026, 1, 6)):
            self.assertContains(page, f'href="/nights/{night.pk}/morning/"')
        self.assertNotContains(page, "4 cramps")

    def test_a_bad_date_shows_the_latest_nights(self) -> None:
        page = self.client.get("/checkins/?before=2026-02-30")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(len(page.context["nights"]), 60)
