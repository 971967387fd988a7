"""One picture of risk across the app: a swollen-leg tick warns on the screen it is saved on,
the assessment reads the diary's warning signs, free text and medicine notes, says when its
answers are pre-filled, and never calls a diary with a warning sign free of them."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from nightcramp.diary import store
from nightcramp.diary.models import Assessment, Episode, Medicine, Profile
from nightcramp.web.logbook import redflag
from tests.base import BaseTestCase

NONE_SAID = "None of your answers is a warning sign"


class OnePictureOfRiskTests(BaseTestCase):
    def swollen_cramp(self, user, days_ago: int = 1) -> Episode:
        episode = store.record_episode(user, occurred_at=timezone.now() - timedelta(days=days_ago))
        episode.notes = redflag.with_marker("calf still tight", True)
        episode.save()
        return episode

    def assess(self, symptoms=(), other: str = ""):
        return self.client.post(
            reverse("care:assessment"), {"symptoms": list(symptoms), "other": other}, follow=True
        )

    def test_ticking_a_swollen_leg_warns_on_the_screen_it_is_saved_on(self) -> None:
        episode = store.record_episode(self.alice, occurred_at=timezone.now())
        local = timezone.localtime(episode.occurred_at).strftime("%Y-%m-%dT%H:%M")
        form = {"occurred_at": local, "severity": "5", "notes": "", "swollen": "on"}
        self.login()
        page = self.client.post(f"/episodes/{episode.pk}/edit/", form, follow=True)
        self.assertContains(page, "Cramp details saved.")
        self.assertContains(page, "blood clot in a leg vein (DVT)")
        self.assertContains(page, "see a clinician today")
        self.assertTrue(redflag.has_marker(Episode.objects.get(pk=episode.pk).notes))

    def test_saving_without_the_tick_gives_no_clot_warning(self) -> None:
        episode = store.record_episode(self.alice, occurred_at=timezone.now())
        local = timezone.localtime(episode.occurred_at).strftime("%Y-%m-%dT%H:%M")
        self.login()
        page = self.client.post(
            f"/episodes/{episode.pk}/edit/", {"occurred_at": local, "notes": ""}, follow=True
        )
        self.assertNotContains(page, "blood clot in a leg vein (DVT)")

    def test_bob_cannot_tick_alices_cramp(self) -> None:
        episode = store.record_episode(self.alice, occurred_at=timezone.now())
        self.login(self.bob)
        response = self.client.post(f"/episodes/{episode.pk}/edit/", {"swollen": "on"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(redflag.has_marker(Episode.objects.get(pk=episode.pk).notes))

    def test_assessment_includes_a_swollen_leg_noted_in_the_diary(self) -> None:
        episode = self.swollen_cramp(self.alice)
        night = episode.night.night
        self.login()
        form = self.client.get(reverse("care:assessment"))
        self.assertContains(form, "Warning signs in your diary")
        self.assertContains(form, f"night of {night:%a} {night.day} {night:%b}")
        page = self.assess()
        saved = Assessment.objects.get(user=self.alice)
        levels = {f["condition"]: f["level"] for f in saved.result["red_flags"]}
        self.assertEqual(levels.get("dvt"), "urgent")
        self.assertEqual(saved.profile["symptoms"], [])  # the person's answers, as given
        self.assertNotContains(page, NONE_SAID)
        self.assertContains(page, "in your diary (night of")

    def test_the_morning_check_in_tick_counts_too(self) -> None:
        night = store.get_night(self.alice, timezone.localdate() - timedelta(days=2))
        night.notes = redflag.with_marker("", True)
        night.save()
        self.login()
        page = self.assess()
        flags = Assessment.objects.get(user=self.alice).result["red_flags"]
        self.assertIn("dvt", [f["condition"] for f in flags])
        self.assertContains(page, f"in your diary (night of {night.night:%a %d %b %Y})")

    def test_bobs_assessment_does_not_see_alices_diary(self) -> None:
        self.swollen_cramp(self.alice)
        self.login(self.bob)
        self.assertNotContains(self.client.get(reverse("care:assessment")), "in your diary")
        page = self.assess()
        self.assertEqual(Assessment.objects.get(user=self.bob).result["red_flags"], [])
        self.assertContains(page, NONE_SAID)

    def test_an_older_assessment_never_calls_the_diary_free_of_warning_signs(self) -> None:
        self.login()
        self.assess()
        saved = Assessment.objects.get(user=self.alice)
        self.assertEqual(saved.result["red_flags"], [])
        self.swollen_cramp(self.alice)
        page = self.client.get(reverse("care:assessment_detail", args=[saved.pk]))
        self.assertNotContains(page, NONE_SAID)
        self.assertContains(page, "Your diary notes a warning sign this assessment did not include")

    def test_a_diary_note_older_than_two_weeks_is_not_current(self) -> None:
        self.swollen_cramp(self.alice, days_ago=redflag.LOOKBACK_DAYS + 3)
        self.login()
        self.assess()
        self.assertEqual(Assessment.objects.get(user=self.alice).result["red_flags"], [])

    def test_anything_else_is_read_for_warning_signs(self) -> None:
        self.login()
        page = self.assess(other="numbness between my legs and trouble passing urine")
        saved = Assessment.objects.get(user=self.alice)
        levels = {f["condition"]: f["level"] for f in saved.result["red_flags"]}
        self.assertEqual(levels.get("lumbar_stenosis"), "emergency")
        self.assertIn("numbness between my legs", saved.profile["notes"][0])
        self.assertContains(page, "You wrote")

    def test_medicine_notes_are_read_for_warning_signs(self) -> None:
        Medicine.objects.create(user=self.alice, name="Lipitor", dose="20mg", notes="dark urine")
        self.login()
        self.assess()
        flags = Assessment.objects.get(user=self.alice).result["red_flags"]
        rhabdo = next(f for f in flags if f["condition"] == "rhabdomyolysis")
        self.assertIn("atorvastatin", rhabdo["message"])

    def test_prefilled_answers_are_said_to_be_prefilled(self) -> None:
        self.login()
        self.assertNotContains(self.client.get(reverse("care:assessment")), "filled in for you")
        self.assess(symptoms=["daytime_cramps"])
        self.assertEqual(Profile.objects.get(user=self.alice).symptoms, ["daytime_cramps"])
        form = self.client.get(reverse("care:assessment"))
        self.assertContains(form, "your answers from your last assessment")
        self.assertContains(form, "filled in for you")

    def test_family_history_is_shown_as_such(self) -> None:
        Profile.objects.create(user=self.alice, conditions=["my dad had motor neurone disease"])
        self.login()
        page = self.assess()
        result = Assessment.objects.get(user=self.alice).result
        self.assertEqual(result["contributing_factors"], [])
        self.assertContains(page, "as family history")
