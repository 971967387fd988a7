"""The cramp screen's "What helped?" takes several answers.

Each button says whether its own answer helped; pressing one never takes another away, a
repeated tap cannot undo itself, and it all works as plain forms (redirect back) and for
the script (JSON). A forged answer changes nothing and says why; bob cannot reach alice's
cramp. The morning edit form ticks as many as helped.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from nightcramp.diary import store
from nightcramp.diary.models import Episode
from tests.base import BaseTestCase


class WhatHelpedSeveralTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.episode = store.record_episode(self.alice)
        self.url = f"/episodes/{self.episode.pk}/quick/"

    def tap(self, value: str, helped: str | None = None, **kwargs):
        data = {"field": "relieved_by", "value": value}
        if helped is not None:
            data["helped"] = helped
        return self.client.post(self.url, data, **kwargs)

    def answers(self) -> list[str]:
        return Episode.objects.get(pk=self.episode.pk).relieved_by

    def pressed(self) -> list[str]:
        page = self.client.get(f"/episodes/{self.episode.pk}/").content.decode()
        group = page[page.index('id="relief-q"') :]
        button = r'name="value" value="(\w+)">[^>]*>\s*<button [^>]*aria-pressed="true"'
        return re.findall(button, group)

    def test_stretching_then_massage_keeps_both_in_order(self) -> None:
        self.login()
        self.assertRedirects(self.tap("stretching", "yes"), f"/episodes/{self.episode.pk}/")
        self.assertRedirects(self.tap("massage", "yes"), f"/episodes/{self.episode.pk}/")
        self.assertEqual(self.answers(), ["stretching", "massage"])
        self.assertEqual(sorted(self.pressed()), ["massage", "stretching"])

    def test_a_pressed_answer_offers_to_take_itself_back(self) -> None:
        self.login()
        self.tap("stretching", "yes")
        self.tap("massage", "yes")
        page = self.client.get(f"/episodes/{self.episode.pk}/").content.decode()
        self.assertIn(
            'value="massage"><input type="hidden" name="helped" value="no">'
            '<button type="submit" aria-pressed="true">',
            page,
        )
        self.tap("stretching", "no")
        self.assertEqual(self.answers(), ["massage"])
        self.assertEqual(self.pressed(), ["massage"])

    def test_a_repeated_tap_changes_nothing(self) -> None:
        self.login()
        for _ in range(2):
            self.tap("heat", "yes")
        self.assertEqual(self.answers(), ["heat"])
        for _ in range(2):
            self.tap("heat", "no")
        self.assertEqual(self.answers(), [])

    def test_a_tap_from_an_older_page_adds_its_answer(self) -> None:
        self.login()
        self.tap("walking")  # no "helped": the form of a page loaded before this change
        self.tap("massage")
        self.assertEqual(self.answers(), ["walking", "massage"])

    def test_the_script_gets_every_answer_back(self) -> None:
        self.login()
        self.tap("stretching", "yes")
        response = self.tap("massage", "yes", headers={"Accept": "application/json"})
        body = response.json()
        self.assertEqual(body["relieved_by"], ["stretching", "massage"])
        self.assertEqual(body["message"], "Saved: what helped: Stretching, Massage")

    def test_a_forged_answer_is_refused_and_changes_nothing(self) -> None:
        self.login()
        self.tap("stretching", "yes")
        for value, helped in [("prayer", "yes"), ("massage", "maybe"), ("", "yes")]:
            response = self.tap(value, helped, follow=True)
            self.assertContains(response, "Could not save")
        response = self.tap("massage", "perhaps", headers={"Accept": "application/json"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json()["error"], "Could not save: “perhaps” is not yes or no for what helped."
        )
        self.assertEqual(self.answers(), ["stretching"])

    def test_bob_cannot_answer_for_alices_cramp(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.tap("massage", "yes").status_code, 404)
        self.assertEqual(self.client.get(f"/episodes/{self.episode.pk}/").status_code, 404)
        self.assertEqual(self.answers(), [])

    def test_the_edit_form_ticks_several_and_keeps_their_order(self) -> None:
        self.login()
        self.tap("massage", "yes")
        edit = f"/episodes/{self.episode.pk}/edit/"
        page = self.client.get(edit)
        self.assertContains(page, 'type="checkbox" name="relieved_by" value="massage"')
        when = self.episode.local_time.strftime("%Y-%m-%dT%H:%M")
        form = {"occurred_at": when, "woke": "", "relieved_by": ["stretching", "massage"]}
        self.assertRedirects(self.client.post(edit, form), "/checkins/")
        self.assertEqual(self.answers(), ["massage", "stretching"])
        response = self.client.post(edit, {**form, "relieved_by": ["massage", "prayer"]})
        self.assertContains(response, "What relieved it: prayer is not one of the answers.")
        self.assertEqual(self.answers(), ["massage", "stretching"])

    def test_a_remembered_cramp_takes_several_answers(self) -> None:
        self.login()
        last = store.morning_checkin(self.alice, date(2026, 5, 9), 0)
        self.at_time(datetime(2026, 5, 10, 20, 0, tzinfo=UTC))
        form = {"occurred_at": "2026-05-10T02:20", "relieved_by": ["heat", "walking"]}
        self.assertRedirects(
            self.client.post(f"/nights/{last.pk}/add-cramp/", form),
            f"/nights/{last.pk}/morning/",
        )
        added = Episode.objects.get(user=self.alice, night=last)
        self.assertEqual(added.relieved_by, ["heat", "walking"])

    def test_bob_cannot_edit_alices_answers(self) -> None:
        self.login(self.bob)
        edit = f"/episodes/{self.episode.pk}/edit/"
        response = self.client.post(edit, {"relieved_by": ["massage"]})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.answers(), [])
