"""A forgotten cramp can only be added to a night that is over, never dated in the future.

Before, tonight's row (made by the evening check-in) offered "Add a cramp I did not log",
which saved a cramp at 03:00 tomorrow: a cramp that had not happened yet.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

from nightcramp.diary import store
from nightcramp.diary.models import Episode, Night
from tests.base import BaseTestCase

EVENING = datetime(2026, 5, 10, 20, 0, tzinfo=UTC)


class AddForgottenCrampTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        patcher = mock.patch("django.utils.timezone.now", return_value=EVENING)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_tonight_is_refused_with_a_reason(self) -> None:
        tonight = store.evening_checkin(self.alice, date(2026, 5, 10), {})
        page = self.client.get(f"/nights/{tonight.pk}/morning/")
        self.assertNotContains(page, "Add a cramp I did not log")
        response = self.client.post(f"/nights/{tonight.pk}/add-cramp/", follow=True)
        self.assertEqual(response.redirect_chain[-1][0], f"/nights/{tonight.pk}/morning/")
        self.assertContains(response, "is not over yet")
        self.assertFalse(Episode.objects.exists())
        self.assertIsNone(Night.objects.get(pk=tonight.pk).cramps)

    def test_last_night_still_takes_one(self) -> None:
        last = store.morning_checkin(self.alice, date(2026, 5, 9), 0)
        page = self.client.get(f"/nights/{last.pk}/morning/")
        self.assertContains(page, "Add a cramp I did not log")
        self.client.post(f"/nights/{last.pk}/add-cramp/")
        added = Episode.objects.get(user=self.alice)
        self.assertEqual(added.occurred_at, datetime(2026, 5, 10, 3, 0, tzinfo=UTC))
        self.assertEqual(added.night.pk, last.pk)
