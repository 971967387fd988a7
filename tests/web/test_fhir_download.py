"""Downloading the FHIR bundle from the web app: both bundle types, own data only."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from nightcramp.diary import store
from nightcramp.reports.fhir import episodes_from_fhir_bundle
from tests.base import BaseTestCase


class FhirDownloadTest(BaseTestCase):
    def test_download_a_document_and_a_transaction_bundle(self) -> None:
        store.record_episode(self.alice, datetime(2026, 2, 1, 3, 0, tzinfo=UTC), leg="left")
        store.record_episode(self.bob, datetime(2026, 2, 2, 3, 0, tzinfo=UTC), leg="right")
        self.login()
        for kind in ("document", "transaction"):
            response = self.client.get("/export.fhir.json", {"bundle": kind})
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], "application/fhir+json")
            self.assertIn(f"nightcramp-fhir-{kind}-", response["Content-Disposition"])
            bundle = json.loads(response.content)
            self.assertEqual(bundle["type"], kind)
            (episode,) = episodes_from_fhir_bundle(bundle)
            self.assertEqual(episode["leg"], "left")  # alice's, never bob's

    def test_the_dashboard_links_to_both(self) -> None:
        self.login()
        page = self.client.get("/dashboard/").content.decode()
        self.assertIn('href="/export.fhir.json"', page)
        self.assertIn('href="/export.fhir.json?bundle=transaction"', page)

    def test_an_unknown_bundle_type_is_named(self) -> None:
        self.login()
        response = self.client.get("/export.fhir.json", {"bundle": "collection"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("'bundle' = 'collection'", response.content.decode())

    def test_needs_sign_in(self) -> None:
        self.assertEqual(self.client.get("/export.fhir.json").status_code, 302)
