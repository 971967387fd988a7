"""A factor of one's own cannot take the label of a built-in one ("Fluids", "alcohol").

Before, "Fluids" was accepted beside the built-in "Fluids": two identical questions in the
evening check-in and two "Fluids" lines in the analysis.
"""

from __future__ import annotations

from nightcramp.diary.models import Factor
from tests.base import BaseTestCase


class BuiltinLabelTest(BaseTestCase):
    def test_builtin_labels_in_any_case_are_refused(self) -> None:
        self.login()
        for label in ("Fluids", "alcohol", "HOURS SITTING", "Bedtime stretching done"):
            with self.subTest(label=label):
                response = self.client.post("/factors/", {"label": label, "kind": "number"})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, f"“{label}” is already a built-in part")
        self.assertFalse(Factor.objects.filter(user=self.alice, builtin=False).exists())
        page = self.client.get("/checkins/evening/")
        self.assertEqual(page.content.decode().count(">Fluids (glasses)<"), 1)

    def test_a_new_name_is_still_welcome(self) -> None:
        self.login()
        response = self.client.post("/factors/", {"label": "Fluids at night", "kind": "number"})
        self.assertRedirects(response, "/factors/")
        self.assertTrue(Factor.objects.filter(user=self.alice, name="fluids_at_night").exists())
