"""Logging a cramp: one POST saves it; each later tap saves one detail at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

from django.test import Client

from nightcramp.diary.models import Episode, Night
from tests.base import BaseTestCase


class LogCrampTest(BaseTestCase):
    def cramp_now(self) -> Episode:
        response = self.client.post("/cramp/")
        episode = Episode.objects.get(user=self.alice)
        self.assertRedirects(response, f"/episodes/{episode.pk}/")
        return episode

    def test_cramp_now_saves_an_episode_and_counts_the_night(self) -> None:
        self.login()
        episode = self.cramp_now()
        night = Night.objects.get(user=self.alice)
        self.assertEqual(episode.night, night)
        self.assertEqual(night.cramps, 1)
        page = self.client.get(f"/episodes/{episode.pk}/")
        self.assertContains(page, "Which leg?")
        self.assertContains(page, "What to do now")
        self.assertContains(page, "Stretch the cramped muscle")

    def test_a_double_tap_is_one_cramp(self) -> None:
        self.login()
        tap = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
        with mock.patch("django.utils.timezone.now", return_value=tap):
            first = self.cramp_now()
        with mock.patch("django.utils.timezone.now", return_value=tap + timedelta(seconds=5)):
            response = self.client.post("/cramp/")
        self.assertRedirects(response, f"/episodes/{first.pk}/")
        self.assertEqual(Episode.objects.filter(user=self.alice).count(), 1)
        with mock.patch("django.utils.timezone.now", return_value=tap + timedelta(minutes=20)):
            self.client.post("/cramp/")
        self.assertEqual(Episode.objects.filter(user=self.alice).count(), 2)
        self.assertEqual(Night.objects.get(user=self.alice).cramps, 2)

    def test_cramp_now_refuses_get(self) -> None:
        self.login()
        self.assertEqual(self.client.get("/cramp/").status_code, 405)
        self.assertFalse(Episode.objects.exists())

    def test_each_tap_saves_one_detail(self) -> None:
        self.login()
        episode = self.cramp_now()
        taps = [
            ("leg", "right"),
            ("muscle", "foot"),
            ("severity", "8"),
            ("duration_seconds", "180"),
            ("woke_me", "yes"),
            ("relieved_by", "walking"),
        ]
        for field, value in taps:
            response = self.client.post(
                f"/episodes/{episode.pk}/quick/", {"field": field, "value": value}
            )
            self.assertRedirects(response, f"/episodes/{episode.pk}/")
        episode.refresh_from_db()
        self.assertEqual(
            (episode.leg, episode.muscle, episode.severity, episode.duration_seconds),
            ("right", "foot", 8, 180),
        )
        self.assertTrue(episode.woke_me)
        self.assertEqual(episode.relieved_by, ["walking"])
        self.assertEqual(episode.night.max_severity, 8)

    def test_tap_answers_json_for_the_script(self) -> None:
        self.login()
        episode = self.cramp_now()
        response = self.client.post(
            f"/episodes/{episode.pk}/quick/",
            {"field": "leg", "value": "left"},
            headers={"Accept": "application/json"},
        )
        self.assertEqual(response.json()["ok"], True)
        self.assertEqual(response.json()["message"], "Saved: Left")
        episode.refresh_from_db()
        self.assertEqual(episode.leg, "left")

    def test_correcting_severity_lowers_the_nights_worst(self) -> None:
        self.login()
        episode = self.cramp_now()
        url = f"/episodes/{episode.pk}/quick/"
        self.client.post(url, {"field": "severity", "value": "9"})
        self.client.post(url, {"field": "severity", "value": "4"})
        self.assertEqual(Night.objects.get(user=self.alice).max_severity, 4)

    def test_bad_tap_is_refused_clearly_and_changes_nothing(self) -> None:
        self.login()
        episode = self.cramp_now()
        url = f"/episodes/{episode.pk}/quick/"
        for field, value in [("leg", "middle"), ("severity", "11"), ("notes", "x"), ("", "")]:
            response = self.client.post(url, {"field": field, "value": value}, follow=True)
            self.assertContains(response, "Could not save")
        json_response = self.client.post(
            url, {"field": "leg", "value": "up"}, headers={"Accept": "application/json"}
        )
        self.assertEqual(json_response.status_code, 400)
        self.assertIn("is not a choice", json_response.json()["error"])
        episode.refresh_from_db()
        self.assertEqual((episode.leg, episode.severity, episode.notes), ("", None, ""))

    def test_forged_posts_without_csrf_are_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(client.post("/cramp/").status_code, 403)
        self.assertFalse(Episode.objects.exists())
        self.login()
        episode = self.cramp_now()
        response = client.post(f"/episodes/{episode.pk}/quick/", {"field": "leg", "value": "left"})
        self.assertEqual(response.status_code, 403)
        episode.refresh_from_db()
        self.assertEqual(episode.leg, "")


class ReliefStepsTest(BaseTestCase):
    def test_steps_come_from_the_knowledge_base_with_sources(self) -> None:
        from nightcramp.web.logbook.relief import relief_steps

        steps = relief_steps()
        self.assertTrue(steps)
        self.assertTrue(all(step.sources for step in steps))
        self.assertIn("NICE", " ".join(s for step in steps for s in step.sources))

    def test_a_broken_knowledge_base_still_shows_what_to_do(self) -> None:
        self.login()
        episode = self.client.post("/cramp/")
        with (
            mock.patch("nightcramp.knowledge.load_knowledge", side_effect=RuntimeError("bad yaml")),
            self.assertLogs("nightcramp.web.logbook.relief", "ERROR"),
        ):
            page = self.client.get(episode["Location"])
        self.assertContains(page, "Stretch the cramped muscle")
