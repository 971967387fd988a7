"""The dashboard is computed once per change of the diary and read cheaply after that.

A write only marks the diary changed (it never waits for the analysis); the next view
computes the dashboard once; later views read it back with a fixed number of queries,
whatever the length of the diary; a result from before a write is never shown.
"""

from __future__ import annotations

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nightcramp.diary.demo import make_demo_diary
from nightcramp.web.insight import views
from nightcramp.web.models import DiaryState
from tests.base import BaseTestCase


class DashboardCacheTest(BaseTestCase):
    def queries_for_dashboard(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get("/dashboard/").status_code, 200)
        return len(queries)

    def test_queries_per_view_do_not_grow_with_the_diary(self) -> None:
        make_demo_diary(self.alice, months=1)
        make_demo_diary(self.bob, months=24)
        counts = {}
        for user in (self.alice, self.bob):
            self.login(user)
            first, second = self.queries_for_dashboard(), self.queries_for_dashboard()
            counts[user.username] = (first, second)
        self.assertEqual(counts["alice"], counts["bob"], "a 24-month diary costs the same")
        first, second = counts["bob"]
        self.assertLess(second, first, "a warm view skips the analysis")
        self.assertLessEqual(second, 6)

    def test_a_write_never_waits_for_the_analysis_and_the_next_view_computes_once(self) -> None:
        make_demo_diary(self.alice, months=2)
        self.login()
        real = views.dashboard_context
        with mock.patch.object(views, "dashboard_context", side_effect=real) as compute:
            self.client.get("/dashboard/")
            self.client.get("/dashboard/")
            self.assertEqual(compute.call_count, 1)
            self.client.post("/cramp/")
            self.assertEqual(compute.call_count, 1, "logging a cramp computed nothing")
            state = DiaryState.objects.get(user=self.alice)
            self.assertNotEqual(state.computed_version, state.version)
            self.client.get("/dashboard/")
            self.client.get("/dashboard/")
            self.assertEqual(compute.call_count, 2)

    def test_a_result_from_before_a_write_is_never_shown(self) -> None:
        self.login()
        self.assertEqual(self.client.get("/dashboard/").context["total_cramps"], 0)
        self.client.post("/cramp/")
        page = self.client.get("/dashboard/")
        self.assertEqual(page.context["total_cramps"], 1)
        self.assertEqual(page.context["nights_recorded"], 1)

    def test_a_cli_command_marks_the_web_dashboard_stale(self) -> None:
        from nightcramp.cli.base import cli_user

        self.login()
        self.client.get("/dashboard/")
        with (
            mock.patch.dict("os.environ", {"NIGHTCRAMP_USER": "alice"}),
            mock.patch("atexit.register") as at_exit,
        ):
            cli_user()
        make_demo_diary(self.alice, months=1)  # what the command wrote
        bump, user_id = at_exit.call_args.args
        bump(user_id)  # as when the command ends
        self.assertGreater(self.client.get("/dashboard/").context["nights_recorded"], 0)

    def test_each_person_sees_only_their_own_dashboard(self) -> None:
        make_demo_diary(self.alice, months=2)
        self.login()
        alice_total = self.client.get("/dashboard/").context["total_cramps"]
        self.assertGreater(alice_total, 0)
        self.login(self.bob)
        self.assertEqual(self.client.get("/dashboard/").context["total_cramps"], 0)
