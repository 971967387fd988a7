"""Installable (manifest, icons) and the theme toggle."""

from __future__ import annotations

import json
from pathlib import Path

from django.test import Client

import nightcramp.web
from tests.base import BaseTestCase

STATIC = Path(nightcramp.web.__file__).parent / "static"


class InstallTest(BaseTestCase):
    def test_manifest_names_the_app_and_its_icons(self) -> None:
        response = self.client.get("/manifest.webmanifest")
        self.assertEqual(response["Content-Type"], "application/manifest+json")
        data = json.loads(response.content)
        self.assertEqual((data["start_url"], data["display"]), ("/", "standalone"))
        sizes = {icon["sizes"] for icon in data["icons"]}
        self.assertTrue({"192x192", "512x512"} <= sizes)
        from PIL import Image

        for icon in data["icons"]:
            path = STATIC / icon["src"].split("/static/", 1)[1]
            with Image.open(path) as image:
                self.assertEqual(f"{image.width}x{image.height}", icon["sizes"])

    def test_service_worker_is_served_from_the_root_and_caches_no_page(self) -> None:
        response = self.client.get("/sw.js")
        self.assertEqual(response["Content-Type"], "text/javascript")
        self.assertEqual(response["Service-Worker-Allowed"], "/")
        body = response.content.decode()
        self.assertIn('addEventListener("fetch"', body)
        # only the script and the style are cached (no page: health data stays off the disk)
        self.assertIn('const APP_JS = "/static/web/app.js";', body)
        self.assertIn("const STATIC = [APP_JS, APP_CSS];", body)
        self.assertEqual(body.count("cache.addAll("), 1)
        self.assertIn('request.method === "GET" && STATIC.includes(url.pathname)', body)

    def test_pages_link_the_manifest(self) -> None:
        page = self.client.get("/accounts/login/")
        self.assertContains(page, 'rel="manifest" href="/manifest.webmanifest"')
        self.assertContains(page, 'name="viewport"')


class ThemeTest(BaseTestCase):
    def test_toggle_cycles_auto_dark_light(self) -> None:
        self.login()
        seen = []
        for _ in range(3):
            response = self.client.post("/accounts/theme/", {"next": "/dashboard/"})
            self.assertRedirects(response, "/dashboard/")
            seen.append(self.client.session["theme"])
        self.assertEqual(seen, ["dark", "light", "auto"])
        self.client.post("/accounts/theme/", {"theme": "light"})
        page = self.client.get("/dashboard/")
        self.assertContains(page, '<html lang="en" class="theme-light" data-theme="light">')

    def test_no_open_redirect(self) -> None:
        response = self.client.post("/accounts/theme/", {"next": "//evil.example/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_forged_post_without_csrf_is_refused(self) -> None:
        self.assertEqual(Client(enforce_csrf_checks=True).post("/accounts/theme/").status_code, 403)


class PrivatePagesTest(BaseTestCase):
    def test_signed_in_pages_are_not_cached(self) -> None:
        self.login()
        for url in ("/", "/dashboard/", "/checkins/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url)["Cache-Control"], "private, no-store")
        self.assertIn("public", self.client.get("/manifest.webmanifest")["Cache-Control"])
