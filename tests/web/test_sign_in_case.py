"""Signing in ignores the case of the username, as sign-up does ("Nora" = "nora").

Before, sign-up refused "Nora" beside "nora" as the same person, yet signing in as "Nora"
failed for the user "nora".
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from tests.base import PASSWORD, BaseTestCase


class SignInCaseTest(BaseTestCase):
    def sign_in(self, username: str, password: str = PASSWORD):
        return self.client.post("/accounts/login/", {"username": username, "password": password})

    def signed_in_as(self):
        return int(self.client.session["_auth_user_id"])

    def test_capitals_sign_in_a_lower_case_user(self) -> None:
        nora = get_user_model().objects.create_user("nora", password=PASSWORD)
        self.assertRedirects(self.sign_in("Nora"), "/")
        self.assertEqual(self.signed_in_as(), nora.pk)

    def test_lower_case_signs_in_a_capitalised_user(self) -> None:
        nora = get_user_model().objects.create_user("Nora", password=PASSWORD)
        self.assertRedirects(self.sign_in("nora"), "/")
        self.assertEqual(self.signed_in_as(), nora.pk)

    def test_the_password_still_has_to_be_right(self) -> None:
        get_user_model().objects.create_user("nora", password=PASSWORD)
        response = self.sign_in("NORA", "not it at all")
        self.assertContains(response, "correct username and password")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_two_old_accounts_differing_by_case_each_need_their_exact_name(self) -> None:
        """Made before sign-up refused such pairs: a guess between them would be wrong."""
        users = get_user_model().objects
        upper = users.create_user("Sam", password=PASSWORD)
        lower = users.create_user("sam", password=PASSWORD)
        self.assertRedirects(self.sign_in("Sam"), "/")
        self.assertEqual(self.signed_in_as(), upper.pk)
        self.client.post("/accounts/logout/")
        self.assertRedirects(self.sign_in("sam"), "/")
        self.assertEqual(self.signed_in_as(), lower.pk)
        self.client.post("/accounts/logout/")
        self.assertContains(self.sign_in("SAM"), "correct username and password")

    def test_sign_up_then_sign_in_in_other_capitals(self) -> None:
        password = "night cramp tester 2468"
        self.client.post(
            "/accounts/signup/",
            {"username": "Carol", "password1": password, "password2": password},
        )
        self.client.post("/accounts/logout/")
        self.assertRedirects(self.sign_in("carol", password), "/")
        self.assertEqual(self.signed_in_as(), get_user_model().objects.get(username="Carol").pk)
