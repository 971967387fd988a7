"""Saving the profile through /profile/: stored in the contract's shape, bad input refused."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from nightcramp.diary.models import Assessment, Profile
from nightcramp.web.care.profile_data import HABIT_KEYS, profile_dict
from tests.base import BaseTestCase

GOOD = {
    "age": "72",
    "sex": "female",
    "pregnancy_weeks": "",
    "conditions": "type 2 diabetes\n\n  hypothyroidism  \n",
    "fluids_glasses_per_day": "5",
    "exercise_minutes_per_week": "90",
    "sitting_hours_per_day": "8",
    "alcohol_units_per_week": "4",
}


class ProfilePageTests(BaseTestCase):
    def test_login_required(self) -> None:
        response = self.client.get(reverse("care:profile"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_save_profile_stores_contract_fields(self) -> None:
        self.login()
        response = self.client.post(reverse("care:profile"), GOOD)
        self.assertRedirects(response, reverse("care:profile") + "?saved=1")
        profile = Profile.objects.get(user=self.alice)
        self.assertEqual(profile.age, 72)
        self.assertEqual(profile.sex, "female")
        self.assertIsNone(profile.pregnancy_weeks)
        self.assertEqual(profile.conditions, ["type 2 diabetes", "hypothyroidism"])
        self.assertEqual(set(profile.habits), set(HABIT_KEYS))
        self.assertEqual(profile.habits["fluids_glasses_per_day"], 5)
        self.assertEqual(profile.habits["alcohol_units_per_week"], 4)
        self.assertFalse(Profile.objects.filter(user=self.bob).exists())

    def test_profile_dict_matches_contract(self) -> None:
        self.login()
        self.client.post(reverse("care:profile"), GOOD)
        data = profile_dict(self.alice)
        self.assertEqual(data["age"], 72)
        self.assertEqual(data["conditions"], ["type 2 diabetes", "hypothyroidism"])
        self.assertEqual(data["medications"], [])
        self.assertEqual(
            data["habits"],
            {
                "fluids_glasses_per_day": 5,
                "exercise_minutes_per_week": 90,
                "sitting_hours_per_day": 8,
                "alcohol_units_per_week": 4,
            },
        )

    def test_form_shows_saved_values(self) -> None:
        self.login()
        self.client.post(reverse("care:profile"), GOOD)
        page = self.client.get(reverse("care:profile")).content.decode()
        self.assertIn('value="72"', page)
        self.assertIn("hypothyroidism", page)

    def test_bad_age_refused_with_message_and_nothing_saved(self) -> None:
        self.login()
        response = self.client.post(reverse("care:profile"), {**GOOD, "age": "200"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Age must be between 1 and 120.", status_code=400)
        self.assertContains(response, "Nothing was saved", status_code=400)
        self.assertFalse(Profile.objects.filter(user=self.alice, age__isnull=False).exists())

    def test_negative_habit_refused(self) -> None:
        self.login()
        response = self.client.post(
            reverse("care:profile"), {**GOOD, "sitting_hours_per_day": "30"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "less than or equal to 24", status_code=400)
        self.assertFalse(Profile.objects.filter(user=self.alice, age=72).exists())

    def test_pregnancy_weeks_out_of_range(self) -> None:
        self.login()
        response = self.client.post(reverse("care:profile"), {**GOOD, "pregnancy_weeks": "50"})
        self.assertContains(response, "Weeks pregnant must be between 1 and 42.", status_code=400)

    def test_change_after_assessment_leads_to_review(self) -> None:
        self.login()
        self.client.post(reverse("care:profile"), GOOD)
        Assessment.objects.create(user=self.alice, profile=profile_dict(self.alice), result={})
        response = self.client.post(reverse("care:profile"), {**GOOD, "age": "73"})
        self.assertRedirects(
            response, reverse("care:assessment") + "?changed=1", fetch_redirect_response=False
        )
        page = self.client.get(reverse("care:profile")).content.decode()
        self.assertIn("review your assessment", page)

    def test_unchanged_profile_has_no_banner(self) -> None:
        self.login()
        self.client.post(reverse("care:profile"), GOOD)
        Assessment.objects.create(user=self.alice, profile=profile_dict(self.alice), result={})
        response = self.client.post(reverse("care:profile"), GOOD)
        self.assertRedirects(response, reverse("care:profile") + "?saved=1")
        self.assertNotContains(self.client.get(reverse("care:profile")), "review your assessment")

    def test_post_without_csrf_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(reverse("care:profile"), GOOD)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Profile.objects.filter(user=self.alice, age=72).exists())
