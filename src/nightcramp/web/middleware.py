"""Per-person request setup: their time zone for every shown time, and no caching of their
pages (health data must not linger in shared or proxy caches)."""

from __future__ import annotations

from django.utils import timezone

from nightcramp.diary.store import remembered_zones, user_zone


class UserTimeZoneMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        with remembered_zones():  # the zone is read once per request, not once per use
            return self._respond(request)

    def _respond(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user_zone(user))
        else:
            timezone.deactivate()
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
