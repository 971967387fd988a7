"""The dashboard counts the person's own answers to "what helped?", each answer once per
cramp, and shows only their own cramps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

from nightcramp.diary import store
from tests.base import BaseTestCase

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


class DashboardWhatHelpedTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        patcher = mock.patch("django.utils.timezone.now", return_value=NOW)
        patcher.start()
        self.addCleanup(patcher.stop)

    def log(self, user, hours_ago: int, helped: list[str]) -> None:
        store.record_episode(user, occurred_at=NOW - timedelta(hours=hours_ago), relieved_by=helped)

    def card(self) -> str:
        page = self.client.get("/dashboard/").content.decode()
        start = page.index('id="helped-title"')
        return page[start : page.index("</section>", start)]

    def test_each_answer_counts_and_unanswered_cramps_are_named(self) -> None:
        self.log(self.alice, 30, ["stretching", "massage"])
        self.log(self.alice, 54, ["stretching"])
        self.log(self.alice, 78, [])
        self.log(self.bob, 30, ["heat"])
        self.login()
        card = self.card()
        self.assertIn("You noted what helped for 2 of your 3 logged cramps", card)
        self.assertIn("<td>Stretching</td><td>2 of 2</td>", card)
        self.assertIn("<td>Massage</td><td>1 of 2</td>", card)
        self.assertNotIn("Heat", card)  # bob's answer is not alice's
        self.assertLess(card.index("Stretching"), card.index("Massage"))  # commonest first

    def test_new_answer_shows_at_once(self) -> None:
        self.log(self.alice, 30, [])
        self.login()
        self.assertIn("says what helped yet", self.card())
        self.log(self.alice, 54, ["walking"])
        self.assertIn("<td>Standing/walking</td><td>1 of 1</td>", self.card())

    def test_no_cramps_yet(self) -> None:
        self.login()
        self.assertIn("No cramps logged yet", self.card())
