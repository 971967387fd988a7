"""Signing up: creates the person, signs them in, keeps their time zone."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from nightcramp.diary.models import Profile
from tests.base import BaseTestCase

GOOD = {
    "username": "carol",
    "email": "",
    "password1": "a long enough passphrase 77",
    "password2": "a long enough passphrase 77",
    "time_zone": "Europe/Berlin",
}


class SignUpTest(BaseTestCase):
    def test_sign_up_creates_user_and_signs_in(self) -> None:
        response = self.client.post("/accounts/signup/", GOOD)
        self.assertRedirects(response, "/")
        carol = get_user_model().objects.get(username="carol")
        self.assertTrue(carol.check_password(GOOD["password1"]))
        self.assertEqual(int(self.client.session["_auth_user_id"]), carol.pk)
        self.assertEqual(Profile.objects.get(user=carol).time_zone, "Europe/Berlin")
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_unknown_time_zone_is_ignored(self) -> None:
        self.client.post("/accounts/signup/", {**GOOD, "time_zone": "Mars/Olympus"})
        carol = get_user_model().objects.get(username="carol")
        self.assertFalse(Profile.objects.filter(user=carol).exclude(time_zone="").exists())

    def test_mismatched_passwords_are_refused_clearly(self) -> None:
        response = self.client.post("/accounts/signup/", {**GOOD, "password2": "something else"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "password fields didn")
        self.assertFalse(get_user_model().objects.filter(username="carol").exists())

    def test_taken_username_is_refused(self) -> None:
        response = self.client.post("/accounts/signup/", {**GOOD, "username": "alice"})
        self.assertContains(response, "already exists")
        self.assertEqual(get_user_model().objects.filter(username="alice").count(), 1)

    def test_weak_password_is_refused(self) -> None:
        response = self.client.post(
            "/accounts/signup/", {**GOOD, "password1": "12345678", "password2": "12345678"}
        )
        self.assertContains(response, "too common")
        self.assertFalse(get_user_model().objects.filter(username="carol").exists())

    def test_forged_post_without_csrf_is_refused(self) -> None:
        response = Client(enforce_csrf_checks=True).post("/accounts/signup/", GOOD)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(get_user_model().objects.filter(username="carol").exists())
