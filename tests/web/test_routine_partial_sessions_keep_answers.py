"""A partial routine is stored as partial and never overwrites an explicit answer unasked."""

from __future__ import annotations

from django.urls import reverse

from tests.web.routine_steps import RoutineTestCase


class PartialSessionTests(RoutineTestCase):
    def test_three_of_twelve_holds_keep_an_earlier_no(self) -> None:
        self.login()
        self.said_no_earlier(self.alice)
        session = self.start(self.alice)
        self.assertRedirects(self.finish(session, 3), reverse("care:routine"))
        session.refresh_from_db()
        self.assertEqual((session.holds_done, session.holds_total), (3, 12))
        self.assertFalse(session.complete)
        self.assertEqual(self.answer(self.alice), 0.0)
        page = self.client.get(reverse("care:routine"))
        self.assertContains(page, "Partly done tonight: 3 of 12 holds")
        self.assertNotContains(page, "change it to yes?")

    def test_partial_session_without_an_answer_records_nothing(self) -> None:
        self.login()
        self.finish(self.start(self.alice), 5)
        self.assertIsNone(self.answer(self.alice))
        self.assertContains(self.client.get(reverse("care:routine")), "5 of 12 holds")

    def test_complete_session_without_an_answer_records_yes(self) -> None:
        self.login()
        self.finish(self.start(self.alice), 12)
        self.assertEqual(self.answer(self.alice), 1.0)

    def test_complete_session_asks_before_changing_a_no(self) -> None:
        self.login()
        self.said_no_earlier(self.alice)
        session = self.start(self.alice)
        self.finish(session, 12)
        self.assertEqual(self.answer(self.alice), 0.0)  # not changed unasked
        page = self.client.get(reverse("care:routine"))
        self.assertContains(page, "You said earlier you did not stretch tonight")
        response = self.client.post(reverse("care:routine_confirm", args=[session.pk]))
        self.assertRedirects(response, reverse("care:routine"))
        self.assertEqual(self.answer(self.alice), 1.0)
        page = self.client.get(reverse("care:routine"))
        self.assertNotContains(page, "You said earlier you did not stretch tonight")

    def test_confirm_after_a_partial_session_changes_nothing(self) -> None:
        self.login()
        self.said_no_earlier(self.alice)
        session = self.start(self.alice)
        self.finish(session, 4)
        self.client.post(reverse("care:routine_confirm", args=[session.pk]))
        self.assertEqual(self.answer(self.alice), 0.0)

    def test_bob_cannot_confirm_or_finish_alices_session(self) -> None:
        self.login()
        self.said_no_earlier(self.alice)
        session = self.start(self.alice)
        self.finish(session, 12)
        self.login(self.bob)
        url = reverse("care:routine_confirm", args=[session.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(self.finish(session, 2).status_code, 404)
        session.refresh_from_db()
        self.assertEqual(session.holds_done, 12)
        self.assertEqual(self.answer(self.alice), 0.0)

    def test_confirm_needs_post(self) -> None:
        self.login()
        self.said_no_earlier(self.alice)
        session = self.start(self.alice)
        self.finish(session, 12)
        url = reverse("care:routine_confirm", args=[session.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.answer(self.alice), 0.0)
