"""Behind a reverse proxy every request comes from the proxy's address: the throttle must
use the client's address the proxy reports, or one guesser would lock everybody out.

nginx as in the README appends the peer to X-Forwarded-For; NIGHTCRAMP_PROXY_COUNT=1.
"""

from __future__ import annotations

from django.test import Client, override_settings

from nightcramp.web.accounts import throttle
from tests.base import PASSWORD, BaseTestCase

PROXY = "127.0.0.1"


@override_settings(NIGHTCRAMP_PROXY_COUNT=1)
class SignInBehindProxyTest(BaseTestCase):
    def sign_in(self, client: Client, password: str, forwarded_for: str):
        return client.post(
            "/accounts/login/",
            {"username": "alice", "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    def test_the_guesser_is_blocked_and_the_owner_is_not(self) -> None:
        for _ in range(throttle.MAX_FAILURES):
            self.sign_in(self.client, "wrong", "203.0.113.9")
        self.assertContains(
            self.sign_in(self.client, PASSWORD, "203.0.113.9"), "Too many failed sign-ins"
        )
        owner = Client()
        self.assertRedirects(self.sign_in(owner, PASSWORD, "198.51.100.4"), "/")

    def test_a_forged_header_does_not_escape_the_block(self) -> None:
        """The client writes the left part itself; only the proxy's last entry counts."""
        for number in range(throttle.MAX_FAILURES):
            self.sign_in(self.client, "wrong", f"10.9.9.{number}, 203.0.113.9")
        response = self.sign_in(self.client, PASSWORD, "10.1.1.1, 203.0.113.9")
        self.assertContains(response, "Too many failed sign-ins")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_without_the_setting_the_header_is_ignored(self) -> None:
        with override_settings(NIGHTCRAMP_PROXY_COUNT=0):
            for number in range(throttle.MAX_FAILURES):
                self.sign_in(self.client, "wrong", f"203.0.113.{number}")
            response = self.sign_in(self.client, PASSWORD, "203.0.113.200")
        self.assertContains(response, "Too many failed sign-ins")
