"""Editing a cramp's details in the morning, and deleting one logged by mistake."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import Client

from nightcramp.diary import store
from nightcramp.diary.models import Episode, Night, Profile
from nightcramp.web.logbook import redflag
from tests.base import BaseTestCase

PARIS = ZoneInfo("Europe/Paris")


class EditEpisodeTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="Europe/Paris")
        self.episode = store.record_episode(
            self.alice, occurred_at=datetime(2026, 3, 2, 3, 10, tzinfo=PARIS), severity=4
        )
        self.url = f"/episodes/{self.episode.pk}/edit/"

    def form(self, **changes) -> dict:
        data = {
            "occurred_at": "2026-03-02T02:40",
            "leg": "left",
            "muscle": "back_thigh",
            "severity": "6",
            "duration_minutes": "2.5",
            "woke": "yes",
            "relieved_by": ["massage", "stretching"],
            "notes": "after a long walk",
        }
        data.update(changes)
        return data

    def test_edit_every_field(self) -> None:
        self.login()
        self.assertContains(self.client.get(self.url), 'value="2026-03-02T03:10"')
        response = self.client.post(self.url, self.form())
        self.assertRedirects(response, "/checkins/")
        e = Episode.objects.get(pk=self.episode.pk)
        self.assertEqual(e.occurred_at, datetime(2026, 3, 2, 2, 40, tzinfo=PARIS))
        self.assertEqual((e.leg, e.muscle, e.severity), ("left", "back_thigh", 6))
        self.assertEqual(e.duration_seconds, 150)
        self.assertTrue(e.woke_me)
        self.assertEqual((e.relieved_by, e.notes), (["massage", "stretching"], "after a long walk"))
        self.assertEqual(e.night.night.isoformat(), "2026-03-01")
        self.assertEqual(e.night.max_severity, 6)

    def test_swollen_leg_box_is_kept_in_the_notes_and_raises_the_banner(self) -> None:
        self.login()
        self.client.post(self.url, self.form(swollen="on"))
        e = Episode.objects.get(pk=self.episode.pk)
        self.assertTrue(redflag.has_marker(e.notes))
        self.assertIn("after a long walk", e.notes)
        form_page = self.client.get(self.url)
        self.assertContains(form_page, 'name="swollen" id="id_swollen" checked')
        self.client.post(self.url, self.form())  # unticked again
        self.assertFalse(redflag.has_marker(Episode.objects.get(pk=self.episode.pk).notes))

    def test_moving_a_cramp_to_another_night_moves_its_count(self) -> None:
        self.login()
        self.client.post(self.url, self.form(occurred_at="2026-03-05T04:00"))
        e = Episode.objects.get(pk=self.episode.pk)
        self.assertEqual(e.night.night.isoformat(), "2026-03-04")
        self.assertEqual(e.night.cramps, 1)
        old = Night.objects.get(user=self.alice, night="2026-03-01")
        self.assertIsNone(old.cramps)  # unrecorded again, not a made-up zero

    def test_bad_input_is_named_and_changes_nothing(self) -> None:
        self.login()
        cases = [
            ({"occurred_at": "yesterday-ish"}, "Enter a valid date/time"),
            ({"severity": "12"}, "Select a valid choice"),
            ({"duration_minutes": "-3"}, "greater than or equal to 0"),
            ({"leg": "middle"}, "Select a valid choice"),
        ]
        for changes, message in cases:
            with self.subTest(changes=changes):
                response = self.client.post(self.url, self.form(**changes))
                self.assertContains(response, message)
                self.assertContains(response, "nothing was saved")
        e = Episode.objects.get(pk=self.episode.pk)
        self.assertEqual((e.leg, e.severity, e.notes), ("", 4, ""))

    def test_delete_after_confirmation(self) -> None:
        self.login()
        confirm = self.client.get(f"/episodes/{self.episode.pk}/delete/")
        self.assertContains(confirm, "Delete this cramp?")
        self.assertTrue(Episode.objects.filter(pk=self.episode.pk).exists())
        response = self.client.post(f"/episodes/{self.episode.pk}/delete/")
        self.assertRedirects(response, "/checkins/")
        self.assertFalse(Episode.objects.filter(pk=self.episode.pk).exists())
        night = Night.objects.get(user=self.alice)
        self.assertIsNone(night.cramps)
        self.assertIsNone(night.max_severity)

    def test_delete_one_of_two_keeps_the_other(self) -> None:
        second = store.record_episode(
            self.alice, occurred_at=datetime(2026, 3, 2, 4, 0, tzinfo=PARIS), severity=2
        )
        self.login()
        self.client.post(f"/episodes/{self.episode.pk}/delete/")
        night = Night.objects.get(user=self.alice)
        self.assertEqual(night.cramps, 1)
        self.assertEqual(night.max_severity, 2)
        self.assertTrue(Episode.objects.filter(pk=second.pk).exists())

    def test_add_a_forgotten_cramp_to_a_night(self) -> None:
        self.login()
        night = self.episode.night
        response = self.client.post(f"/nights/{night.pk}/add-cramp/", self.form())
        added = Episode.objects.exclude(pk=self.episode.pk).get(user=self.alice)
        self.assertRedirects(response, f"/nights/{night.pk}/morning/")
        self.assertEqual(added.night, night)
        night.refresh_from_db()
        self.assertEqual(night.cramps, 2)

    def test_forged_posts_without_csrf_are_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(client.post(self.url, self.form()).status_code, 403)
        self.assertEqual(client.post(f"/episodes/{self.episode.pk}/delete/").status_code, 403)
        e = Episode.objects.get(pk=self.episode.pk)
        self.assertEqual(e.leg, "")
