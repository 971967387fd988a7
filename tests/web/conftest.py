"""Web tests: a fast password hasher (Argon2 is deliberately slow), fresh throttle counts."""

from __future__ import annotations

import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Only for tests; production keeps Argon2 (see test_password_storage.py)."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
