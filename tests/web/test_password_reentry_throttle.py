"""Typing the password again (change password, delete account) is throttled like sign-in.

Before, both pages checked the password with no limit: someone at an unlocked, signed-in
phone could guess the password for ever, then change it or delete the diary.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from nightcramp.web.accounts import throttle
from tests.base import PASSWORD, BaseTestCase

NEW = "a brand new passphrase 913"
LOCKED = "Too many wrong passwords for this account from this network"


class PasswordReentryThrottleTest(BaseTestCase):
    def change(self, old: str, client: Client | None = None, address: str = "10.0.0.1"):
        return (client or self.client).post(
            "/accounts/password/",
            {"old_password": old, "new_password1": NEW, "new_password2": NEW},
            REMOTE_ADDR=address,
        )

    def delete(self, password: str, address: str = "10.0.0.1"):
        return self.client.post(
            "/accounts/delete/", {"password": password, "confirm": "on"}, REMOTE_ADDR=address
        )

    def test_change_password_refuses_after_too_many_wrong_old_passwords(self) -> None:
        self.login()
        for _ in range(throttle.MAX_FAILURES):
            self.assertContains(self.change("guess"), "old password was entered incorrectly")
        response = self.change(PASSWORD)
        self.assertContains(response, LOCKED)
        self.assertContains(response, "Nothing was changed")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(PASSWORD))

    def test_delete_account_refuses_after_too_many_wrong_passwords(self) -> None:
        self.login()
        for _ in range(throttle.MAX_FAILURES):
            self.assertContains(self.delete("guess"), "That is not your password")
        self.assertContains(self.delete(PASSWORD), LOCKED)
        self.assertTrue(get_user_model().objects.filter(pk=self.alice.pk).exists())

    def test_guesses_on_either_page_count_together_with_sign_in(self) -> None:
        self.login()
        self.change("guess 1")
        self.delete("guess 2")
        self.client.post("/accounts/logout/")
        for number in range(throttle.MAX_FAILURES - 2):
            self.client.post(
                "/accounts/login/",
                {"username": "alice", "password": f"guess {number}"},
                REMOTE_ADDR="10.0.0.1",
            )
        response = self.client.post(
            "/accounts/login/", {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
        )
        self.assertContains(response, "Too many failed sign-ins")

    def test_the_owner_elsewhere_can_still_change_the_password(self) -> None:
        self.login()
        for _ in range(throttle.MAX_FAILURES):
            self.change("guess")
        owner = Client()
        owner.force_login(self.alice)
        response = self.change(PASSWORD, client=owner, address="10.0.0.2")
        self.assertRedirects(response, "/accounts/password/done/")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(NEW))

    def test_bobs_guesses_do_not_limit_alice(self) -> None:
        self.login(self.bob)
        for _ in range(throttle.MAX_FAILURES):
            self.change("guess")
        self.login(self.alice)
        self.assertRedirects(self.change(PASSWORD), "/accounts/password/done/")
