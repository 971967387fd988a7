"""Show every time in the person's own time zone (templates convert aware datetimes)."""

from __future__ import annotations

from django.utils import timezone

from nightcramp.diary.store import user_zone


class UserTimeZoneMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user_zone(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
