"""The evening check-in: today's factors and medicines, quick to confirm."""

from __future__ import annotations

from datetime import UTC, date, datetime
from unittest import mock

from django.test import Client

from nightcramp.diary import store
from nightcramp.diary.models import Factor, FactorValue, Medicine, MedicineIntake, Night
from tests.base import BaseTestCase

NOW = datetime(2026, 5, 10, 20, 0, tzinfo=UTC)


class EveningCheckinTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        patcher = mock.patch("django.utils.timezone.now", return_value=NOW)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.pill = Medicine.objects.create(user=self.alice, name="Amlodipine", dose="5 mg")
        self.spray = Medicine.objects.create(user=self.alice, name="Salbutamol", as_needed=True)
        Medicine.objects.create(
            user=self.alice, name="Old one", started=date(2025, 1, 1), stopped=date(2025, 2, 1)
        )
        Medicine.objects.create(user=self.bob, name="Bob's secret medicine")
        self.tonic = Factor.objects.create(
            user=self.alice, name="tonic_water", label="Tonic water", kind="boolean"
        )

    def form(self, **changes) -> dict:
        data = {
            "night": "2026-05-10",
            "f_fluids_glasses": "6",
            "f_exercise_minutes": "30",
            "f_exercise_intensity": "4",
            "f_sitting_hours": "",
            "f_bedtime_stretching": "yes",
            "f_foot_support_in_bed": "no",
            "f_tonic_water": "yes",
            f"m_{self.pill.pk}": "on",
            f"m_{self.spray.pk}": "2",
        }
        data.update(changes)
        return data

    def values(self) -> dict:
        night = Night.objects.get(user=self.alice, night=date(2026, 5, 10))
        return {fv.factor.name: fv.value for fv in FactorValue.objects.filter(night=night)}

    def test_form_lists_builtin_and_own_factors_and_current_medicines(self) -> None:
        page = self.client.get("/checkins/evening/")
        for text in ("Fluids", "Bedtime stretching done", "Tonic water", "Amlodipine 5 mg"):
            self.assertContains(page, text)
        self.assertContains(page, 'value="2026-05-10"')
        self.assertNotContains(page, "Old one")
        self.assertNotContains(page, "Bob&#x27;s secret medicine")

    def test_save_factors_and_medicines(self) -> None:
        response = self.client.post("/checkins/evening/", self.form())
        self.assertRedirects(response, "/")
        self.assertEqual(
            self.values(),
            {
                "fluids_glasses": 6.0,
                "exercise_minutes": 30.0,
                "exercise_intensity": 4.0,
                "bedtime_stretching": 1.0,
                "foot_support_in_bed": 0.0,
                "tonic_water": 1.0,
            },
        )
        night = Night.objects.get(user=self.alice, night=date(2026, 5, 10))
        self.assertIsNotNone(night.evening_checked_in_at)
        intakes = dict(MedicineIntake.objects.filter(night=night).values_list("medicine", "doses"))
        self.assertEqual(intakes, {self.pill.pk: 1.0, self.spray.pk: 2.0})
        table = store.load_table(self.alice)
        self.assertIs(table.rows[0].factors["bedtime_stretching"], True)

    def test_next_evening_is_prefilled_from_the_last(self) -> None:
        self.client.post("/checkins/evening/", self.form(night="2026-05-09"))
        page = self.client.get("/checkins/evening/")
        self.assertContains(page, "Filled in from your last check-in")
        self.assertContains(page, 'name="f_fluids_glasses" value="6"')

    def test_editing_a_night_can_clear_a_value_and_a_medicine(self) -> None:
        self.client.post("/checkins/evening/", self.form())
        night = Night.objects.get(user=self.alice, night=date(2026, 5, 10))
        changed = self.form(f_fluids_glasses="", f_tonic_water="")
        del changed[f"m_{self.pill.pk}"]
        self.client.post(f"/nights/{night.pk}/evening/", changed)
        self.assertNotIn("fluids_glasses", self.values())
        self.assertNotIn("tonic_water", self.values())
        self.assertFalse(MedicineIntake.objects.filter(medicine=self.pill).exists())

    def test_bad_input_is_named_and_changes_nothing(self) -> None:
        cases = [
            ({"f_fluids_glasses": "lots"}, "Enter a number"),
            ({"f_fluids_glasses": "-2"}, "greater than or equal to 0"),
            ({"f_exercise_intensity": "12"}, "Select a valid choice"),
            ({"f_bedtime_stretching": "perhaps"}, "Select a valid choice"),
            ({"night": "2026-05-11"}, "That evening has not come yet"),
            ({f"m_{self.spray.pk}": "-1"}, "greater than or equal to 0"),
        ]
        for changes, message in cases:
            with self.subTest(changes=changes):
                response = self.client.post("/checkins/evening/", self.form(**changes))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertFalse(Night.objects.filter(user=self.alice).exists())
        self.assertFalse(MedicineIntake.objects.exists())

    def test_forged_post_without_csrf_is_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(client.post("/checkins/evening/", self.form()).status_code, 403)
        self.assertFalse(Night.objects.exists())
