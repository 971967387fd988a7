"""A form sent with a stale or missing CSRF token gets the app's own page: what happened,
that nothing was saved, and one tap back, not Django's technical "CSRF verification" page
on a white screen at 3 a.m."""

from __future__ import annotations

from django.test import Client

from nightcramp.diary.models import Episode
from tests.base import BaseTestCase


class ExpiredFormTest(BaseTestCase):
    def test_cramp_now_without_a_valid_token_explains_and_saves_nothing(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post("/cramp/", {"csrfmiddlewaretoken": "stale"})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "This page had expired", status_code=403)
        self.assertContains(response, "Nothing was saved.", status_code=403)
        self.assertContains(response, 'href="/?screen=night"', status_code=403)
        self.assertContains(response, "/static/web/app.css", status_code=403)
        self.assertNotContains(response, "CSRF verification failed", status_code=403)
        self.assertFalse(Episode.objects.exists())

    def test_signed_out_visitor_gets_the_same_plain_page(self) -> None:
        client = Client(enforce_csrf_checks=True)
        response = client.post("/accounts/login/", {"username": "alice", "password": "x"})
        self.assertContains(response, "This page had expired", status_code=403)
