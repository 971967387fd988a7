"""A "Cramp now" tap kept on the phone is sent later with its own time and key, and counts
once however often it is sent. Before: an offline tap was lost, and nothing made a resend
harmless."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from nightcramp.diary.models import Episode, Night
from tests.base import BaseTestCase

NOW = datetime(2026, 5, 12, 7, 30, tzinfo=UTC)
TAPPED = datetime(2026, 5, 12, 3, 12, 40, tzinfo=UTC)


class TapSentLaterTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        self.at_time(NOW)

    def send(self, key: str, tapped_at: str, client=None):
        client = client or self.client
        data = {"client_key": key, "tapped_at": tapped_at}
        return client.post("/cramp/", data, headers={"Accept": "application/json"})

    def test_the_same_key_twice_is_one_cramp_at_the_tap_time(self) -> None:
        key = str(uuid.uuid4())
        first = self.send(key, "2026-05-12T03:12:40.120Z")
        again = self.send(key, "2026-05-12T03:12:40.120Z")
        self.assertEqual(first.status_code, 200)
        self.assertEqual(first.json(), again.json())
        episode = Episode.objects.get(user=self.alice)
        self.assertEqual(episode.occurred_at, TAPPED + timedelta(microseconds=120000))
        self.assertEqual(str(episode.client_key), key)
        self.assertEqual(first.json()["url"], f"/episodes/{episode.pk}/")
        self.assertEqual(first.json()["time"], "03:12")
        self.assertEqual(Night.objects.get(user=self.alice).cramps, 1)

    def test_two_taps_sent_together_stay_two_cramps(self) -> None:
        self.send(str(uuid.uuid4()), "2026-05-12T02:00:00Z")
        self.send(str(uuid.uuid4()), "2026-05-12T03:30:00Z")
        self.assertEqual(Night.objects.get(user=self.alice).cramps, 2)

    def test_implausible_tap_times_are_refused_with_a_reason(self) -> None:
        cases = [
            ("2026-05-12T08:00:00Z", "in the future"),
            ("2026-05-01T03:00:00Z", "more than 7 days ago"),
            ("yesterday", "is not a time"),
            ("2026-05-12T03:00:00", "is not a time"),  # no zone: cannot be placed
        ]
        for tapped_at, message in cases:
            with self.subTest(tapped_at=tapped_at):
                response = self.send(str(uuid.uuid4()), tapped_at)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.json()["error"])
        bad_key = self.send("not-a-uuid", "2026-05-12T03:00:00Z")
        self.assertEqual(bad_key.status_code, 400)
        self.assertFalse(Episode.objects.exists())

    def test_bobs_key_is_his_own(self) -> None:
        key = str(uuid.uuid4())
        self.send(key, "2026-05-12T03:00:00Z")
        self.login(self.bob)
        response = self.send(key, "2026-05-12T03:00:00Z")
        self.assertEqual(response.status_code, 200)
        mine, his = Episode.objects.get(user=self.alice), Episode.objects.get(user=self.bob)
        self.assertNotEqual(mine.pk, his.pk)
        self.assertEqual(response.json()["url"], f"/episodes/{his.pk}/")
