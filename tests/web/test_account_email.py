"""The recovery email address: optional at sign-up (which says what its absence costs),
added, changed or removed on the account page with the password asked for first."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from nightcramp.web.accounts import throttle
from tests.base import PASSWORD, BaseTestCase

SIGN_UP = {
    "username": "nora",
    "password1": "night cramp tester 2468",
    "password2": "night cramp tester 2468",
}


class SignUpEmailTest(BaseTestCase):
    def test_sign_up_says_a_forgotten_password_cannot_be_recovered_without_email(self) -> None:
        response = self.client.get("/accounts/signup/")
        self.assertContains(
            response, "without an email address a forgotten password cannot be recovered"
        )
        self.assertContains(response, 'type="email"')

    def test_sign_up_with_an_email_address_keeps_it(self) -> None:
        self.client.post("/accounts/signup/", {**SIGN_UP, "email": "nora@example.org"})
        self.assertEqual(get_user_model().objects.get(username="nora").email, "nora@example.org")

    def test_sign_up_without_one_still_works(self) -> None:
        self.assertRedirects(self.client.post("/accounts/signup/", SIGN_UP), "/")
        self.assertEqual(get_user_model().objects.get(username="nora").email, "")

    def test_a_malformed_address_is_named(self) -> None:
        response = self.client.post("/accounts/signup/", {**SIGN_UP, "email": "nora@"})
        self.assertContains(response, "Enter a valid email address")
        self.assertFalse(get_user_model().objects.filter(username="nora").exists())

    def test_sign_in_page_links_to_the_reset(self) -> None:
        self.assertContains(self.client.get("/accounts/login/"), 'href="/accounts/password/reset/"')


class ChangeEmailTest(BaseTestCase):
    def change(self, email: str, password: str = PASSWORD):
        return self.client.post("/accounts/email/", {"email": email, "password": password})

    def test_account_page_shows_the_address(self) -> None:
        self.login()
        self.assertContains(self.client.get("/accounts/"), "alice@example.org")

    def test_change_the_address(self) -> None:
        self.login()
        self.assertRedirects(self.change("new.alice@example.org"), "/accounts/")
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "new.alice@example.org")
        self.bob.refresh_from_db()
        self.assertEqual(self.bob.email, "bob@example.org")

    def test_remove_the_address_warns_on_the_page(self) -> None:
        self.login()
        self.assertRedirects(self.change(""), "/accounts/")
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "")
        self.assertContains(self.client.get("/accounts/"), "it cannot be reset")

    def test_wrong_password_changes_nothing(self) -> None:
        self.login()
        response = self.change("thief@example.org", "guess")
        self.assertContains(response, "That is not your password. Nothing was changed.")
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "alice@example.org")

    def test_password_guesses_here_are_throttled(self) -> None:
        self.login()
        for _ in range(throttle.MAX_FAILURES):
            self.change("thief@example.org", "guess")
        response = self.change("thief@example.org")
        self.assertContains(response, "Too many wrong passwords")
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "alice@example.org")

    def test_signed_out_cannot_change_it(self) -> None:
        response = self.change("thief@example.org")
        self.assertRedirects(response, "/accounts/login/?next=/accounts/email/")
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "alice@example.org")

    def test_get_is_refused(self) -> None:
        self.login()
        self.assertEqual(self.client.get("/accounts/email/").status_code, 405)
