"""Signing in and out; repeated failures lock the username and the address for a while."""

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

    def test_five_failures_lock_the_username_even_from_another_address(self) -> None:
        for _ in range(5):
            self.sign_in("alice", "wrong", REMOTE_ADDR="10.0.0.1")
        other = Client()
        response = self.sign_in("alice", PASSWORD, client=other, REMOTE_ADDR="10.0.0.2")
        self.assertContains(response, "Too many failed sign-ins")
        self.assertNotIn("_auth_user_id", other.session)
        # bob, from a fresh address, is not affected
        self.assertRedirects(self.sign_in("bob", PASSWORD, REMOTE_ADDR="10.0.0.3"), "/")

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
        for _ in range(4):
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
