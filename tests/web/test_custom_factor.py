"""A factor of one's own: added, shown in the evening check-in, removed with its values."""

from __future__ import annotations

from datetime import date

from django.test import Client

from nightcramp.diary import store
from nightcramp.diary.models import Factor, FactorValue
from tests.base import BaseTestCase


class CustomFactorTest(BaseTestCase):
    def test_add_a_factor_and_use_it(self) -> None:
        self.login()
        response = self.client.post(
            "/factors/", {"label": "Tonic water", "kind": "boolean", "unit": ""}
        )
        self.assertRedirects(response, "/factors/")
        factor = Factor.objects.get(user=self.alice, name="tonic_water")
        self.assertEqual(
            (factor.label, factor.kind, factor.builtin), ("Tonic water", "boolean", False)
        )
        self.assertContains(self.client.get("/checkins/evening/"), "Tonic water")
        self.client.post("/factors/", {"label": "Steps", "kind": "number", "unit": "thousand"})
        self.assertEqual(Factor.objects.get(user=self.alice, name="steps").unit, "thousand")

    def test_bad_or_duplicate_names_are_refused(self) -> None:
        Factor.objects.create(
            user=self.alice, name="tonic_water", label="Tonic water", kind="boolean"
        )
        self.login()
        cases = [
            ({"label": "Tonic Water", "kind": "boolean"}, "You already have a factor called"),
            ({"label": "Fluids glasses", "kind": "number"}, "already a built-in part"),
            ({"label": "cramps", "kind": "number"}, "already a built-in part"),
            ({"label": "!!!", "kind": "number"}, "Use letters or digits"),
            ({"label": "", "kind": "number"}, "This field is required"),
            ({"label": "Salt", "kind": "colour"}, "Select a valid choice"),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                self.assertContains(self.client.post("/factors/", data), message)
        self.assertEqual(Factor.objects.filter(user=self.alice).count(), 1)

    def test_the_same_name_is_fine_for_another_person(self) -> None:
        Factor.objects.create(
            user=self.bob, name="tonic_water", label="Tonic water", kind="boolean"
        )
        self.login()
        self.client.post("/factors/", {"label": "Tonic water", "kind": "boolean"})
        self.assertTrue(Factor.objects.filter(user=self.alice, name="tonic_water").exists())

    def test_remove_a_factor_and_its_values(self) -> None:
        store.evening_checkin(self.alice, date(2026, 1, 5), {"tonic_water": True})
        factor = Factor.objects.get(user=self.alice, name="tonic_water")
        self.login()
        self.assertContains(self.client.get(f"/factors/{factor.pk}/delete/"), "1 recorded value")
        self.assertRedirects(self.client.post(f"/factors/{factor.pk}/delete/"), "/factors/")
        self.assertFalse(Factor.objects.filter(pk=factor.pk).exists())
        self.assertFalse(FactorValue.objects.filter(user=self.alice).exists())

    def test_builtin_factors_cannot_be_removed(self) -> None:
        store.evening_checkin(self.alice, date(2026, 1, 5), {"fluids_glasses": 3.0})
        builtin = Factor.objects.get(user=self.alice, name="fluids_glasses")
        self.login()
        self.assertEqual(self.client.post(f"/factors/{builtin.pk}/delete/").status_code, 404)
        self.assertTrue(Factor.objects.filter(pk=builtin.pk).exists())

    def test_forged_posts_without_csrf_are_refused(self) -> None:
        factor = Factor.objects.create(user=self.alice, name="salt", label="Salt", kind="boolean")
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(
            client.post("/factors/", {"label": "X", "kind": "boolean"}).status_code, 403
        )
        self.assertEqual(client.post(f"/factors/{factor.pk}/delete/").status_code, 403)
        self.assertEqual(Factor.objects.filter(user=self.alice).count(), 1)
