"""The base test case: two people, alice and bob, so every test can prove isolation."""

from __future__ import annotations

from datetime import datetime
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TestCase, TransactionTestCase

PASSWORD = "correct horse battery staple 42"


class BaseTestCase(TestCase):
    def setUp(self) -> None:
        super().setUp()
        users = get_user_model().objects
        self.alice = users.create_user("alice", "alice@example.org", PASSWORD)
        self.bob = users.create_user("bob", "bob@example.org", PASSWORD)

    def login(self, user=None) -> None:
        self.client.force_login(user or self.alice)

    def at_time(self, moment: datetime) -> None:
        """Freeze the server's clock at ``moment`` for the rest of the test."""
        patcher = mock.patch("django.utils.timezone.now", return_value=moment)
        patcher.start()
        self.addCleanup(patcher.stop)

    def at_evening(self, user=None) -> None:
        """Freeze the clock at 19:00 today on ``user``'s own clock: tonight has not begun."""
        from datetime import date, time

        from nightcramp.diary.store import user_zone

        zone = user_zone(user or self.alice)
        self.at_time(datetime.combine(date.today(), time(19, 0), tzinfo=zone))


class MigrationTestCase(TransactionTestCase):
    """Moves the test database to a migration state and back to the latest after each test.

    ``migrate([("diary", "0002_...")])`` returns that state's apps, for ``get_model``.
    """

    def migrate(self, target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)
        return executor.loader.project_state(target).apps

    def tearDown(self) -> None:
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        super().tearDown()
