"""A "Cramp now" (or detail) tap that finds the session over: sign in, then back to the
button, never to an empty "405 method not allowed" page."""

from __future__ import annotations

from nightcramp.diary import store
from nightcramp.diary.models import Episode
from nightcramp.web.templatetags.nightcramp_web import after_sign_in, interrupted_tap
from tests.base import PASSWORD, BaseTestCase


class SignedOutTapTest(BaseTestCase):
    def test_cramp_now_signed_out_leads_back_to_the_night_screen(self) -> None:
        response = self.client.post("/cramp/")
        self.assertRedirects(
            response, "/accounts/login/?next=/cramp/", fetch_redirect_response=False
        )
        page = self.client.get("/accounts/login/?next=/cramp/")
        self.assertContains(page, "not saved yet")
        self.assertContains(page, 'name="next" value="/?screen=night"')
        signed_in = self.client.post(
            "/accounts/login/",
            {"username": "alice", "password": PASSWORD, "next": "/?screen=night"},
        )
        self.assertRedirects(signed_in, "/?screen=night")
        self.assertFalse(Episode.objects.exists())

    def test_a_detail_tap_leads_back_to_its_cramp(self) -> None:
        episode = store.record_episode(self.alice)
        url = f"/episodes/{episode.pk}/quick/"
        self.assertEqual(after_sign_in(url), f"/episodes/{episode.pk}/")
        self.assertTrue(interrupted_tap(url))

    def test_other_pages_are_returned_to_unchanged(self) -> None:
        for url in ("/dashboard/", "/checkins/morning/", "", "/?screen=night"):
            self.assertEqual(after_sign_in(url), url)
            self.assertFalse(interrupted_tap(url))
        page = self.client.get("/accounts/login/?next=/dashboard/")
        self.assertNotContains(page, "not saved yet")
        self.assertContains(page, 'name="next" value="/dashboard/"')
