"""Self-experiments through the real URLs: plan with a power estimate, follow, analyse, stop."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from nightcramp.diary import store
from nightcramp.diary.models import Trial
from nightcramp.stats.trials import arm_on
from nightcramp.web.care.trial_views import (
    _simulate_power,
    diary_noise,
    power_estimate,
    ratio_text,
)
from tests.base import BaseTestCase


class TrialTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.at_evening()  # tonight has not begun, so a plan may start tonight

    def plan(self, **fields) -> dict:
        data = {
            "intervention": "Bedtime stretching",
            "start": store.tonight(self.alice).isoformat(),
            "period_nights": "7",
            "pairs": "6",
            "washout_nights": "1",
            "cramps_per_week": "7",
            "reduction_percent": "50",
            "action": "create",
        }
        data.update(fields)
        return data

    def create(self, **fields) -> Trial:
        response = self.client.post(reverse("care:trial_new"), self.plan(**fields))
        trial = Trial.objects.get(user=self.alice)
        self.assertRedirects(response, reverse("care:trial_detail", args=[trial.pk]))
        return trial

    def test_new_page_estimates_power_from_the_diary(self) -> None:
        tonight = store.tonight(self.alice)
        for back in range(1, 29):  # four weeks, one cramp every other night
            store.morning_checkin(self.alice, tonight - timedelta(days=back), back % 2)
        self.login()
        response = self.client.get(reverse("care:trial_new"))
        self.assertEqual(response.context["diary_nights"], 28)
        self.assertEqual(response.context["diary_rate_week"], 3.5)
        estimate = response.context["estimate"]
        self.assertGreaterEqual(estimate["power"], 0)
        self.assertLessEqual(estimate["power"], 1)
        self.assertContains(response, "What your diary allows")
        self.assertContains(response, f"{estimate['power_percent']}% chance")
        self.assertContains(response, 'value="Bedtime stretching"')

    def test_power_uses_the_noise_of_the_diary_and_says_so(self) -> None:
        tonight = store.tonight(self.alice)
        pattern = [0, 0, 1, 0, 2, 0, 0, 1, 0, 3, 0, 1]
        for back in range(1, 101):
            store.morning_checkin(self.alice, tonight - timedelta(days=back), pattern[back % 12])
        self.login()
        response = self.client.post(reverse("care:trial_new"), self.plan(action="estimate"))
        estimate = response.context["estimate"]
        self.assertTrue(estimate["noise_fitted"])
        self.assertContains(response, "Noise estimated from your last 100 recorded nights.")
        noise = diary_noise(self.alice, tonight)
        settings = {k: noise[k] for k in ("dispersion", "autocorrelation", "latent_sd")}
        self.assertNotEqual(settings, {"dispersion": 0.5, "autocorrelation": 0.8, "latent_sd": 0.4})
        expected = _simulate_power(1.0, 0.5, 7, 6, 1, **settings)
        self.assertEqual(estimate["power"], expected["power"])

    def test_short_diary_says_the_noise_is_assumed(self) -> None:
        self.login()
        response = self.client.post(reverse("care:trial_new"), self.plan(action="estimate"))
        self.assertFalse(response.context["estimate"]["noise_fitted"])
        self.assertContains(response, "Noise assumed")

    def test_cached_estimates_are_kept_apart_by_noise(self) -> None:
        data = {"cramps_per_week": 7, "reduction_percent": 50, "period_nights": 7, "pairs": 8}
        data["washout_nights"] = 0
        calm = {"dispersion": 0.0, "autocorrelation": 0.5, "latent_sd": 0.0}
        noisy = {"dispersion": 2.0, "autocorrelation": 0.95, "latent_sd": 1.0}
        words = {"message": "test", "fitted": True}
        first = power_estimate(data, {**calm, **words})["power"]
        second = power_estimate(data, {**noisy, **words})["power"]
        self.assertEqual(first, _simulate_power(1.0, 0.5, 7, 8, 0, **calm)["power"])
        self.assertEqual(second, _simulate_power(1.0, 0.5, 7, 8, 0, **noisy)["power"])
        self.assertGreater(first, second + 0.2)

    def test_too_few_nights_asks_for_a_guess(self) -> None:
        store.morning_checkin(self.alice, store.tonight(self.alice) - timedelta(days=1), 2)
        self.login()
        response = self.client.get(reverse("care:trial_new"))
        self.assertIsNone(response.context["estimate"])
        self.assertContains(response, "enter your best guess")

    def test_estimate_button_shows_power_and_creates_nothing(self) -> None:
        self.login()
        response = self.client.post(reverse("care:trial_new"), self.plan(action="estimate"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "What your diary allows")
        self.assertFalse(Trial.objects.exists())

    def test_too_few_pairs_says_no_clear_result_possible(self) -> None:
        self.login()
        response = self.client.post(
            reverse("care:trial_new"), self.plan(action="estimate", pairs="3")
        )
        self.assertEqual(response.context["estimate"]["power"], 0)
        self.assertContains(response, "can never show a clear result")

    def test_create_saves_the_randomised_plan(self) -> None:
        self.login()
        trial = self.create()
        self.assertEqual(trial.intervention, "Bedtime stretching")
        self.assertEqual((trial.period_nights, trial.pairs, trial.washout_nights), (7, 6, 1))
        periods = trial.plan["periods"]
        self.assertEqual(len(periods), 12)
        for i in range(0, 12, 2):
            self.assertEqual(
                {periods[i]["arm"], periods[i + 1]["arm"]}, {"intervention", "control"}
            )
        self.assertEqual(trial.start, store.tonight(self.alice))
        self.assertEqual((trial.end - trial.start).days + 1, 84)
        self.assertEqual(trial.plan["seed"], trial.seed)

    def test_detail_says_tonights_arm(self) -> None:
        self.login()
        trial = self.create(washout_nights="0")
        arm = arm_on(trial.plan, store.tonight(self.alice))
        response = self.client.get(reverse("care:trial_detail", args=[trial.pk]))
        self.assertEqual(response.context["night"]["arm"], arm)
        if arm == "intervention":
            self.assertContains(response, "do it tonight")
        else:
            self.assertContains(response, "control night")
        self.assertContains(response, "Stop this experiment early")
        self.assertIsNone(response.context["analysis"])

    def test_trial_starting_later_says_tonight_is_not_part_of_it(self) -> None:
        self.login()
        trial = self.create(start=(store.tonight(self.alice) + timedelta(days=2)).isoformat())
        response = self.client.get(reverse("care:trial_detail", args=[trial.pk]))
        self.assertContains(response, "not part of the experiment yet")
        self.assertContains(response, "Starts")

    def test_ratios_are_shown_without_absurd_digits(self) -> None:
        self.assertEqual(ratio_text(0.734), "0.73")
        self.assertEqual(ratio_text(1.4e16), "over 100")
        self.assertEqual(ratio_text(1e-9), "under 0.01")
        self.assertEqual(ratio_text(None), "not known")

    def test_adherence_counts_recorded_and_stretched_nights(self) -> None:
        self.login()
        start = store.tonight(self.alice) + timedelta(days=1)
        trial = Trial.objects.create(
            user=self.alice,
            intervention="Bedtime stretching",
            start=start - timedelta(days=8),
            end=start - timedelta(days=8) + timedelta(days=3),
            period_nights=2,
            pairs=1,
            seed=1,
            plan={
                "intervention": "Bedtime stretching",
                "start": (start - timedelta(days=8)).isoformat(),
                "end": (start - timedelta(days=5)).isoformat(),
                "washout_nights": 0,
                "periods": [
                    {
                        "start": (start - timedelta(days=8)).isoformat(),
                        "end": (start - timedelta(days=7)).isoformat(),
                        "arm": "intervention",
                    },
                    {
                        "start": (start - timedelta(days=6)).isoformat(),
                        "end": (start - timedelta(days=5)).isoformat(),
                        "arm": "control",
                    },
                ],
            },
        )
        first = start - timedelta(days=8)
        store.morning_checkin(self.alice, first, 0)
        store.evening_checkin(self.alice, first, {"bedtime_stretching": True})
        store.morning_checkin(self.alice, first + timedelta(days=2), 2)
        store.morning_checkin(self.alice, first + timedelta(days=3), 1)
        response = self.client.get(reverse("care:trial_detail", args=[trial.pk]))
        adherence = response.context["adherence"]
        self.assertEqual((adherence["past"], adherence["recorded"]), (4, 3))
        self.assertEqual(adherence["stretching"]["intervention"], {"done": 1, "of": 2})
        self.assertEqual(adherence["stretching"]["control"], {"done": 0, "of": 2})
        # finished (its end is past): the analysis is shown by itself
        analysis = response.context["analysis"]
        self.assertEqual(analysis["nights_used"], 3)
        self.assertLess(analysis["rate_ratio"], 1)
        self.assertContains(response, escape(analysis["verdict"][:40]))
        self.assertContains(response, "p-value (randomisation test)")

    def test_analysis_on_demand_while_running(self) -> None:
        self.login()
        trial = self.create()
        response = self.client.get(reverse("care:trial_detail", args=[trial.pk]) + "?analyze=1")
        self.assertEqual(response.context["analysis"]["nights_used"], 0)
        self.assertContains(response, "No result yet")

    def test_bad_plan_refused_and_nothing_created(self) -> None:
        self.login()
        for fields, message in (
            ({"period_nights": "0"}, "greater than or equal to 2"),
            ({"washout_nights": "7"}, "must be shorter than each period"),
            ({"start": "2026-13-01"}, "Enter a valid date"),
            ({"intervention": "  "}, "This field is required"),
            ({"start": (store.tonight(self.alice) - timedelta(days=3)).isoformat()}, "in the past"),
        ):
            response = self.client.post(reverse("care:trial_new"), self.plan(**fields))
            self.assertContains(response, message, status_code=400)
        self.assertFalse(Trial.objects.exists())

    def test_overlapping_trial_refused(self) -> None:
        self.login()
        self.create()
        response = self.client.post(reverse("care:trial_new"), self.plan(intervention="Socks"))
        self.assertContains(response, "overlaps these dates", status_code=400)
        self.assertEqual(Trial.objects.count(), 1)

    def test_stop_early(self) -> None:
        self.login()
        trial = self.create()
        self.assertEqual(
            self.client.get(reverse("care:trial_stop", args=[trial.pk])).status_code, 405
        )
        response = self.client.post(reverse("care:trial_stop", args=[trial.pk]))
        self.assertRedirects(response, reverse("care:trial_detail", args=[trial.pk]))
        trial.refresh_from_db()
        self.assertEqual(trial.status, Trial.Status.STOPPED)
        self.assertIsNotNone(trial.stopped_at)
        page = self.client.get(reverse("care:trial_detail", args=[trial.pk]))
        self.assertContains(page, "Stopped early")
        self.assertNotContains(page, "Stop this experiment early")
        self.assertIsNotNone(page.context["analysis"])

    def test_list_shows_own_trials_only(self) -> None:
        self.login()
        self.create()
        self.login(self.bob)
        self.assertNotContains(self.client.get(reverse("care:trials")), "Bedtime stretching")
        self.login()
        self.assertContains(self.client.get(reverse("care:trials")), "Running")

    def test_bob_gets_404_for_alices_trial(self) -> None:
        self.login()
        trial = self.create()
        self.login(self.bob)
        self.assertEqual(
            self.client.get(reverse("care:trial_detail", args=[trial.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.post(reverse("care:trial_stop", args=[trial.pk])).status_code, 404
        )
        trial.refresh_from_db()
        self.assertEqual(trial.status, Trial.Status.ACTIVE)

    def test_create_without_csrf_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(reverse("care:trial_new"), self.plan())
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Trial.objects.exists())
