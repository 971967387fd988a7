"""The private calendar feed through its real URLs: own feed only, revocable, CSRF-safe."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from nightcramp.diary.models import CalendarFeed, Episode, Profile, Trial
from nightcramp.diary.store import get_night, record_episode
from tests.base import BaseTestCase


def ics_url(feed: CalendarFeed) -> str:
    return reverse("feeds:calendar_ics", args=[feed.token])


class CalendarFeedTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="Europe/London")
        self.alice_feed = CalendarFeed.objects.create(
            user=self.alice, bedtime=time(22, 0), evening_checkin=time(21, 0)
        )
        self.bob_feed = CalendarFeed.objects.create(
            user=self.bob, bedtime=time(23, 30), evening_checkin=time(20, 0)
        )

    def fetch(self, feed: CalendarFeed) -> Calendar:
        response = Client().get(ics_url(feed))  # calendar apps are never signed in
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        self.assertIn("no-store", response["Cache-Control"])
        return Calendar.from_ical(response.content)

    def test_page_shows_both_forms_of_the_link_and_the_times(self):
        self.login()
        response = self.client.get(reverse("feeds:calendar"))
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertIn(f"webcal://testserver/calendar/{self.alice_feed.token}.ics", content)
        self.assertIn(f"http://testserver/calendar/{self.alice_feed.token}.ics", content)
        self.assertNotIn(self.bob_feed.token, content)
        self.assertIn("22:00", content)
        self.assertIn("Revoke and make a new link", content)
        self.assertIn("stops the current link at once", content)

    def test_https_link_when_served_over_https(self):
        self.login()
        response = self.client.get(reverse("feeds:calendar"), secure=True)
        self.assertContains(response, f"https://testserver/calendar/{self.alice_feed.token}.ics")

    def test_page_needs_sign_in_and_makes_a_feed_on_first_visit(self):
        response = self.client.get(reverse("feeds:calendar"))
        self.assertEqual(response.status_code, 302)
        CalendarFeed.objects.filter(user=self.bob).delete()
        self.login(self.bob)
        response = self.client.get(reverse("feeds:calendar"))
        self.assertContains(response, "bedtime stretching at <strong>22:00</strong>")
        self.assertContains(response, "check-in at <strong>21:00</strong>")
        self.assertTrue(CalendarFeed.objects.filter(user=self.bob).exists())

    def test_alices_token_gives_alices_calendar(self):
        calendar = self.fetch(self.alice_feed)
        routine = [
            e for e in calendar.events if str(e.get("summary")) == "Bedtime stretching routine"
        ]
        self.assertEqual(len(routine), 1)
        start = routine[0].decoded("dtstart")
        self.assertEqual(start.time(), time(22, 0))
        self.assertEqual(str(start.tzinfo), "Europe/London")
        self.assertEqual([tz.tz_name for tz in calendar.timezones], ["Europe/London"])
        bob = self.fetch(self.bob_feed)
        bob_start = [e for e in bob.events if "Bedtime" in str(e.get("summary"))][0]
        self.assertEqual(bob_start.decoded("dtstart").time(), time(23, 30))
        self.assertNotEqual(
            {str(e.get("uid")) for e in calendar.events}, {str(e.get("uid")) for e in bob.events}
        )

    def test_feed_holds_the_active_trial_and_no_cramp_data(self):
        today = datetime.now().date()
        plan = {
            "intervention": "bedtime stretching",
            "start": str(today),
            "end": str(today + timedelta(days=3)),
            "washout_nights": 0,
            "periods": [
                {"start": str(today), "end": str(today + timedelta(days=1)), "arm": "control"},
                {
                    "start": str(today + timedelta(days=2)),
                    "end": str(today + timedelta(days=3)),
                    "arm": "intervention",
                },
            ],
        }
        Trial.objects.create(
            user=self.alice,
            intervention="bedtime stretching",
            start=today,
            end=today + timedelta(days=3),
            period_nights=2,
            pairs=1,
            seed=3,
            plan=plan,
        )
        record_episode(self.alice, notes="secret note about my calf", severity=9)
        self.assertTrue(Episode.objects.filter(user=self.alice).exists())
        get_night(self.alice, date(2024, 1, 1))
        response = Client().get(ics_url(self.alice_feed))
        text = response.content.decode()
        self.assertIn("Tonight: intervention — bedtime stretching", text)
        self.assertIn("Tonight: control — no bedtime stretching", text)
        self.assertNotIn("secret note", text)
        self.assertNotIn("alice", text.lower())
        self.assertNotIn("Tonight:", Client().get(ics_url(self.bob_feed)).content.decode())

    def test_a_stored_plan_the_calendar_cannot_read_still_gives_the_reminders(self):
        Trial.objects.create(
            user=self.alice,
            intervention="x",
            start=date(2026, 1, 1),
            end=date(2026, 1, 2),
            period_nights=1,
            pairs=1,
            seed=1,
            plan={"intervention": "x", "periods": "broken"},
        )
        calendar = self.fetch(self.alice_feed)
        self.assertEqual(len(calendar.events), 2)

    def test_after_revoke_the_old_token_is_404(self):
        old = self.alice_feed.token
        self.login()
        response = self.client.post(reverse("feeds:calendar_revoke"))
        self.assertRedirects(response, reverse("feeds:calendar"))
        self.alice_feed.refresh_from_db()
        self.assertNotEqual(self.alice_feed.token, old)
        self.assertEqual(Client().get(f"/calendar/{old}.ics").status_code, 404)
        self.fetch(self.alice_feed)
        self.bob_feed.refresh_from_db()
        self.fetch(self.bob_feed)  # bob's link is untouched

    def test_unknown_token_is_404(self):
        self.assertEqual(Client().get("/calendar/not-a-real-token.ics").status_code, 404)
        self.assertEqual(Client().get("/calendar/.ics").status_code, 404)

    def test_revoke_is_post_only(self):
        self.login()
        self.assertEqual(self.client.get(reverse("feeds:calendar_revoke")).status_code, 405)

    def test_changing_times_changes_only_your_own_feed(self):
        self.login(self.bob)
        response = self.client.post(
            reverse("feeds:calendar"), {"bedtime": "21:15", "evening_checkin": "19:45"}
        )
        self.assertRedirects(response, reverse("feeds:calendar"))
        self.bob_feed.refresh_from_db()
        self.alice_feed.refresh_from_db()
        self.assertEqual(
            (self.bob_feed.bedtime, self.bob_feed.evening_checkin), (time(21, 15), time(19, 45))
        )
        self.assertEqual(
            (self.alice_feed.bedtime, self.alice_feed.evening_checkin), (time(22, 0), time(21, 0))
        )
        # bob revoking revokes bob's link, never alice's
        alice_token = self.alice_feed.token
        self.client.post(reverse("feeds:calendar_revoke"))
        self.alice_feed.refresh_from_db()
        self.assertEqual(self.alice_feed.token, alice_token)
        self.fetch(self.alice_feed)

    def test_bad_time_is_refused_with_a_message(self):
        self.login()
        response = self.client.post(
            reverse("feeds:calendar"), {"bedtime": "25:00", "evening_checkin": "21:00"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Bedtime: enter a time such as 22:00.", status_code=400)
        self.alice_feed.refresh_from_db()
        self.assertEqual(self.alice_feed.bedtime, time(22, 0))

    def test_forged_posts_without_csrf_token_are_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        old = self.alice_feed.token
        response = client.post(
            reverse("feeds:calendar"), {"bedtime": "01:00", "evening_checkin": "02:00"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(client.post(reverse("feeds:calendar_revoke")).status_code, 403)
        self.alice_feed.refresh_from_db()
        self.assertEqual((self.alice_feed.token, self.alice_feed.bedtime), (old, time(22, 0)))

    def test_post_with_the_csrf_token_from_the_page_works(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        client.get(reverse("feeds:calendar"))
        token = client.cookies["csrftoken"].value
        response = client.post(reverse("feeds:calendar_revoke"), {"csrfmiddlewaretoken": token})
        self.assertEqual(response.status_code, 302)
