"""After a full routine, "Keep “No”" is stored: the question does not come back that night."""

from __future__ import annotations

from django.urls import reverse

from nightcramp.diary.jsonio import export_everything, import_everything
from nightcramp.diary.models import RoutineSession
from tests.web.routine_steps import RoutineTestCase

QUESTION = "You said earlier you did not stretch tonight"


class KeepNoTests(RoutineTestCase):
    def full_session_after_a_no(self, user) -> RoutineSession:
        self.said_no_earlier(user)
        session = self.start(user)
        self.finish(session, session.holds_total)
        return session

    def keep(self, session: RoutineSession):
        return self.client.post(reverse("care:routine_keep_answer", args=[session.pk]))

    def test_keep_no_is_stored_and_the_question_stops(self) -> None:
        self.login()
        session = self.full_session_after_a_no(self.alice)
        self.assertContains(self.client.get(reverse("care:routine")), QUESTION)
        self.assertRedirects(self.keep(session), reverse("care:routine"))
        session.refresh_from_db()
        self.assertIsNotNone(session.answer_kept_at)
        self.assertEqual(self.answer(self.alice), 0.0)
        for _ in range(2):  # opened again later that night
            page = self.client.get(reverse("care:routine"))
            self.assertNotContains(page, QUESTION)
            self.assertContains(page, "You kept your earlier answer")
            self.assertNotContains(page, "recorded in your diary")

    def test_keep_no_is_a_post_form_not_a_reload_link(self) -> None:
        self.login()
        session = self.full_session_after_a_no(self.alice)
        page = self.client.get(reverse("care:routine")).content.decode()
        action = reverse("care:routine_keep_answer", args=[session.pk])
        self.assertIn(f'<form method="post" action="{action}">', page)
        self.assertEqual(self.client.get(action).status_code, 405)
        session.refresh_from_db()
        self.assertIsNone(session.answer_kept_at)

    def test_a_partial_session_cannot_be_marked_kept(self) -> None:
        self.login()
        self.said_no_earlier(self.alice)
        session = self.start(self.alice)
        self.finish(session, 3)
        self.keep(session)
        session.refresh_from_db()
        self.assertIsNone(session.answer_kept_at)

    def test_bob_cannot_keep_alices_answer(self) -> None:
        self.login()
        session = self.full_session_after_a_no(self.alice)
        self.login(self.bob)
        self.assertEqual(self.keep(session).status_code, 404)
        session.refresh_from_db()
        self.assertIsNone(session.answer_kept_at)

    def test_kept_answer_survives_export_and_import(self) -> None:
        self.login()
        session = self.full_session_after_a_no(self.alice)
        self.keep(session)
        session.refresh_from_db()
        data = export_everything(self.alice)
        self.assertEqual(data["routines"][0]["answer_kept_at"], session.answer_kept_at.isoformat())
        import_everything(self.bob, data)
        copy = RoutineSession.objects.get(user=self.bob)
        self.assertEqual(copy.answer_kept_at, session.answer_kept_at)
