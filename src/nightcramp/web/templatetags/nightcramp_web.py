"""Template helpers for every page: the theme (manual choice, then clock, then device)."""

from __future__ import annotations

import re

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def theme_class(context) -> str:
    """``theme-dark``/``theme-light`` when chosen or night-time; empty = follow the device.

    A manual choice wins. Otherwise, at night (21:00-07:00 in the person's zone) every
    page is dark so a phone checked at 3 a.m. does not glare.
    """
    request = context.get("request")
    if request is None:
        return ""
    chosen = request.session.get("theme", "auto") if hasattr(request, "session") else "auto"
    if chosen in ("dark", "light"):
        return f"theme-{chosen}"
    if context.get("night_mode") or _is_night(request):
        return "theme-dark"
    return ""


@register.simple_tag(takes_context=True)
def theme_choice(context) -> str:
    request = context.get("request")
    session = getattr(request, "session", None)
    return session.get("theme", "auto") if session is not None else "auto"


def _is_night(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    from nightcramp.web.logbook.daytime import is_night_time, local_now

    return is_night_time(local_now(user).time())


# Taps that only make sense as a POST: after signing in again, the person lands on the page
# that holds the button instead of an empty "405 method not allowed" error.
_AFTER_SIGN_IN = [
    (re.compile(r"^/cramp/$"), "/?screen=night"),
    (re.compile(r"^/episodes/(\d+)/quick/$"), r"/episodes/\1/"),
]


@register.filter
def after_sign_in(next_url: str) -> str:
    """Where to go after signing in: ``next`` unless it is a one-tap action (see above)."""
    for pattern, target in _AFTER_SIGN_IN:
        if pattern.match(next_url or ""):
            return pattern.sub(target, next_url)
    return next_url


@register.filter
def interrupted_tap(next_url: str) -> bool:
    """The sign-in page interrupted a tap that saves a cramp or one of its details."""
    return any(pattern.match(next_url or "") for pattern, _ in _AFTER_SIGN_IN)
