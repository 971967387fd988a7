"""Sign-in throttling: too many failures for a username or from an address -> refuse a while.

Counts live in Django's cache (locmem by default; a shared cache in a multi-process
deployment). A success clears the username's count, never the address's.
"""

from __future__ import annotations

from django.core.cache import cache

MAX_FAILURES = 5  # for one username, from anywhere
MAX_ADDRESS_FAILURES = 20  # from one address: a home or clinic network shares one
WINDOW_SECONDS = 15 * 60
REFUSED_MESSAGE = (
    "Too many failed sign-ins for this account or from this network. "
    "Please wait 15 minutes, then try again."
)


def _limits(username: str, address: str) -> list[tuple[str, int]]:
    """(cache key, failures allowed) for the address and, if given, the username."""
    limits = [(f"signin-fail:ip:{address or 'unknown'}", MAX_ADDRESS_FAILURES)]
    if username:
        limits.append((f"signin-fail:user:{username.strip().lower()}", MAX_FAILURES))
    return limits


def is_locked(username: str, address: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _limits(username, address))


def record_failure(username: str, address: str) -> None:
    for key, _ in _limits(username, address):
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
