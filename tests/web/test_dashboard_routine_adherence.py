"""The dashboard shows bedtime-routine adherence by week, partial sessions as partial."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.urls import reverse

from nightcramp.diary import store
from nightcramp.diary.models import RoutineSession
from tests.base import BaseTestCase

MONDAY = date(2026, 11, 9)


class RoutineAdherenceTests(BaseTestCase):
    def session(self, user, night: date, done: int, total: int = 12) -> None:
        RoutineSession.objects.create(
            user=user,
            night=store.get_night(user, night),
            started_at=datetime(2026, 11, 1, tzinfo=UTC),
            completed_at=datetime(2026, 11, 1, tzinfo=UTC),
            holds_done=done,
            holds_total=total,
        )

    def stretched(self, user, night: date, value: bool = True) -> None:
        store.evening_checkin(user, night, {"bedtime_stretching": value})

    def rows(self, response) -> list[str]:
        import re

        table = response.content.decode().split('class="numbers routine-weeks"')[1]
        table = table.split("</table>")[0]
        cells = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
        return [" | ".join(c) for c in cells]

    def test_weeks_count_nights_stretched_and_sessions_with_partial_ones(self) -> None:
        self.login()
        for day in range(3):  # three full sessions, recorded as stretched
            self.session(self.alice, MONDAY + timedelta(days=day), 12)
            self.stretched(self.alice, MONDAY + timedelta(days=day))
        self.session(self.alice, MONDAY + timedelta(days=3), 5)  # partial, nothing recorded
        self.stretched(self.alice, MONDAY + timedelta(days=7))  # next week: said yes, no session
        self.stretched(self.alice, MONDAY + timedelta(days=8), False)
        self.session(self.bob, MONDAY, 12)
        self.stretched(self.bob, MONDAY + timedelta(days=14))
        response = self.client.get(reverse("dashboard"))
        self.assertEqual(
            self.rows(response),
            ["16 Nov | 1 of 7 | 0", "9 Nov | 3 of 7 | 4 (1 partial: 5 of 12 holds)"],
        )

    def test_a_new_session_shows_at_once_despite_the_cache(self) -> None:
        self.login()
        self.assertContains(self.client.get(reverse("dashboard")), "No bedtime stretching")
        self.session(self.alice, MONDAY, 3)
        self.assertEqual(
            self.rows(self.client.get(reverse("dashboard"))),
            ["9 Nov | 0 of 7 | 1 (1 partial: 3 of 12 holds)"],
        )

    def test_bob_sees_none_of_alices_routine(self) -> None:
        self.session(self.alice, MONDAY, 12)
        self.stretched(self.alice, MONDAY)
        self.login(self.bob)
        self.assertContains(self.client.get(reverse("dashboard")), "No bedtime stretching")
