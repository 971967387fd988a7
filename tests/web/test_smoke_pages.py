"""Every page of the diary renders for a signed-in person, and only for one."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from nightcramp.diary import store
from nightcramp.diary.models import Factor
from tests.base import BaseTestCase

PAGES = [
    "home",
    "dashboard",
    "checkins",
    "morning",
    "evening",
    "factors",
    "account",
    "password_change",
    "delete_account",
]


class PagesTest(BaseTestCase):
    def test_each_page_renders_with_data(self) -> None:
        episode = store.record_episode(self.alice, severity=6, leg="left", muscle="calf")
        store.morning_checkin(self.alice, date(2026, 1, 1), 0, soreness=2)
        store.evening_checkin(self.alice, date(2026, 1, 1), {"fluids_glasses": 6.0})
        factor = Factor.objects.create(user=self.alice, name="tonic", label="Tonic", kind="boolean")
        self.login()
        urls = [reverse(name) for name in PAGES] + [
            "/?screen=night",
            "/?screen=day",
            reverse("episode", args=[episode.pk]),
            reverse("episode_edit", args=[episode.pk]),
            reverse("episode_delete", args=[episode.pk]),
            reverse("night_morning", args=[episode.night.pk]),
            reverse("night_evening", args=[episode.night.pk]),
            reverse("factor_delete", args=[factor.pk]),
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertContains(response, 'href="#main"')

    def test_pages_need_sign_in(self) -> None:
        for name in PAGES:
            with self.subTest(name=name):
                response = self.client.get(reverse(name))
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])

    def test_sign_in_and_sign_up_pages_render(self) -> None:
        for name in ("login", "signup"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 200)
