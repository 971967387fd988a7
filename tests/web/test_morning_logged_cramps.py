"""Answering "no cramps" for a night with a logged cramp says why the night still counts it.

Before, the logged cramp silently won: the person answered "No cramps", read "Saved", and
the history showed 1 cramp with no word about why.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

from nightcramp.diary import store
from nightcramp.diary.models import Night
from tests.base import BaseTestCase

NOW = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)


class MorningWithLoggedCrampsTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        patcher = mock.patch("django.utils.timezone.now", return_value=NOW)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.episode = store.record_episode(
            self.alice, occurred_at=datetime(2026, 5, 10, 3, 0, tzinfo=UTC)
        )

    def test_no_cramps_after_a_logged_one_explains_and_shows_it(self) -> None:
        response = self.client.post(
            "/checkins/morning/", {"night": "2026-05-09", "had_cramps": "no"}, follow=True
        )
        night = Night.objects.get(user=self.alice, night=date(2026, 5, 9))
        self.assertEqual(night.cramps, 1)
        self.assertEqual(response.redirect_chain[-1][0], f"/nights/{night.pk}/morning/")
        self.assertContains(response, "You answered no cramps, but 1 cramp was logged that night")
        self.assertContains(response, f"/episodes/{self.episode.pk}/edit/")
        self.assertContains(response, "no details yet")

    def test_matching_answer_needs_no_explanation(self) -> None:
        response = self.client.post(
            "/checkins/morning/",
            {"night": "2026-05-09", "had_cramps": "yes", "cramps": "1"},
            follow=True,
        )
        self.assertEqual(response.redirect_chain[-1][0], "/")
        self.assertNotContains(response, "You answered")
