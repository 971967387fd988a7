"""Passwords are stored with Argon2 in the real settings (tests swap in a fast hasher)."""

from __future__ import annotations

import importlib


def test_argon2_is_the_default_hasher() -> None:
    settings_module = importlib.import_module("nightcramp.web.settings")
    assert settings_module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
