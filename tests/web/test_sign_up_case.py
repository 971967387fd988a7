"""A username that differs from an existing one only by case is refused at sign-up.

Before, "ALICE" could sign up beside "alice": two accounts the throttle treats as one, and
an easy way to impersonate someone on a shared server.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from tests.base import BaseTestCase

GOOD = {
    "username": "ALICE",
    "email": "",
    "password1": "night cramp tester 2468",
    "password2": "night cramp tester 2468",
}


class SignUpCaseTest(BaseTestCase):
    def test_same_name_in_capitals_is_refused(self) -> None:
        response = self.client.post("/accounts/signup/", GOOD)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "a user called “ALICE” already exists")
        self.assertEqual(get_user_model().objects.filter(username__iexact="alice").count(), 1)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_new_name_still_signs_up(self) -> None:
        response = self.client.post("/accounts/signup/", {**GOOD, "username": "Carol"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(get_user_model().objects.filter(username="Carol").exists())
