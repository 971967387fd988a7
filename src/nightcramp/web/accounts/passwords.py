"""A password validator beside Django's: characters you cannot see do not count.

Django's validators accept eight spaces, eight zero-width spaces, or the app's own name.
Here a password needs ``min_length`` characters that show: spaces of every kind, zero-width
and other format characters, controls, and the blank "filler" letters count for nothing.
The app's name counts for nothing either, and a common password stays common with
invisible characters added.
"""

from __future__ import annotations

import unicodedata
from functools import cached_property

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

# Space and line separators, controls, format characters (zero-width space and joiners,
# word joiner, byte-order mark, soft hyphen, direction marks), surrogates, unassigned.
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Cn"})
# Letters and marks that draw nothing: Hangul fillers, the combining grapheme joiner,
# Khmer inherent vowels, Mongolian variation selectors, the blank Braille pattern.
BLANK_CHARACTERS = frozenset(
    "\u115f\u1160\u3164\uffa0\u034f\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u2800"
)
PRODUCT_NAME = "nightcramp"


def is_invisible(character: str) -> bool:
    return (
        unicodedata.category(character) in INVISIBLE_CATEGORIES
        or character in BLANK_CHARACTERS
        or "\ufe00" <= character <= "\ufe0f"  # variation selectors
        or "\U000e0100" <= character <= "\U000e01ef"
    )


def visible_characters(password: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", password) if not is_invisible(c))


class VisibleCharactersValidator:
    def __init__(self, min_length: int = 8, product_name: str = PRODUCT_NAME) -> None:
        self.min_length = min_length
        self.product_name = product_name.casefold()

    @cached_property
    def common(self) -> CommonPasswordValidator:
        return CommonPasswordValidator()

    def validate(self, password: str, user=None) -> None:
        visible = visible_characters(password)
        if not visible:
            raise ValidationError(
                "This password is only spaces or invisible characters. "
                "Please choose one with characters you can see.",
                code="password_invisible",
            )
        if len(visible) < self.min_length:
            raise ValidationError(
                "This password has only %(count)d characters you can see; it needs at least "
                "%(min_length)d (spaces and invisible characters do not count).",
                code="password_too_few_visible",
                params={"count": len(visible), "min_length": self.min_length},
            )
        folded = visible.casefold()
        if self.product_name in folded and (
            len(folded.replace(self.product_name, "")) < self.min_length
        ):
            raise ValidationError(
                "This password is built on the app's name, “%(name)s”, which is the first "
                "thing a guesser tries. Please choose another.",
                code="password_product_name",
                params={"name": PRODUCT_NAME},
            )
        if visible != password:
            self.common.validate(visible)

    def get_help_text(self) -> str:
        return (
            f"Your password needs at least {self.min_length} characters you can see, and "
            f"must not be built on the app's name, “{PRODUCT_NAME}”."
        )
