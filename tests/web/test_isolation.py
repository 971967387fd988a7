"""One person never reaches another's data: every URL that takes an object id -> 404.

Walks the URL resolver, so URLs added later (care pages, feeds) are covered too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from nightcramp.diary import store
from nightcramp.diary.models import (
    Assessment,
    CalendarFeed,
    Factor,
    Medicine,
    MedicineIntake,
    RoutineSession,
    Trial,
)
from tests.base import BaseTestCase

PLAN = {
    "intervention": "bedtime stretching",
    "start": "2026-06-01",
    "end": "2026-06-14",
    "washout_nights": 0,
    "periods": [
        {"start": "2026-06-01", "end": "2026-06-07", "arm": "intervention"},
        {"start": "2026-06-08", "end": "2026-06-14", "arm": "control"},
    ],
}


def int_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str]]:
    """(route, name) of every URL pattern with exactly one <int:...> argument."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += int_patterns(entry, route)
        elif isinstance(entry, URLPattern) and route.count("<int:") == 1:
            found.append((route, entry.name or route))
    return found


def fill_url(route: str, pk: int) -> str:
    start = route.index("<int:")
    end = route.index(">", start)
    return "/" + route[:start] + str(pk) + route[end + 1 :]


def alice_objects(user) -> list[int]:
    night = date(2026, 6, 1)
    episode = store.record_episode(
        user, occurred_at=datetime(2026, 6, 2, 3, 0, tzinfo=UTC), leg="left", severity=5
    )
    store.morning_checkin(user, night, 1, soreness=2)
    n = store.evening_checkin(user, night, {"fluids_glasses": 4.0, "my_factor": True})
    factor = Factor.objects.get(user=user, name="my_factor")
    medicine = Medicine.objects.create(user=user, name="Amlodipine", started=date(2026, 1, 1))
    intake = MedicineIntake.objects.create(user=user, night=n, medicine=medicine)
    trial = Trial.objects.create(
        user=user,
        intervention="bedtime stretching",
        start=date(2026, 6, 1),
        end=date(2026, 6, 14),
        period_nights=7,
        pairs=1,
        seed=5,
        plan=PLAN,
    )
    routine = RoutineSession.objects.create(
        user=user, night=n, started_at=datetime(2026, 6, 1, 21, 0, tzinfo=UTC), holds_total=6
    )
    assessment = Assessment.objects.create(
        user=user,
        profile={"age": 60},
        result={
            "pattern": "typical_nocturnal_leg_cramps",
            "red_flags": [],
            "contributing_factors": [],
            "plan": [],
        },
    )
    feed = CalendarFeed.objects.create(user=user)
    objects = [
        episode,
        n,
        episode.night,
        factor,
        medicine,
        intake,
        trial,
        routine,
        assessment,
        feed,
    ]
    return sorted({o.pk for o in objects})


class IsolationTest(BaseTestCase):
    def test_every_url_with_an_id_is_404_for_someone_else(self) -> None:
        ids = alice_objects(self.alice)
        patterns = int_patterns()
        names = {name for _, name in patterns}
        for expected in (
            "episode",
            "episode_edit",
            "episode_delete",
            "episode_quick",
            "night_morning",
            "night_evening",
            "episode_add",
            "factor_delete",
        ):
            self.assertIn(expected, names)
        bob = Client()
        bob.force_login(self.bob)
        for route, name in patterns:
            for pk in ids:
                url = fill_url(route, pk)
                with self.subTest(url=url, name=name):
                    get = bob.get(url)
                    self.assertIn(get.status_code, (404, 405), url)
                    post = bob.post(url, {"field": "leg", "value": "right", "password": "x"})
                    self.assertEqual(post.status_code, 404, url)
        # and the test is not vacuous: each URL does reach alice's own objects
        alice = Client(raise_request_exception=False)
        alice.force_login(self.alice)
        post_only = []
        for route, name in patterns:
            statuses = [alice.get(fill_url(route, pk)).status_code for pk in ids]
            if all(s == 405 for s in statuses):
                post_only.append((route, name))
                continue
            self.assertTrue(any(s != 404 for s in statuses), f"{name} never found alice's object")
        for route, name in post_only:
            statuses = [alice.post(fill_url(route, pk)).status_code for pk in ids]
            self.assertTrue(any(s != 404 for s in statuses), f"{name} never found alice's object")

    def test_lists_and_exports_hold_only_ones_own_data(self) -> None:
        alice_objects(self.alice)
        bob = Client()
        bob.force_login(self.bob)
        for url in (
            "/",
            "/?screen=day",
            "/checkins/",
            "/dashboard/",
            "/factors/",
            "/checkins/evening/",
            "/accounts/export.json",
        ):
            with self.subTest(url=url):
                text = bob.get(url).content.decode()
                self.assertNotIn("Amlodipine", text)
                self.assertNotIn("My factor", text)
                self.assertNotIn("2026-06-01", text)
