"""The bedtime routine: Start creates a session, Finish records tonight's stretching."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from nightcramp.diary import store
from nightcramp.diary.models import FactorValue, RoutineSession
from nightcramp.knowledge import load_knowledge
from nightcramp.web.care.routine_views import holds_total, routine_steps
from tests.base import BaseTestCase


def standing_steps():
    return routine_steps([s for s in load_knowledge().stretches if s.standing])


class RoutineStepsTests(BaseTestCase):
    def test_each_per_leg_stretch_has_a_left_and_a_right_step(self) -> None:
        steps = standing_steps()
        stretches = [s for s in load_knowledge().stretches if s.standing]
        self.assertEqual(len(steps), 2 * len(stretches))
        self.assertEqual([s.leg for s in steps[:2]], ["left", "right"])
        self.assertEqual(holds_total(steps), sum(2 * s.repetitions for s in stretches))


class RoutinePageTests(BaseTestCase):
    def start(self, position: str = "standing") -> RoutineSession:
        response = self.client.post(reverse("care:routine_start"), {"position": position})
        session = RoutineSession.objects.get(user=self.alice)
        self.assertRedirects(
            response, reverse("care:routine_session", args=[session.pk]) + f"?position={position}"
        )
        return session

    def stretching_recorded(self, user) -> bool:
        return FactorValue.objects.filter(
            user=user, factor__name="bedtime_stretching", value=1.0
        ).exists()

    def test_routine_lists_the_stretches(self) -> None:
        self.login()
        response = self.client.get(reverse("care:routine"))
        for stretch in load_knowledge().stretches:
            if stretch.standing:
                self.assertContains(response, stretch.name)
        self.assertContains(response, "Evidence grade C")

    def test_sitting_version(self) -> None:
        self.login()
        response = self.client.get(reverse("care:routine") + "?position=sitting")
        self.assertContains(response, "Sitting calf stretch")
        self.assertNotContains(response, "Standing calf stretch against a wall")

    def test_start_creates_a_session_for_tonight(self) -> None:
        self.login()
        session = self.start()
        self.assertEqual(session.night.night, store.tonight(self.alice))
        self.assertEqual(session.holds_total, holds_total(standing_steps()))
        self.assertIsNone(session.completed_at)
        self.assertFalse(self.stretching_recorded(self.alice))
        page = self.client.get(reverse("care:routine_session", args=[session.pk]))
        self.assertContains(page, 'role="timer"')
        self.assertContains(page, 'aria-live="polite"')
        self.assertContains(page, "I did it")

    def test_finish_records_holds_and_tonights_stretching(self) -> None:
        self.login()
        session = self.start()
        response = self.client.post(
            reverse("care:routine_finish", args=[session.pk]), {"holds_done": "12"}
        )
        self.assertRedirects(response, reverse("care:routine"))
        session.refresh_from_db()
        self.assertIsNotNone(session.completed_at)
        self.assertEqual(session.holds_done, 12)
        table = store.load_table(self.alice)
        self.assertEqual(table.rows[-1].night, store.tonight(self.alice))
        self.assertIs(table.rows[-1].factors["bedtime_stretching"], True)
        self.assertFalse(self.stretching_recorded(self.bob))
        self.assertContains(self.client.get(reverse("care:routine")), "Done for tonight")

    def test_i_did_it_without_the_timer_counts_every_hold(self) -> None:
        self.login()
        session = self.start("sitting")
        self.client.post(
            reverse("care:routine_finish", args=[session.pk]),
            {"holds_done": str(session.holds_total), "position": "sitting"},
        )
        session.refresh_from_db()
        self.assertEqual(session.holds_done, session.holds_total)
        self.assertTrue(self.stretching_recorded(self.alice))

    def test_bad_holds_refused_and_nothing_recorded(self) -> None:
        self.login()
        session = self.start()
        url = reverse("care:routine_finish", args=[session.pk])
        for bad in ("0", "-1", "abc", str(session.holds_total + 1), ""):
            response = self.client.post(url, {"holds_done": bad})
            self.assertContains(response, "Holds done must be a whole number", status_code=400)
        session.refresh_from_db()
        self.assertIsNone(session.completed_at)
        self.assertFalse(self.stretching_recorded(self.alice))

    def test_start_needs_post(self) -> None:
        self.login()
        self.assertEqual(self.client.get(reverse("care:routine_start")).status_code, 405)
        self.assertFalse(RoutineSession.objects.exists())

    def test_bob_gets_404_for_alices_session(self) -> None:
        self.login()
        session = self.start()
        self.login(self.bob)
        self.assertEqual(
            self.client.get(reverse("care:routine_session", args=[session.pk])).status_code, 404
        )
        response = self.client.post(
            reverse("care:routine_finish", args=[session.pk]), {"holds_done": "3"}
        )
        self.assertEqual(response.status_code, 404)
        session.refresh_from_db()
        self.assertIsNone(session.completed_at)

    def test_finish_without_csrf_refused(self) -> None:
        self.login()
        session = self.start()
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(
            reverse("care:routine_finish", args=[session.pk]), {"holds_done": "3"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.stretching_recorded(self.alice))
