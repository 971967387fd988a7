"""A forgotten cramp is saved only when its form is saved, and only for a night that is over.

Before: "Add a cramp I did not log" saved a cramp at a made-up 03:00 before the person
confirmed anything, and Cancel kept it; tonight's row offered it too (a cramp dated in
the future).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from nightcramp.diary import store
from nightcramp.diary.models import Episode, Night
from tests.base import BaseTestCase

EVENING = datetime(2026, 5, 10, 20, 0, tzinfo=UTC)


class AddForgottenCrampTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        self.at_time(EVENING)

    def test_tonight_is_refused_with_a_reason(self) -> None:
        tonight = store.evening_checkin(self.alice, date(2026, 5, 10), {})
        page = self.client.get(f"/nights/{tonight.pk}/morning/")
        self.assertNotContains(page, "Add a cramp I did not log")
        data = {"occurred_at": "2026-05-10T19:00"}
        response = self.client.post(f"/nights/{tonight.pk}/add-cramp/", data, follow=True)
        self.assertEqual(response.redirect_chain[-1][0], f"/nights/{tonight.pk}/morning/")
        self.assertContains(response, "is not over yet")
        self.assertFalse(Episode.objects.exists())
        self.assertIsNone(Night.objects.get(pk=tonight.pk).cramps)

    def test_opening_the_form_and_cancelling_saves_nothing(self) -> None:
        last = store.morning_checkin(self.alice, date(2026, 5, 9), 0)
        page = self.client.get(f"/nights/{last.pk}/morning/")
        self.assertContains(page, f'href="/nights/{last.pk}/add-cramp/"')
        form = self.client.get(f"/nights/{last.pk}/add-cramp/")
        self.assertContains(form, 'value="2026-05-10T03:00"')
        self.assertContains(form, f'href="/nights/{last.pk}/morning/">Cancel')
        self.assertFalse(Episode.objects.exists())
        last.refresh_from_db()
        self.assertEqual((last.reported_cramps, last.cramps), (0, 0))

    def test_saving_the_form_adds_the_cramp_as_given(self) -> None:
        last = store.morning_checkin(self.alice, date(2026, 5, 9), 0)
        data = {"occurred_at": "2026-05-10T02:20", "leg": "right", "severity": "6"}
        response = self.client.post(f"/nights/{last.pk}/add-cramp/", data)
        self.assertRedirects(response, f"/nights/{last.pk}/morning/")
        added = Episode.objects.get(user=self.alice)
        self.assertEqual(added.occurred_at, datetime(2026, 5, 10, 2, 20, tzinfo=UTC))
        self.assertEqual((added.leg, added.severity, added.night.pk), ("right", 6, last.pk))
        last.refresh_from_db()
        self.assertEqual((last.reported_cramps, last.cramps, last.max_severity), (0, 1, 6))

    def test_a_bad_time_is_named_and_saves_nothing(self) -> None:
        last = store.morning_checkin(self.alice, date(2026, 5, 9), 0)
        response = self.client.post(f"/nights/{last.pk}/add-cramp/", {"occurred_at": "3am"})
        self.assertContains(response, "When it started")
        self.assertFalse(Episode.objects.exists())
