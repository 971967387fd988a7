"""Not found and server errors get the app's own readable pages, not Django's bare ones
(white, unstyled, in the middle of the night)."""

from __future__ import annotations

from django.test import Client, override_settings
from django.urls import path

from nightcramp.diary import store
from nightcramp.web import urls as app_urls
from tests.base import BaseTestCase


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*app_urls.urlpatterns, path("broken/", broken)]


class ErrorPagesTest(BaseTestCase):
    def test_another_persons_cramp_is_a_plain_not_found_page(self) -> None:
        episode = store.record_episode(self.bob)
        self.login()
        response = self.client.get(f"/episodes/{episode.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Nothing here", status_code=404)
        self.assertContains(response, "/static/web/app.css", status_code=404)
        self.assertContains(response, 'aria-label="Main"', status_code=404)
        self.assertNotContains(response, "The requested resource", status_code=404)

    @override_settings(ROOT_URLCONF=__name__)
    def test_a_server_error_says_what_is_safe(self) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(self.alice)
        response = client.get("/broken/")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Something went wrong on our side", status_code=500)
        self.assertContains(response, "What you saved before is safe", status_code=500)
