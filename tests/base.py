"""The base test case: two people, alice and bob, so every test can prove isolation."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase

PASSWORD = "correct horse battery staple 42"


class BaseTestCase(TestCase):
    def setUp(self) -> None:
        super().setUp()
        users = get_user_model().objects
        self.alice = users.create_user("alice", "alice@example.org", PASSWORD)
        self.bob = users.create_user("bob", "bob@example.org", PASSWORD)

    def login(self, user=None) -> None:
        self.client.force_login(user or self.alice)
