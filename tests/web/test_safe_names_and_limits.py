"""Names and notes typed into the web forms: bidi controls stripped, the same limits as the
imports (nightcramp.diary.limits), each refusal naming the field; per person."""

from __future__ import annotations

from django.urls import reverse

from nightcramp.diary.limits import MAX_FACTORS, MAX_NOTE
from nightcramp.diary.models import Factor, Medicine, Profile
from tests.base import BaseTestCase
from tests.web.test_care_profile import GOOD

MEDICINE = {"name": "Lipitor", "dose": "20mg", "started": "2026-01-10", "stopped": ""}


class SafeNamesTests(BaseTestCase):
    def test_a_medicine_note_of_2_mb_is_refused(self) -> None:
        self.login()
        response = self.client.post(
            reverse("care:medicine_add"), {**MEDICINE, "notes": "x" * 2_000_000}
        )  # was saved
        self.assertContains(response, f"Notes: at most {MAX_NOTE} characters fit", status_code=400)
        self.assertFalse(Medicine.objects.exists())

    def test_a_note_at_the_limit_is_kept_as_typed(self) -> None:
        self.login()
        self.client.post(reverse("care:medicine_add"), {**MEDICINE, "notes": "y" * MAX_NOTE})
        self.assertEqual(Medicine.objects.get(user=self.alice).notes, "y" * MAX_NOTE)

    def test_medicine_dates_of_mistyped_years_are_refused(self) -> None:
        self.login()
        for started in ("0001-01-01", "9999-12-31"):
            response = self.client.post(
                reverse("care:medicine_add"), {**MEDICINE, "started": started}
            )
            self.assertContains(
                response, f"Started on: {started} is not a plausible date", status_code=400
            )
        self.assertFalse(Medicine.objects.exists())

    def test_bidi_controls_are_stripped_from_a_medicine_name(self) -> None:
        self.login()
        self.client.post(reverse("care:medicine_add"), {**MEDICINE, "name": "\u202eLipitor\u202c"})
        self.assertEqual(Medicine.objects.get(user=self.alice).name, "Lipitor")

    def test_bidi_controls_are_stripped_from_conditions(self) -> None:
        self.login()
        conditions = "type 2 \u202ediabetes\nhypo\u2066thyroidism\u2069\n\u200f\n"
        self.client.post(reverse("care:profile"), {**GOOD, "conditions": conditions})
        profile = Profile.objects.get(user=self.alice)
        self.assertEqual(profile.conditions, ["type 2 diabetes", "hypothyroidism"])

    def test_bidi_controls_are_stripped_from_a_factor_label(self) -> None:
        self.login()
        self.client.post("/factors/", {"label": "Tonic\u202e water", "kind": "boolean"})
        factor = Factor.objects.get(user=self.alice)
        self.assertEqual((factor.name, factor.label), ("tonic_water", "Tonic water"))

    def test_a_full_diary_takes_no_more_factors_but_another_persons_does(self) -> None:
        Factor.objects.bulk_create(
            Factor(user=self.alice, name=f"f{i}", kind="number", position=i)
            for i in range(MAX_FACTORS)
        )
        self.login()
        response = self.client.post("/factors/", {"label": "Salt", "kind": "boolean"})
        self.assertContains(response, f"at most {MAX_FACTORS}")
        self.assertFalse(Factor.objects.filter(user=self.alice, name="salt").exists())
        self.login(self.bob)
        self.client.post("/factors/", {"label": "Salt", "kind": "boolean"})
        self.assertTrue(Factor.objects.filter(user=self.bob, name="salt").exists())

    def test_the_report_of_a_medicine_named_with_dollars_downloads(self) -> None:
        from datetime import date

        from nightcramp.diary import store

        store.morning_checkin(self.alice, date(2026, 3, 2), 2)
        Medicine.objects.create(user=self.alice, name="Vit $^^$ x", started=date(2026, 3, 1))
        self.login()
        response = self.client.get(
            reverse("care:report_pdf"), {"from": "2026-02-20", "to": "2026-03-20"}
        )  # answered 500 until the medicine was renamed
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))
