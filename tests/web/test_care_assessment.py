"""The symptom questionnaire: screening through the real URLs, saved and shown by urgency."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from nightcramp.diary.models import Assessment, Medicine, Profile
from nightcramp.knowledge import load_knowledge
from nightcramp.web.care.presenting import LEVEL_WORDS
from tests.base import BaseTestCase


class AssessmentTests(BaseTestCase):
    def run_assessment(self, *symptoms: str):
        return self.client.post(reverse("care:assessment"), {"symptoms": list(symptoms)})

    def test_questionnaire_asks_every_contract_symptom(self) -> None:
        self.login()
        response = self.client.get(reverse("care:assessment"))
        for symptom in load_knowledge().symptoms:
            self.assertContains(response, f'value="{symptom.id}"')
            self.assertContains(response, escape(symptom.question))
        self.assertContains(response, "Not medical advice")

    def test_swollen_leg_is_flagged_see_a_clinician_today(self) -> None:
        self.login()
        response = self.run_assessment("one_leg_swollen")
        saved = Assessment.objects.get(user=self.alice)
        self.assertRedirects(response, reverse("care:assessment_detail", args=[saved.pk]))
        self.assertEqual(saved.profile["symptoms"], ["one_leg_swollen"])
        conditions = {f["condition"]: f["level"] for f in saved.result["red_flags"]}
        self.assertEqual(conditions.get("dvt"), "urgent")
        self.assertEqual(Profile.objects.get(user=self.alice).symptoms, ["one_leg_swollen"])
        page = self.client.get(response["Location"]).content.decode()
        self.assertIn(LEVEL_WORDS["urgent"], page)
        self.assertIn("level-urgent", page)
        self.assertIn("NICE", page)  # the flag's source, as a citation
        self.assertIn("Not medical advice", page)

    def test_emergency_flag_comes_first_with_its_words(self) -> None:
        self.login()
        self.run_assessment("one_leg_swollen", "short_of_breath_or_chest_pain")
        page = self.client.get(
            reverse("care:assessment_detail", args=[Assessment.objects.get().pk])
        ).content.decode()
        emergency = page.index(LEVEL_WORDS["emergency"])
        self.assertLess(emergency, page.index("The pattern"))
        if LEVEL_WORDS["urgent"] in page:
            self.assertLess(emergency, page.index(LEVEL_WORDS["urgent"]))

    def test_profile_and_medicines_are_screened(self) -> None:
        Profile.objects.create(user=self.alice, age=72, sex="female", conditions=["hypothyroidism"])
        Medicine.objects.create(user=self.alice, name="Lasix", dose="40mg")
        Medicine.objects.create(user=self.bob, name="Ventolin", dose="")
        self.login()
        self.run_assessment()
        saved = Assessment.objects.get(user=self.alice)
        self.assertEqual(saved.profile["medications"], ["Lasix 40mg"])
        self.assertEqual(saved.profile["age"], 72)
        matched = [f["matched"] for f in saved.result["contributing_factors"]]
        self.assertIn("furosemide", " ".join(matched).lower())
        page = self.client.get(reverse("care:assessment_detail", args=[saved.pk]))
        self.assertContains(page, "furosemide")
        self.assertContains(page, "Quinine")
        self.assertContains(page, "Only ever a clinician's decision")
        self.assertContains(page, "bruising")

    def test_no_symptoms_gives_a_pattern_and_no_flags(self) -> None:
        self.login()
        self.run_assessment()
        saved = Assessment.objects.get(user=self.alice)
        self.assertEqual(saved.result["red_flags"], [])
        page = self.client.get(reverse("care:assessment_detail", args=[saved.pk]))
        self.assertContains(page, "None of your answers is a warning sign")
        self.assertContains(page, "Your prevention plan")

    def test_unknown_symptom_refused_and_nothing_saved(self) -> None:
        self.login()
        response = self.run_assessment("one_leg_swollen", "third_leg")
        self.assertContains(response, "third_leg is not one of the questions", status_code=400)
        self.assertFalse(Assessment.objects.exists())
        self.assertFalse(Profile.objects.filter(user=self.alice, symptoms__len=1).exists())

    def test_history_lists_own_assessments_only(self) -> None:
        self.login()
        self.run_assessment("one_leg_swollen")
        self.run_assessment()
        self.login(self.bob)
        self.run_assessment("daytime_cramps")
        self.login()
        response = self.client.get(reverse("care:assessment_history"))
        self.assertEqual(len(response.context["rows"]), 2)
        self.assertContains(response, LEVEL_WORDS["urgent"])
        self.assertNotContains(response, LEVEL_WORDS["soon"])

    def test_bob_gets_404_for_alices_assessment(self) -> None:
        self.login()
        self.run_assessment("one_leg_swollen")
        saved = Assessment.objects.get(user=self.alice)
        self.login(self.bob)
        response = self.client.get(reverse("care:assessment_detail", args=[saved.pk]))
        self.assertEqual(response.status_code, 404)

    def test_changed_profile_shows_review_banner(self) -> None:
        self.login()
        self.run_assessment()
        saved = Assessment.objects.get(user=self.alice)
        self.assertNotContains(
            self.client.get(reverse("care:assessment_detail", args=[saved.pk])),
            "review your assessment",
        )
        Medicine.objects.create(user=self.alice, name="Lipitor", dose="20mg")
        self.assertContains(
            self.client.get(reverse("care:assessment_detail", args=[saved.pk])),
            "review your assessment",
        )
        self.assertContains(self.client.get(reverse("care:assessment")), "Your profile changed")

    def test_forged_post_without_csrf_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(reverse("care:assessment"), {"symptoms": ["one_leg_swollen"]})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Assessment.objects.exists())
