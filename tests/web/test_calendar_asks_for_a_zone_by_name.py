"""The calendar page asks a person who has not chosen a time zone for one, by its name (the
page's script fills in the phone's), instead of a list of every zone: the page was 38 KB."""

from __future__ import annotations

from django.urls import reverse

from nightcramp.diary.models import CalendarFeed, Profile
from tests.base import BaseTestCase

TIMES = {"bedtime": "22:00", "evening_checkin": "21:00", "morning_checkin": "07:30"}


class CalendarAsksForAZoneByNameTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login()  # alice has no profile, so no zone

    def test_the_page_has_a_field_not_a_list(self) -> None:
        page = self.client.get(reverse("feeds:calendar"))
        self.assertLess(len(page.content), 12_000)
        self.assertNotContains(page, "<option")
        self.assertContains(page, 'name="time_zone"')
        self.assertContains(page, "data-fill-device-zone")

    def test_a_typed_zone_is_saved_and_moves_the_reminders(self) -> None:
        self.client.post(reverse("feeds:calendar"), {**TIMES, "time_zone": " asia/tokyo"})
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Asia/Tokyo")
        self.assertEqual(CalendarFeed.objects.get(user=self.alice).revision, 1)
        self.assertFalse(Profile.objects.filter(user=self.bob).exists())

    def test_an_unknown_zone_is_refused_by_name_and_changes_nothing(self) -> None:
        response = self.client.post(reverse("feeds:calendar"), {**TIMES, "time_zone": "Moon/Base"})
        self.assertContains(
            response, "“Moon/Base” is not a time zone this server knows", status_code=400
        )
        self.assertFalse(Profile.objects.filter(user=self.alice).exists())
        self.assertEqual(CalendarFeed.objects.get(user=self.alice).revision, 0)

    def test_leaving_it_empty_keeps_the_server_zone_and_says_so(self) -> None:
        self.client.post(reverse("feeds:calendar"), {**TIMES, "bedtime": "22:30"})
        self.assertFalse(Profile.objects.filter(user=self.alice).exclude(time_zone="").exists())
        self.assertContains(self.client.get(reverse("feeds:calendar")), "not chosen a time zone")
