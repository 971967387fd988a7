"""Finding a time zone on the account page without a list of 600 zones in it.

The page carries the current zone, the zones the person's cramps were logged in and a
search; /accounts/zones/?q= answers it, as JSON for the page's script and as a page of
choices without JavaScript, by city, country, region or an old name, at most 20 at a time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from nightcramp.diary import store
from nightcramp.diary.models import Profile
from tests.base import BaseTestCase

JSON = {"HTTP_ACCEPT": "application/json"}


class FindATimeZoneTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        Profile.objects.create(user=self.alice, time_zone="Europe/Paris")
        self.login()

    def found(self, query: str) -> list[str]:
        response = self.client.get("/accounts/zones/", {"q": query}, **JSON)
        self.assertEqual(response.status_code, 200)
        return [r["zone"] for r in response.json()["results"]]

    def test_the_account_page_no_longer_lists_every_zone(self) -> None:
        page = self.client.get("/accounts/")
        html = page.content.decode()
        self.assertLess(len(page.content), 12_000)
        self.assertNotIn("<option", html)
        self.assertIn("Paris, France", html)  # the current zone, said as a place
        self.assertIn('id="zone-device" data-account-zone="Europe/Paris"', html)  # for the script
        self.assertIn('action="/accounts/zones/"', html)

    def test_search_by_city_country_region_and_old_names_any_case(self) -> None:
        self.assertEqual(self.found("kolk"), ["Asia/Kolkata"])
        self.assertEqual(self.found("KOLKATA"), ["Asia/Kolkata"])
        self.assertEqual(self.found("Calcutta"), ["Asia/Kolkata"])  # the zone's old name
        self.assertEqual(self.found("mumbai"), ["Asia/Kolkata"])  # a city of that zone
        self.assertEqual(self.found("India")[0], "Asia/Kolkata")  # the country
        self.assertEqual(self.found("par")[0], "Europe/Paris")
        self.assertEqual(self.found("são paulo"), ["America/Sao_Paulo"])  # accents ignored
        self.assertEqual(self.found("new york"), ["America/New_York"])
        self.assertIn("America/New_York", self.found("us/eastern"))
        self.assertEqual(self.found("asia/tok"), ["Asia/Tokyo"])
        self.assertEqual(self.found("amsterdam"), ["Europe/Amsterdam"])

    def test_the_answer_names_each_zone_its_place_and_offset(self) -> None:
        body = self.client.get("/accounts/zones/", {"q": "kolk"}, **JSON).json()
        self.assertEqual(
            body,
            {
                "query": "kolk",
                "results": [
                    {"zone": "Asia/Kolkata", "label": "Kolkata, India", "offset": "UTC+05:30"}
                ],
                "more": False,
                "message": "1 time zone matches “kolk”.",
            },
        )

    def test_at_most_twenty_and_it_says_there_are_more(self) -> None:
        body = self.client.get("/accounts/zones/", {"q": "america"}, **JSON).json()
        self.assertEqual(len(body["results"]), 20)
        self.assertTrue(body["more"])
        self.assertIn("type more to narrow them", body["message"])

    def test_too_short_and_unknown_queries_say_so(self) -> None:
        self.assertEqual(self.found("p"), [])
        self.assertEqual(self.found("zzzz"), [])
        page = self.client.get("/accounts/zones/", {"q": "zzzz"})
        self.assertContains(page, "No time zone matches “zzzz”")
        page = self.client.get("/accounts/zones/", {"q": "<script>"})
        self.assertNotContains(page, "<script>alert")
        self.assertContains(page, "“&lt;script&gt;”")

    def test_without_javascript_results_are_a_page_of_buttons_that_save(self) -> None:
        page = self.client.get("/accounts/zones/", {"q": "kolk"})
        self.assertContains(page, "1 time zone matches “kolk”.")
        self.assertContains(page, '<button type="submit" name="time_zone" value="Asia/Kolkata">')
        self.assertContains(page, 'action="/accounts/" id="zone-results"')
        self.assertContains(page, 'value="kolk"')  # the search box keeps what was typed
        response = self.client.post("/accounts/", {"time_zone": "Asia/Kolkata"})
        self.assertRedirects(response, "/accounts/", fetch_redirect_response=False)
        self.assertEqual(Profile.objects.get(user=self.alice).time_zone, "Asia/Kolkata")

    def test_zones_of_past_cramps_are_suggested(self) -> None:
        for zone, day in (("America/Chicago", 1), ("Asia/Tokyo", 2), ("Europe/Paris", 3)):
            store.record_episode(
                self.alice,
                occurred_at=datetime(2026, 3, day, 23, tzinfo=UTC),
                zone=ZoneInfo(zone),
            )
        store.record_episode(self.bob, zone=ZoneInfo("Africa/Lagos"))
        html = self.client.get("/accounts/").content.decode()
        suggested = html[html.index('id="zone-suggested"') : html.index('id="zone-search"')]
        self.assertNotIn('zone-suggested" hidden', html)
        self.assertLess(suggested.index("Asia/Tokyo"), suggested.index("America/Chicago"))
        self.assertNotIn('value="Europe/Paris"', suggested)  # the current one is not suggested
        self.assertNotIn("Lagos", html)  # bob's zones are bob's

    def test_search_needs_sign_in(self) -> None:
        self.client.logout()
        response = self.client.get("/accounts/zones/", {"q": "kolk"}, **JSON)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.assertEqual(self.client.post("/accounts/zones/", {"q": "kolk"}).status_code, 302)
        self.login()
        self.assertEqual(self.client.post("/accounts/zones/", {"q": "kolk"}).status_code, 405)
