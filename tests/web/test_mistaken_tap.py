"""A mistaken "Cramp now" can be taken back from the screen right after it.

Before, the only way was Edit details, then Delete, which a half-asleep person would not find.
"""

from __future__ import annotations

from nightcramp.diary.models import Episode, Night
from tests.base import BaseTestCase


class MistakenTapTest(BaseTestCase):
    def test_the_screen_after_the_tap_offers_to_delete_it(self) -> None:
        self.login()
        response = self.client.post("/cramp/", follow=True)
        episode = Episode.objects.get(user=self.alice)
        self.assertContains(response, f'href="/episodes/{episode.pk}/delete/"')
        self.assertContains(response, "Tapped by mistake? Delete this cramp")
        confirm = self.client.get(f"/episodes/{episode.pk}/delete/")
        self.assertContains(confirm, "Delete this cramp?")
        self.client.post(f"/episodes/{episode.pk}/delete/")
        self.assertFalse(Episode.objects.exists())
        self.assertIsNone(Night.objects.get(user=self.alice).cramps)
