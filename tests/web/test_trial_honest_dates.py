"""Self-experiments that can answer (issue 11), through the real URLs.

- a plan cannot start on a night that has passed or begun (a night already stretched);
- a stored plan that did start before it was made is shown as observational;
- progress counts only nights that have passed;
- the planner leads with what the person's own rate allows and offers that design;
- the Routine page says when tonight is a control night of a stretching experiment.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse

from nightcramp.diary import store, trial_store
from nightcramp.diary.models import Trial
from nightcramp.stats.trials import CONTROL, INTERVENTION, arm_on, plan_trial
from tests.base import BaseTestCase


class HonestTrialTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()
        self.set_clock(time(19, 0))
        self.tonight = store.tonight(self.alice)

    def set_clock(self, at: time) -> None:
        self.at_time(datetime.combine(date.today(), at, tzinfo=store.user_zone(self.alice)))

    def form(self, **fields) -> dict:
        data = {
            "intervention": "Bedtime stretching",
            "start": self.tonight.isoformat(),
            "period_nights": "3",
            "pairs": "8",
            "washout_nights": "0",
            "cramps_per_week": "3",
            "reduction_percent": "50",
            "action": "create",
        }
        return {**data, **fields}

    def test_a_past_start_is_refused_with_a_named_field_error(self) -> None:
        yesterday = self.tonight - timedelta(days=1)
        response = self.client.post(
            reverse("care:trial_new"), self.form(start=yesterday.isoformat())
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("start", response.context["form"].errors)
        self.assertContains(response, "is in the past or has begun", status_code=400)
        self.assertFalse(Trial.objects.filter(user=self.alice).exists())

    def test_a_night_already_stretched_cannot_become_a_trial_night(self) -> None:
        # issue 11: starting a trial on a night already stretched made it a control night
        store.evening_checkin(self.alice, self.tonight, {"bedtime_stretching": True})
        tomorrow = self.tonight + timedelta(days=1)
        page = self.client.get(reverse("care:trial_new"))
        self.assertEqual(page.context["form"].initial["start"], tomorrow)
        response = self.client.post(reverse("care:trial_new"), self.form())
        self.assertEqual(response.status_code, 400)
        self.assertIn(f"{tomorrow:%d %b %Y} or later", response.context["form"].errors["start"][0])
        self.assertFalse(Trial.objects.filter(user=self.alice).exists())
        self.client.post(reverse("care:trial_new"), self.form(start=tomorrow.isoformat()))
        trial = Trial.objects.get(user=self.alice)
        self.assertEqual(trial.start, tomorrow)
        self.assertEqual(trial.plan["planned_on"], tomorrow.isoformat())

    def test_after_midnight_the_night_under_way_is_not_offered(self) -> None:
        self.set_clock(time(2, 30))
        under_way = store.tonight(self.alice)
        page = self.client.get(reverse("care:trial_new"))
        self.assertEqual(page.context["form"].initial["start"], under_way + timedelta(days=1))

    def test_a_plan_stored_after_its_start_is_shown_as_observational(self) -> None:
        # issue 11: such plans went into the PDF and FHIR as randomised self-experiments
        plan = plan_trial("Bedtime stretching", self.tonight - timedelta(days=20), 3, 6, seed=2)
        trial, _ = trial_store.save_trial(self.alice, plan)
        page = self.client.get(reverse("care:trial_detail", args=[trial.pk]) + "?analyze=1")
        self.assertContains(page, "Observational comparison, not a randomised experiment")
        in_time = plan_trial("Stretching", self.tonight, 3, 6, seed=2, earliest=self.tonight)
        trial_store.stop_trial(self.alice, trial.pk)
        second, _ = trial_store.save_trial(self.alice, in_time)
        page = self.client.get(reverse("care:trial_detail", args=[second.pk]))
        self.assertNotContains(page, "Observational comparison")

    def test_progress_counts_only_nights_that_have_passed(self) -> None:
        # issue 11: "Nights recorded: 33 of 48" counted the future nights in the 48
        start = self.tonight - timedelta(days=20)
        plan = plan_trial("Bedtime stretching", start, 3, 8, seed=5)  # 48 nights
        trial, _ = trial_store.save_trial(self.alice, plan)
        for back in range(1, 13):
            store.morning_checkin(self.alice, self.tonight - timedelta(days=back), 1)
        page = self.client.get(reverse("care:trial_detail", args=[trial.pk]))
        self.assertContains(page, "Nights recorded: 12 of 20 so far.")

    def test_the_planner_leads_with_what_the_persons_rate_allows(self) -> None:
        for back in range(1, 43):  # six weeks at 3 cramps a week
            store.morning_checkin(self.alice, self.tonight - timedelta(days=back), back % 7 < 3)
        page = self.client.get(reverse("care:trial_new"))
        estimate = page.context["estimate"]
        best = estimate["best"]
        self.assertTrue(best["reachable"])
        weeks = round(best["total_nights"] / 7)
        self.assertContains(
            page, f"With your 3 cramps a week, a halving can be detected with 80% chance in "
            f"{weeks} weeks."
        )  # fmt: skip
        form = page.context["form"]
        self.assertEqual(form.initial["pairs"], best["pairs"])  # that design is offered
        self.assertEqual(form.initial["period_nights"], best["period_nights"])
        html = page.content.decode()
        numbers = html.index("Show the numbers")
        self.assertGreater(html.index("over-dispersion"), numbers)  # jargon behind it
        self.assertLess(html.index("With your 3 cramps a week"), numbers)

    def test_use_this_design_fills_in_the_quickest_design(self) -> None:
        response = self.client.post(
            reverse("care:trial_new"), self.form(action="best", pairs="6", period_nights="7")
        )
        best = response.context["estimate"]["best"]
        form = response.context["form"]
        self.assertEqual(
            (form.data["pairs"], form.data["period_nights"]),
            (str(best["pairs"]), str(best["period_nights"])),
        )
        self.assertTrue(response.context["estimate"]["is_best"])
        self.assertFalse(Trial.objects.filter(user=self.alice).exists())

    def test_routine_says_tonight_is_a_control_night(self) -> None:
        for seed in range(50):  # a plan whose first period is control
            plan = plan_trial("Bedtime stretching", self.tonight, 3, 6, seed=seed)
            if arm_on(plan, self.tonight) == CONTROL:
                break
        trial_store.save_trial(self.alice, plan)
        page = self.client.get(reverse("care:routine"))
        self.assertContains(page, "Tonight is a control night")
        self.client.force_login(self.bob)
        self.assertNotContains(self.client.get(reverse("care:routine")), "control night")

    def test_routine_says_tonight_is_a_stretching_night(self) -> None:
        for seed in range(50):
            plan = plan_trial("Bedtime stretching", self.tonight, 3, 6, seed=seed)
            if arm_on(plan, self.tonight) == INTERVENTION:
                break
        trial_store.save_trial(self.alice, plan)
        self.assertContains(
            self.client.get(reverse("care:routine")), "Tonight is a stretching night"
        )
