"""Password guessing throttle, by username and address together (django-axes' "username+ip").

Every check of a typed password counts: signing in, and the re-entry that changing the
password, changing the email address or deleting the account asks for.

- ``MAX_FAILURES`` wrong passwords for one username from one address refuse that pair for
  ``WINDOW_SECONDS``: the guesser is blocked, while the owner, from their own address,
  still signs in with the right password. Failures from anywhere never lock an account.
- ``MAX_ADDRESS_FAILURES`` failures from one address, whatever the usernames, refuse that
  address: one machine cannot spray guesses over many accounts. A home or a clinic shares
  one address, so this limit is higher.
- A right password clears its own username+address count, never the address's.

Counts live in Django's cache (locmem by default; a shared cache, NIGHTCRAMP_CACHE_DIR, when
several processes serve). Keys are hashes: no username or address is written to the cache.
"""

from __future__ import annotations

import hashlib
import unicodedata

from django.conf import settings
from django.core.cache import cache

MAX_FAILURES = 5  # one username from one address
MAX_ADDRESS_FAILURES = 20  # one address, any usernames
WINDOW_SECONDS = 15 * 60
REFUSED_MESSAGE = (
    "Too many failed sign-ins for this account from this network. "
    "Please wait 15 minutes, then try again."
)
REENTRY_REFUSED_MESSAGE = (
    "Too many wrong passwords for this account from this network. Nothing was changed. "
    "Please wait 15 minutes, then try again."
)


def normal_username(username: str) -> str:
    """The form every spelling of one username shares: sign-in ignores case."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]
    return f"pw-fail:{kind}:{digest}"


def _limits(username: str, address: str) -> list[tuple[str, int]]:
    """(cache key, failures allowed) for the address and, if given, username+address."""
    address = address or "unknown"
    limits = [(_key("ip", address), MAX_ADDRESS_FAILURES)]
    if normal_username(username):
        limits.append((_key("user+ip", normal_username(username), address), MAX_FAILURES))
    return limits


def is_locked(username: str, address: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _limits(username, address))


def _bump(key: str) -> int:
    """Add one to a count that lives WINDOW_SECONDS from its first event; the new count."""
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def record_failure(username: str, address: str) -> None:
    for key, _ in _limits(username, address):
        _bump(key)


def within_limit(kind: str, value: str, limit: int) -> bool:
    """Count one more event of this kind for this value (an address, an email address);
    False once there were more than ``limit`` in the window."""
    return _bump(_key(kind, value)) <= limit


def record_success(username: str, address: str) -> None:
    cache.delete(_key("user+ip", normal_username(username), address or "unknown"))


def client_address(request) -> str:
    """The address a request came from: the peer (REMOTE_ADDR), or, behind
    ``NIGHTCRAMP_PROXY_COUNT`` reverse proxies, the address the outermost proxy saw: that
    many entries from the right of X-Forwarded-For (entries further left come from the
    client and are not trusted)."""
    if request is None:
        return ""
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NIGHTCRAMP_PROXY_COUNT
    if proxies <= 0:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-proxies] if len(hops) >= proxies else peer
