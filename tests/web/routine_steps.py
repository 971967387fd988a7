"""The steps the routine's view tests share: start and finish a session through the real
URLs, give an earlier "did not stretch", and read tonight's stored answer."""

from __future__ import annotations

from django.urls import reverse

from nightcramp.diary import store
from nightcramp.diary.models import FactorValue, RoutineSession
from tests.base import BaseTestCase


class RoutineTestCase(BaseTestCase):
    def start(self, user) -> RoutineSession:
        self.client.post(reverse("care:routine_start"), {"position": "standing"})
        return RoutineSession.objects.filter(user=user).latest("started_at")

    def finish(self, session: RoutineSession, holds: int):
        return self.client.post(
            reverse("care:routine_finish", args=[session.pk]), {"holds_done": str(holds)}
        )

    def answer(self, user) -> float | None:
        row = FactorValue.objects.filter(
            user=user, night__night=store.tonight(user), factor__name="bedtime_stretching"
        ).first()
        return None if row is None else row.value

    def said_no_earlier(self, user) -> None:
        store.evening_checkin(user, store.tonight(user), {"bedtime_stretching": False})
