"""Passwords made of nothing you can see, or of the app's own name, are refused.

Before, Django's validators alone accepted "        " (8 spaces), eight zero-width spaces
and "nightcramp". Django's own validators still apply beside the new one.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from nightcramp.web.accounts.passwords import visible_characters
from tests.base import PASSWORD, BaseTestCase

INVISIBLE = {
    "8 spaces": " " * 8,
    "8 zero-width spaces": "\u200b" * 8,
    "no-break and ideographic spaces": "\u00a0\u3000" * 4,
    "tabs and newlines": "\t\n" * 4,
    "joiners, word joiner, byte-order mark, soft hyphen": "\u200c\u200d\u2060\ufeff\u00ad" * 2,
    "direction marks": "\u200e\u200f\u202a\u202c" * 2,
    "Hangul fillers and blank Braille": "\u3164\u115f\u2800\uffa0" * 2,
}
REFUSED = {
    **INVISIBLE,
    "the app's name": "nightcramp",
    "the app's name in capitals with a year": "NightCramp2024",
    "the app's name padded with zero-width spaces": "night\u200bcramp\u200b!",
    "one visible character among spaces": "a" + " " * 11,
    "a common password behind zero-width spaces": "\u200bpassword123\u200b",
}
ACCEPTED = {
    "a passphrase with spaces": "correct horse battery staple",
    "the app's name inside a long passphrase": "my nightcramp diary of calf pain",
    "letters beyond ASCII": "Ñandú jalapeño 42",
}


@pytest.mark.parametrize("password", REFUSED.values(), ids=REFUSED.keys())
def test_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted(password: str) -> None:
    validate_password(password)


@pytest.mark.parametrize("password", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_characters_leave_nothing(password: str) -> None:
    assert visible_characters(password) == ""


def test_djangos_own_rules_still_apply() -> None:
    for password in ("short1", "12345678901", "password123"):
        with pytest.raises(ValidationError):
            validate_password(password)


class PasswordRulesThroughThePagesTest(BaseTestCase):
    def sign_up(self, password: str):
        return self.client.post(
            "/accounts/signup/",
            {"username": "nora", "password1": password, "password2": password},
        )

    def test_sign_up_refuses_eight_spaces(self) -> None:
        response = self.sign_up(" " * 8)
        self.assertContains(response, "only spaces or invisible characters")
        self.assertFalse(get_user_model().objects.filter(username="nora").exists())

    def test_sign_up_refuses_eight_zero_width_spaces(self) -> None:
        response = self.sign_up("\u200b" * 8)
        self.assertContains(response, "only spaces or invisible characters")
        self.assertFalse(get_user_model().objects.filter(username="nora").exists())

    def test_sign_up_refuses_the_apps_name(self) -> None:
        response = self.sign_up("nightcramp")
        self.assertContains(response, "built on the app")
        self.assertFalse(get_user_model().objects.filter(username="nora").exists())

    def test_sign_up_accepts_a_good_passphrase(self) -> None:
        self.assertRedirects(self.sign_up("night cramp tester 2468"), "/")
        self.assertTrue(get_user_model().objects.filter(username="nora").exists())

    def test_change_password_refuses_zero_width_spaces(self) -> None:
        self.login()
        new = "\u200b" * 8
        response = self.client.post(
            "/accounts/password/",
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        self.assertContains(response, "only spaces or invisible characters")
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.check_password(PASSWORD))
