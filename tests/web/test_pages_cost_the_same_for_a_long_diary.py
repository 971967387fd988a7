"""Home, check-ins and "Cramp now" do the same work for months of diary as for years.

Alice and bob have the same last four months (the demo diary, same seed and dates, more
than a page of check-ins); bob also has three years of nights before them. Each page must
run the same queries and read the same number of rows for both: what a page costs follows
what it shows, never the length of the diary. Rows are counted where the database driver
hands them over.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from unittest import mock

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext

from nightcramp.diary import store
from nightcramp.diary.demo import make_demo_diary
from nightcramp.diary.models import Episode, Night
from nightcramp.web.logbook import summary
from tests.base import BaseTestCase

OLDER_NIGHTS = 3 * 365


class Reads:
    queries = 0
    rows = 0


@contextmanager
def counting_reads() -> Iterator[Reads]:
    """Queries run and rows fetched from the database while the block runs."""
    reads = Reads()

    def fetchone(self):
        row = self.cursor.fetchone()
        reads.rows += row is not None
        return row

    def fetchmany(self, size=None):
        rows = self.cursor.fetchmany(size) if size is not None else self.cursor.fetchmany()
        reads.rows += len(rows)
        return rows

    def fetchall(self):
        rows = self.cursor.fetchall()
        reads.rows += len(rows)
        return rows

    patches = [
        mock.patch.object(CursorWrapper, name, function, create=True)
        for name, function in (
            ("fetchone", fetchone),
            ("fetchmany", fetchmany),
            ("fetchall", fetchall),
        )
    ]
    for patch in patches:
        patch.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            yield reads
    finally:
        for patch in reversed(patches):
            patch.stop()
    reads.queries = len(queries)


def add_older_nights(user, before: date, count: int, seed: int = 5) -> None:
    """``count`` nights before ``before``: zeros, cramps (with their logged episodes) and
    nights without a check-in, as a real diary has."""
    rng = random.Random(seed)
    nights = []
    for i in range(1, count + 1):
        cramps = rng.choice([0, 0, 0, 0, 1, 2, None])
        night = before - timedelta(days=i)
        nights.append(Night(user=user, night=night, cramps=cramps, reported_cramps=cramps))
    Night.objects.bulk_create(nights)
    Episode.objects.bulk_create(
        Episode(
            user=user,
            night=night,
            occurred_at=datetime.combine(night.night + timedelta(days=1), datetime.min.time(), UTC)
            + timedelta(hours=2, minutes=k),
            time_zone="UTC",
            severity=rng.randint(1, 9),
        )
        for night in Night.objects.filter(user=user, night__lt=before, cramps__gt=0)
        for k in range(night.cramps)
    )


class PagesCostTheSameForALongDiaryTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        for user in (self.alice, self.bob):
            summary_ = make_demo_diary(user, months=4)
        add_older_nights(self.bob, summary_.start, OLDER_NIGHTS)
        self.assertGreater(Night.objects.filter(user=self.bob).count(), 1000)

    def reads_for(self, user, request) -> Reads:
        self.client.force_login(user)
        request(self.client)  # once before: the session and anything made on first use
        with counting_reads() as reads:
            response = request(self.client)
        self.assertIn(response.status_code, (200, 302))
        return reads

    def assert_same_cost(self, request) -> None:
        month, years = self.reads_for(self.alice, request), self.reads_for(self.bob, request)
        self.assertEqual(month.queries, years.queries, "queries: four months vs three years more")
        self.assertEqual(month.rows, years.rows, "rows read: four months vs three years more")

    def test_home_by_day(self) -> None:
        self.assert_same_cost(lambda client: client.get("/?screen=day"))

    def test_home_at_night(self) -> None:
        self.assert_same_cost(lambda client: client.get("/?screen=night"))

    def test_check_ins(self) -> None:
        self.assert_same_cost(lambda client: client.get("/checkins/"))

    def test_check_ins_older_page(self) -> None:
        before = (store.tonight(self.alice) - timedelta(days=30)).isoformat()
        self.assert_same_cost(lambda client: client.get(f"/checkins/?before={before}"))

    def test_cramp_now(self) -> None:
        taps = iter(range(1, 10))

        def tap(client):  # each a new cramp, a minute apart
            moment = datetime.now(UTC) - timedelta(minutes=next(taps))
            tapped = {"client_key": str(uuid.uuid4()), "tapped_at": moment.isoformat()}
            return client.post("/cramp/", tapped)

        self.assert_same_cost(tap)
        self.assertEqual(Episode.objects.filter(client_key__isnull=False).count(), 4)

    def test_the_account_zone_is_read_once_per_page(self) -> None:
        self.client.force_login(self.bob)
        for page in ("/?screen=day", "/?screen=night", "/checkins/", "/dashboard/"):
            with CaptureQueriesContext(connection) as queries:
                self.client.get(page)
            zone_reads = [q for q in queries if '"time_zone"' in q["sql"] and "profile" in q["sql"]]
            self.assertEqual(len(zone_reads), 1, page)


class StreaksFromTheDatabaseTest(BaseTestCase):
    """The database's count of cramp-free runs equals the rule in ``summary.streaks``."""

    def test_the_same_as_the_rule_on_random_diaries(self) -> None:
        rng = random.Random(20261126)
        last = date(2026, 6, 30)
        for trial in range(40):
            Night.objects.filter(user=self.alice).delete()
            days = rng.sample(range(0, 90), rng.randint(0, 80))
            rows = sorted(
                (last - timedelta(days=d), rng.choice([0, 0, 0, 1, 3, None])) for d in days
            )
            Night.objects.bulk_create(
                Night(user=self.alice, night=night, cramps=cramps) for night, cramps in rows
            )
            Night.objects.create(user=self.bob, night=last, cramps=0)  # not alice's
            Night.objects.filter(user=self.bob).delete()
            for asked in (last, last - timedelta(days=rng.randint(1, 30))):
                upto = [(n, c) for n, c in rows if n <= asked]
                expected = summary.streaks(upto)
                if upto and upto[-1][0] < asked - timedelta(days=1):
                    expected.current = 0
                with self.subTest(trial=trial, asked=asked):
                    self.assertEqual(summary.current_streak(self.alice, asked), expected)

    def test_a_run_ending_last_night_and_the_longest_run(self) -> None:
        last = date(2026, 6, 30)
        for d, cramps in [(10, 0), (9, 0), (8, 0), (7, 2), (3, 0), (2, None), (1, 0), (0, 0)]:
            Night.objects.create(user=self.alice, night=last - timedelta(days=d), cramps=cramps)
        for d in range(20):
            Night.objects.create(user=self.bob, night=last - timedelta(days=d), cramps=0)
        self.assertEqual(summary.current_streak(self.alice, last), summary.Streaks(2, 3))
        self.assertEqual(summary.current_streak(self.bob, last), summary.Streaks(20, 20))
        # no check-in for last night nor the one before: the run is not known to go on
        self.assertEqual(
            summary.current_streak(self.alice, last + timedelta(days=2)), summary.Streaks(0, 3)
        )


class EpisodeTimeIndexTest(BaseTestCase):
    def test_a_persons_cramps_are_indexed_by_time(self) -> None:
        """The double-tap check and the recent cramps look up (user, time): an index."""
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "diary_episode")
        indexed = [c["columns"] for c in constraints.values() if c["index"]]
        self.assertIn(["user_id", "occurred_at"], indexed)


class HomeWeekFromOneReadTest(BaseTestCase):
    """The day screen reads last night, this evening and the week before in one query;
    the figures are the same as when each was read on its own."""

    def test_the_week_counts_the_seven_nights_before_tonight(self) -> None:
        self.at_time(datetime(2026, 6, 10, 18, 0, tzinfo=UTC))  # last night: 9 June
        last = date(2026, 6, 9)
        for days_before, cramps, worst in [(7, 5, 9.0), (6, 1, 4.0), (3, 0, None), (2, None, None)]:
            night = last - timedelta(days=days_before)
            Night.objects.create(user=self.alice, night=night, cramps=cramps, max_severity=worst)
        Night.objects.create(user=self.alice, night=last, cramps=2, max_severity=6.0)
        Night.objects.create(user=self.alice, night=date(2026, 6, 10), cramps=3)  # tonight
        Night.objects.create(user=self.bob, night=last, cramps=7, max_severity=10.0)
        self.login()
        page = self.client.get("/?screen=day")
        week = page.context["week"]
        self.assertEqual((week.nights_recorded, week.cramps, week.worst), (3, 3, 6.0))
        self.assertEqual(page.context["last_row"].cramps, 2)
        self.assertFalse(page.context["needs_morning"])
        self.assertTrue(page.context["needs_evening"], "tonight's row has no evening check-in")
        self.assertContains(page, "Last night (Tue 9 Jun): 2 cramps, worst 6/10.")
