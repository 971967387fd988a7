"""The dashboard answers "what seems linked" in ten seconds: a forest plot in plain words.

Before (issue 11): one paragraph of numbers per test — ten or more on a phone. Now: one row
per factor with its rate ratio and interval on a log scale, the flagged ones marked, one
sentence under it, and every test's numbers behind "Show the numbers".
"""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta

from nightcramp.diary import store
from nightcramp.stats.forest import ForestRow, forest_rows, forest_summary, size_words
from tests.base import BaseTestCase

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def fill_with_a_trigger(user, nights: int = 150, seed: int = 3) -> None:
    """Stretching halves cramps, fluids do nothing: a diary with one clear link."""
    rng = random.Random(seed)
    start = date(2026, 5, 31) - timedelta(days=nights - 1)
    for i in range(nights):
        night = start + timedelta(days=i)
        stretched = rng.random() < 0.5
        store.evening_checkin(
            user,
            night,
            {"bedtime_stretching": stretched, "fluids_glasses": float(rng.randint(3, 8))},
        )
        rate = 0.4 if stretched else 1.6
        cramps = sum(rng.random() < rate / 4 for _ in range(4))
        store.morning_checkin(user, night, cramps)


class ForestPlotTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        self.at_time(NOW)

    def test_one_row_per_factor_flagged_in_plain_words(self) -> None:
        fill_with_a_trigger(self.alice)
        page = self.client.get("/dashboard/")
        html = page.content.decode()
        self.assertContains(page, '<figure class="forest"')
        rows = re.findall(r'<li class="forest-row( flagged)?"', html)
        self.assertEqual(len(rows), 2)  # two factors, not four tests
        self.assertEqual(rows[0], " flagged")
        self.assertRegex(
            html,
            r"\d+% fewer cramps on nights with “Bedtime stretching done” — "
            r"<strong>probably real</strong>",
        )
        self.assertContains(page, "<figcaption")
        self.assertRegex(html, r"Of 2 factors, 1 probably matters")
        # the numbers of every test, same day and day before, behind the summary
        details = html[html.index('Show the numbers<span class="visually-hidden"> behind') :]
        self.assertIn("Bedtime stretching done (the day before)", details)
        self.assertIn('<th scope="col">p, q</th>', details)
        self.assertNotIn("the data fit anything from", html)

    def test_bob_sees_only_his_own_factors(self) -> None:
        fill_with_a_trigger(self.bob)
        page = self.client.get("/dashboard/")
        self.assertNotContains(page, '<figure class="forest"')
        self.assertNotContains(page, "probably real")


def _row(ratio: float, low: float, high: float, verdict: str, label: str = "Walks") -> ForestRow:
    return ForestRow(
        label,
        label,
        f"{size_words(ratio)} cramps on nights with “{label}” — {verdict}",
        ratio,
        low,
        high,
        0.01,
        0.05,
        verdict == "probably real",
        verdict,
        1.0,
        "boolean",
    )


def test_sizes_read_like_people_talk() -> None:
    assert size_words(2.0) == "2× more"
    assert size_words(1.8) == "1.8× more"
    assert size_words(1.3) == "30% more"
    assert size_words(0.6) == "40% fewer"
    assert size_words(3.4) == "3× more"


def test_the_summary_is_one_sentence_naming_what_stands_out() -> None:
    rows = [
        _row(2.0, 1.3, 3.1, "probably real"),
        _row(1.1, 0.8, 1.5, "no clear link so far", "Tea"),
    ]
    summary = forest_summary(rows)
    assert summary == "Of 2 factors, 1 probably matters: 2× more cramps on nights with “Walks”."
    assert summary.count(".") == 1


def test_a_flagged_previous_day_test_is_the_row_of_its_factor() -> None:
    result = {
        "factors": [
            {
                "factor": "wine",
                "base_factor": "wine",
                "lag": 0,
                "kind": "boolean",
                "per": 1.0,
                "rate_ratio": 1.1,
                "ci_low": 0.8,
                "ci_high": 1.5,
                "p_value": 0.5,
                "q_value": 0.6,
                "flagged": False,
            },
            {
                "factor": "wine (previous day)",
                "base_factor": "wine",
                "lag": 1,
                "kind": "boolean",
                "per": 1.0,
                "rate_ratio": 2.0,
                "ci_low": 1.4,
                "ci_high": 2.9,
                "p_value": 0.001,
                "q_value": 0.01,
                "flagged": True,
            },
        ]
    }
    (row,) = forest_rows(result, {"wine": ("Wine", "")})
    assert row.label == "Wine (the day before)" and row.flagged
    assert row.words == "2× more cramps after a day with “Wine” — probably real"
