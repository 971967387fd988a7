"""Sign-in throttling: too many failures for a username or from an address -> refuse a while.

Counts live in Django's cache (locmem by default; a shared cache in a multi-process
deployment). A success clears the username's count, never the address's.
"""

from __future__ import annotations

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
REFUSED_MESSAGE = (
    "Too many failed sign-ins for this account or from this network. "
    "Please wait 15 minutes, then try again."
)


def _keys(username: str, address: str) -> list[str]:
    keys = [f"signin-fail:ip:{address or 'unknown'}"]
    if username:
        keys.append(f"signin-fail:user:{username.strip().lower()}")
    return keys


def is_locked(username: str, address: str) -> bool:
    return any((cache.get(k) or 0) >= MAX_FAILURES for k in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        if cache.add(key, 1, WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


def clear_user(username: str) -> None:
    cache.delete(f"signin-fail:user:{username.strip().lower()}")


def client_address(request) -> str:
    """The peer address. Behind a proxy, configure it to set REMOTE_ADDR (we trust nothing else)."""
    return request.META.get("REMOTE_ADDR", "")
