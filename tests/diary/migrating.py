"""A test case that moves the test database to a named migration and back to the latest."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase


class MigrationTestCase(TransactionTestCase):
    def migrate(self, target):
        """Migrate to ``target`` ([(app, name)]) and return the apps as they were there."""
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)
        return executor.loader.project_state(target).apps

    def tearDown(self) -> None:
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        super().tearDown()
