"""A self-experiment that names a prescription medicine needs the prescriber's agreement,
and the app never orders "no quinine tonight" or "do it tonight" for it.

Before, "Quinine" was planned like a habit: home and the experiment page told the person
to take it on some nights and not on others, a change to a medicine on their own.
"""

from __future__ import annotations

from django.urls import reverse

from nightcramp.diary import store
from nightcramp.diary.models import Trial
from tests.base import BaseTestCase


class MedicineTrialTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        self.at_evening()  # tonight has not begun, so a plan may start tonight

    def plan(self, intervention: str, **extra) -> dict:
        return {
            "intervention": intervention,
            "start": store.tonight(self.alice).isoformat(),
            "period_nights": "7",
            "pairs": "4",
            "washout_nights": "0",
            "cramps_per_week": "5",
            "reduction_percent": "50",
            "action": "create",
            **extra,
        }

    def test_medicine_trial_without_agreement_is_refused(self) -> None:
        response = self.client.post(reverse("care:trial_new"), self.plan("Quinine"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "names a prescription medicine (quinine)", status_code=400)
        self.assertContains(response, 'name="clinician_agreed"', status_code=400)
        self.assertContains(response, "Tick this box only if your prescriber", status_code=400)
        self.assertFalse(Trial.objects.exists())

    def test_agreed_medicine_trial_never_gives_orders(self) -> None:
        response = self.client.post(
            reverse("care:trial_new"), self.plan("Quinine", clinician_agreed="on")
        )
        trial = Trial.objects.get(user=self.alice)
        self.assertRedirects(response, reverse("care:trial_detail", args=[trial.pk]))
        for url in (reverse("care:trial_detail", args=[trial.pk]), "/?screen=day"):
            page = self.client.get(url)
            self.assertContains(page, "as agreed with your prescriber")
            self.assertContains(page, "do not start, stop or change it on your own")
            self.assertNotContains(page, "do it tonight")
            self.assertNotContains(page, "no quinine tonight")
            self.assertNotContains(page, "Tonight: no Quinine")
            self.assertNotContains(page, "<strong>Tonight: Quinine.</strong>")

    def test_habit_trial_has_no_prescriber_question(self) -> None:
        page = self.client.get(reverse("care:trial_new"))
        self.assertNotContains(page, 'name="clinician_agreed"')
        response = self.client.post(reverse("care:trial_new"), self.plan("Bedtime stretching"))
        trial = Trial.objects.get(user=self.alice)
        self.assertRedirects(response, reverse("care:trial_detail", args=[trial.pk]))
        self.assertNotContains(
            self.client.get(reverse("care:trial_detail", args=[trial.pk])), "prescriber"
        )
