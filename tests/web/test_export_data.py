"""Downloading everything: a JSON attachment with the person's data and nobody else's."""

from __future__ import annotations

import json
from datetime import date

from nightcramp.diary import store
from tests.base import BaseTestCase


class ExportDataTest(BaseTestCase):
    def test_download_all_my_data(self) -> None:
        store.morning_checkin(self.alice, date(2026, 2, 1), 3, soreness=4)
        store.morning_checkin(self.bob, date(2026, 2, 2), 9)
        self.login()
        response = self.client.get("/accounts/export.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn(".json", response["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual([n["night"] for n in data["nights"]], ["2026-02-01"])
        self.assertEqual(data["nights"][0]["cramps"], 3)
        self.assertNotIn("2026-02-02", response.content.decode())

    def test_needs_sign_in(self) -> None:
        response = self.client.get("/accounts/export.json")
        self.assertEqual(response.status_code, 302)
