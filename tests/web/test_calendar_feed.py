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
        self.assertEqual(len(calendar.events), 3)  # bedtime, evening and morning check-in

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


class CalendarFeedRevisionTests(BaseTestCase):
    """HEAD, SEQUENCE/LAST-MODIFIED from the stored revision, the morning reminder, and a
    feed that says which zone it uses when the person has not chosen one."""

    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="Europe/London")
        self.feed = CalendarFeed.objects.create(user=self.alice)

    def events(self, feed: CalendarFeed) -> dict[str, object]:
        response = Client().get(ics_url(feed))
        self.assertEqual(response.status_code, 200)
        calendar = Calendar.from_ical(response.content)
        return {str(e["summary"]): e for e in calendar.events}

    def test_head_answers_like_get_without_a_body(self):
        response = Client().head(ics_url(self.feed))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        self.assertEqual(response.content, b"")
        self.assertEqual(Client().head("/calendar/not-a-token.ics").status_code, 404)

    def test_changing_a_time_changes_sequence_and_last_modified(self):
        before = self.events(self.feed)["Bedtime stretching routine"]
        self.assertEqual(before["sequence"], 0)
        self.assertNotIn("last-modified", before)
        self.login()
        saved = {"bedtime": "22:45", "evening_checkin": "21:00", "morning_checkin": "07:30"}
        self.client.post(reverse("feeds:calendar"), saved)
        self.feed.refresh_from_db()
        after = self.events(self.feed)
        bedtime = after["Bedtime stretching routine"]
        self.assertEqual(bedtime["sequence"], 1)
        self.assertEqual(bedtime.decoded("dtstart").time(), time(22, 45))
        self.assertEqual(
            bedtime.decoded("last-modified"), self.feed.modified_at.replace(microsecond=0)
        )
        self.assertEqual(after["Evening check-in"]["sequence"], 1)
        self.client.post(reverse("feeds:calendar"), saved)  # the same times: no new revision
        self.feed.refresh_from_db()
        self.assertEqual(self.feed.revision, 1)
        self.assertEqual(self.events(self.feed)["Bedtime stretching routine"]["sequence"], 1)

    def test_the_morning_check_in_has_its_own_reminder(self):
        morning = self.events(self.feed)["Morning check-in"]
        start = morning.decoded("dtstart")
        self.assertEqual((start.time(), str(start.tzinfo)), (time(7, 30), "Europe/London"))
        self.assertIn("counts as unknown", str(morning["description"]))
        self.login()
        self.client.post(
            reverse("feeds:calendar"),
            {"bedtime": "22:00", "evening_checkin": "21:00", "morning_checkin": "06:50"},
        )
        self.feed.refresh_from_db()
        self.assertEqual(self.feed.morning_checkin, time(6, 50))
        later = self.events(self.feed)["Morning check-in"].decoded("dtstart")
        self.assertEqual(later.time(), time(6, 50))

    def test_without_a_chosen_zone_the_feed_says_which_zone_and_the_page_asks(self):
        bob_feed = CalendarFeed.objects.create(user=self.bob)  # bob never chose a zone
        response = Client().get(ics_url(bob_feed))
        calendar = Calendar.from_ical(response.content)
        self.assertEqual(str(calendar["x-wr-calname"]), "nightcramp reminders (UTC)")
        self.assertIn("No time zone is set", str(calendar["x-wr-caldesc"]))
        for event in calendar.events:
            if event.get("rrule"):
                self.assertIn("these times are in UTC", str(event["description"]))
        self.login(self.bob)
        page = self.client.get(reverse("feeds:calendar")).content.decode()
        self.assertIn("You have not chosen a time zone", page)
        self.assertIn('name="time_zone"', page)
        self.client.post(
            reverse("feeds:calendar"),
            {
                "bedtime": "22:00",
                "evening_checkin": "21:00",
                "morning_checkin": "07:30",
                "time_zone": "Asia/Tokyo",
            },
        )
        self.assertEqual(Profile.objects.get(user=self.bob).time_zone, "Asia/Tokyo")
        bob_feed.refresh_from_db()
        self.assertEqual(bob_feed.revision, 1)  # the times moved: calendars must notice
        content = Client().get(ics_url(bob_feed)).content
        calendar = Calendar.from_ical(content)
        self.assertEqual(str(calendar["x-wr-calname"]), "nightcramp reminders (Asia/Tokyo)")
        self.assertNotIn(b"No time zone", content)
        page = self.client.get(reverse("feeds:calendar")).content.decode()
        self.assertNotIn("You have not chosen a time zone", page)
