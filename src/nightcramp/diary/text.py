"""Safe text for names a person gives (medicines, conditions, factors), plain Python.

Two rules, applied at input everywhere (web forms, CLI, CSV and JSON imports):

- Bidirectional control characters are removed from names: a U+202E in a condition would
  otherwise reverse every character after it on the page, in the PDF and in exports.
  They carry no meaning in a name; letters of right-to-left scripts are kept.
- A factor name, which becomes a column of the diary CSV, may not begin with a character a
  spreadsheet reads as the start of a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
  return). Such names are refused when the factor is created, so the CSV round trip stays
  lossless; a name stored before this rule is written out neutralised (see
  :func:`csv_safe`).
"""

from __future__ import annotations

import re

# U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F marks,
# U+061C the Arabic letter mark.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def without_bidi_controls(text: str) -> str:
    """The text with every bidirectional control character removed."""
    return BIDI_CONTROLS.sub("", text)


def clean_name(text: str) -> str:
    """A name as given, without bidi control characters or surrounding spaces."""
    return without_bidi_controls(text).strip()


def formula_problem(name: str) -> str | None:
    """Why a factor name could run as a spreadsheet formula in the CSV, or None."""
    if name.startswith(FORMULA_STARTS):
        shown = {"\t": "a tab", "\r": "a carriage return"}.get(name[0], f"'{name[0]}'")
        return (
            f"a factor name may not begin with {shown}: a spreadsheet would run the CSV "
            "column as a formula"
        )
    return None


def csv_safe(cell: str) -> str:
    """A text cell a spreadsheet will not execute: one beginning with a formula character
    gets a leading apostrophe (as spreadsheets themselves write it). Only names stored
    before such names were refused can need it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
