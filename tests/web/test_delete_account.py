"""Deleting an account removes the person and every row of their data, and nobody else's."""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from nightcramp.diary import store
from nightcramp.diary.models import Medicine, MedicineIntake, Trial
from tests.base import PASSWORD, BaseTestCase


def fill_diary(user) -> None:
    night = date(2026, 3, 1)
    store.record_episode(user, severity=5, leg="left", muscle="calf")
    store.morning_checkin(user, night, 2, soreness=3)
    store.evening_checkin(user, night, {"fluids_glasses": 5.0, "tonic": True})
    medicine = Medicine.objects.create(user=user, name="Lasix 40mg", started=night)
    MedicineIntake.objects.create(user=user, night=store.get_night(user, night), medicine=medicine)
    Trial.objects.create(
        user=user,
        intervention="stretching",
        start=night,
        end=date(2026, 4, 1),
        period_nights=7,
        pairs=2,
        seed=1,
        plan={"periods": []},
    )


def rows_of(user) -> dict[str, int]:
    counts = {}
    for model in apps.get_app_config("diary").get_models():
        if any(f.name == "user" for f in model._meta.fields):
            counts[model.__name__] = model.objects.filter(user=user).count()
    return counts


class DeleteAccountTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        fill_diary(self.alice)
        fill_diary(self.bob)
        self.bob_rows = rows_of(self.bob)

    def test_delete_everything(self) -> None:
        self.assertGreater(sum(rows_of(self.alice).values()), 6)
        self.login()
        response = self.client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
        self.assertRedirects(response, "/accounts/login/")
        self.assertFalse(get_user_model().objects.filter(username="alice").exists())
        self.assertEqual(sum(rows_of(self.alice).values()), 0)
        self.assertEqual(rows_of(self.bob), self.bob_rows)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_wrong_password_deletes_nothing(self) -> None:
        before = rows_of(self.alice)
        self.login()
        response = self.client.post("/accounts/delete/", {"password": "nope", "confirm": "on"})
        self.assertContains(response, "That is not your password. Nothing was deleted.")
        self.assertTrue(get_user_model().objects.filter(username="alice").exists())
        self.assertEqual(rows_of(self.alice), before)

    def test_unticked_confirmation_deletes_nothing(self) -> None:
        self.login()
        response = self.client.post("/accounts/delete/", {"password": PASSWORD})
        self.assertContains(response, "This field is required")
        self.assertTrue(get_user_model().objects.filter(username="alice").exists())

    def test_forged_post_without_csrf_is_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(get_user_model().objects.filter(username="alice").exists())
