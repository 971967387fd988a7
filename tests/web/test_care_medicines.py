"""Adding, editing and deleting medicines: per user, with dates that make sense."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from nightcramp.diary.models import Assessment, Medicine
from nightcramp.web.care.profile_data import profile_dict
from tests.base import BaseTestCase


class MedicineTests(BaseTestCase):
    def add(self, **fields):
        data = {"name": "Lipitor", "dose": "20mg", "started": "2026-01-10", "stopped": ""}
        data.update(fields)
        return self.client.post(reverse("care:medicine_add"), data)

    def test_add_medicine(self) -> None:
        self.login()
        response = self.add()
        self.assertRedirects(response, reverse("care:medicines"))
        medicine = Medicine.objects.get(user=self.alice)
        self.assertEqual((medicine.name, medicine.dose), ("Lipitor", "20mg"))
        self.assertEqual(medicine.started, date(2026, 1, 10))
        self.assertFalse(medicine.as_needed)
        self.assertContains(self.client.get(reverse("care:medicines")), "Lipitor")

    def test_current_medicines_go_into_the_profile(self) -> None:
        self.login()
        self.add()
        self.add(name="Lasix", dose="40 mg", started="2025-01-01", stopped="2025-02-01")
        self.assertEqual(profile_dict(self.alice)["medications"], ["Lipitor 20mg"])

    def test_started_after_stopped_refused(self) -> None:
        self.login()
        response = self.add(started="2026-03-01", stopped="2026-02-01")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "a medicine cannot stop before it starts", status_code=400)
        self.assertFalse(Medicine.objects.exists())

    def test_empty_name_refused(self) -> None:
        self.login()
        response = self.add(name="   ")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Medicine.objects.exists())

    def test_bad_date_refused(self) -> None:
        self.login()
        response = self.add(started="31/31/2026")
        self.assertContains(response, "Enter a valid date", status_code=400)
        self.assertFalse(Medicine.objects.exists())

    def test_edit_medicine(self) -> None:
        self.login()
        self.add()
        medicine = Medicine.objects.get(user=self.alice)
        url = reverse("care:medicine_edit", args=[medicine.pk])
        self.assertContains(self.client.get(url), "Lipitor")
        response = self.client.post(
            url, {"name": "Lipitor", "dose": "40mg", "started": "2026-01-10", "as_needed": "on"}
        )
        self.assertRedirects(response, reverse("care:medicines"))
        medicine.refresh_from_db()
        self.assertEqual(medicine.dose, "40mg")
        self.assertTrue(medicine.as_needed)

    def test_edit_with_bad_dates_changes_nothing(self) -> None:
        self.login()
        self.add()
        medicine = Medicine.objects.get(user=self.alice)
        response = self.client.post(
            reverse("care:medicine_edit", args=[medicine.pk]),
            {"name": "Other", "dose": "", "started": "2026-05-01", "stopped": "2026-04-01"},
        )
        self.assertEqual(response.status_code, 400)
        medicine.refresh_from_db()
        self.assertEqual(medicine.name, "Lipitor")

    def test_delete_medicine(self) -> None:
        self.login()
        self.add()
        medicine = Medicine.objects.get(user=self.alice)
        response = self.client.post(reverse("care:medicine_delete", args=[medicine.pk]))
        self.assertRedirects(response, reverse("care:medicines"))
        self.assertFalse(Medicine.objects.exists())

    def test_delete_needs_post(self) -> None:
        self.login()
        self.add()
        medicine = Medicine.objects.get(user=self.alice)
        response = self.client.get(reverse("care:medicine_delete", args=[medicine.pk]))
        self.assertEqual(response.status_code, 405)
        self.assertTrue(Medicine.objects.exists())

    def test_bob_gets_404_for_alices_medicine(self) -> None:
        self.login()
        self.add()
        medicine = Medicine.objects.get(user=self.alice)
        self.login(self.bob)
        edit = reverse("care:medicine_edit", args=[medicine.pk])
        self.assertEqual(self.client.get(edit).status_code, 404)
        self.assertEqual(self.client.post(edit, {"name": "Hacked"}).status_code, 404)
        delete = reverse("care:medicine_delete", args=[medicine.pk])
        self.assertEqual(self.client.post(delete).status_code, 404)
        self.assertNotContains(self.client.get(reverse("care:medicines")), "Lipitor")
        medicine.refresh_from_db()
        self.assertEqual(medicine.name, "Lipitor")

    def test_change_after_assessment_leads_to_review(self) -> None:
        self.login()
        Assessment.objects.create(user=self.alice, profile=profile_dict(self.alice), result={})
        response = self.add()
        self.assertRedirects(
            response, reverse("care:assessment") + "?changed=1", fetch_redirect_response=False
        )
        self.assertContains(self.client.get(reverse("care:medicines")), "review your assessment")

    def test_delete_without_csrf_refused(self) -> None:
        self.login()
        self.add()
        medicine = Medicine.objects.get(user=self.alice)
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(reverse("care:medicine_delete", args=[medicine.pk]))
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Medicine.objects.filter(pk=medicine.pk).exists())
