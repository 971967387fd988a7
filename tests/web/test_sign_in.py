"""Signing in and out; repeated failures refuse that username from that address a while.

Before, five wrong passwords from anywhere locked the owner out for 15 minutes, so anyone
could keep anyone out for ever. Now the count is per username *and* address, as
django-axes' "username+ip" rule: the guesser is blocked, the owner elsewhere is not.
"""

from __future__ import annotations

from django.core.cache import cache
from django.test import Client

from nightcramp.web.accounts import throttle
from tests.base import PASSWORD, BaseTestCase


class SignInTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()

    def sign_in(self, username: str, password: str, client: Client | None = None, **extra):
        return (client or self.client).post(
            "/accounts/login/", {"username": username, "password": password}, **extra
        )

    def test_sign_in_with_the_right_password(self) -> None:
        response = self.sign_in("alice", PASSWORD)
        self.assertRedirects(response, "/")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.alice.pk)

    def test_wrong_password_is_refused_with_a_message(self) -> None:
        response = self.sign_in("alice", "not it")
        self.assertContains(response, "correct username and password")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_five_failures_block_the_guesser_even_with_the_right_password(self) -> None:
        for _ in range(throttle.MAX_FAILURES):
            self.sign_in("alice", "wrong", REMOTE_ADDR="10.0.0.1")
        response = self.sign_in("alice", PASSWORD, REMOTE_ADDR="10.0.0.1")
        self.assertContains(response, "Too many failed sign-ins")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_owner_from_another_address_still_signs_in(self) -> None:
        for _ in range(throttle.MAX_FAILURES * 3):
            self.sign_in("alice", "wrong", REMOTE_ADDR="10.0.0.1")
        owner = Client()
        response = self.sign_in("alice", PASSWORD, client=owner, REMOTE_ADDR="10.0.0.2")
        self.assertRedirects(response, "/")
        self.assertEqual(int(owner.session["_auth_user_id"]), self.alice.pk)

    def test_guesses_in_other_capitals_count_as_the_same_username(self) -> None:
        for name in ("alice", "ALICE", "Alice", "aLiCe", " alice"):
            self.sign_in(name, "wrong", REMOTE_ADDR="10.0.0.1")
        response = self.sign_in("alice", PASSWORD, REMOTE_ADDR="10.0.0.1")
        self.assertContains(response, "Too many failed sign-ins")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_block_ends_after_the_window(self) -> None:
        for _ in range(throttle.MAX_FAILURES):
            self.sign_in("alice", "wrong", REMOTE_ADDR="10.0.0.1")
        cache.clear()  # what the cache does when WINDOW_SECONDS have passed
        self.assertRedirects(self.sign_in("alice", PASSWORD, REMOTE_ADDR="10.0.0.1"), "/")

    def test_many_failures_from_one_address_lock_that_address(self) -> None:
        for number in range(throttle.MAX_ADDRESS_FAILURES):
            self.sign_in(f"x{number}", "wrong", REMOTE_ADDR="10.0.0.9")
        response = self.sign_in("bob", PASSWORD, REMOTE_ADDR="10.0.0.9")
        self.assertContains(response, "Too many failed sign-ins")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_one_persons_failures_do_not_lock_others_on_the_same_network(self) -> None:
        for _ in range(throttle.MAX_FAILURES):
            self.sign_in("alice", "wrong", REMOTE_ADDR="10.0.0.7")
        self.assertRedirects(self.sign_in("bob", PASSWORD, REMOTE_ADDR="10.0.0.7"), "/")

    def test_four_failures_still_allow_the_right_password(self) -> None:
        for _ in range(throttle.MAX_FAILURES - 1):
            self.sign_in("alice", "wrong")
        self.assertRedirects(self.sign_in("alice", PASSWORD), "/")

    def test_a_success_starts_the_count_again(self) -> None:
        for _ in range(throttle.MAX_FAILURES - 1):
            self.sign_in("alice", "wrong")
        self.assertRedirects(self.sign_in("alice", PASSWORD), "/")
        self.client.post("/accounts/logout/")
        for _ in range(throttle.MAX_FAILURES - 1):
            self.sign_in("alice", "wrong")
        self.assertRedirects(self.sign_in("alice", PASSWORD), "/")

    def test_sign_out_needs_post(self) -> None:
        self.login()
        self.assertEqual(self.client.get("/accounts/logout/").status_code, 405)
        self.assertIn("_auth_user_id", self.client.session)
        response = self.client.post("/accounts/logout/")
        self.assertRedirects(response, "/accounts/login/")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_forged_sign_in_without_csrf_is_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        response = self.sign_in("alice", PASSWORD, client=client)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", client.session)
