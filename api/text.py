"""Text as the service keeps it: Unicode NFC, and no control characters.

A name or code that looks the same is stored the same (NFC), and characters that
hide or reorder text (bidi overrides, zero-width marks), or that a database
refuses (NUL, lone surrogates), never get in. Free text may keep line breaks and tabs.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# Format characters that reorder or hide text; the joiners emoji sequences need are allowed.
HIDING = set(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)
REFUSED_CATEGORIES = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}
FREE_TEXT_ALLOWED = {"\n", "\t"}


def to_nfc(value: Any) -> Any:
    """Before length checks: the stored form is what is measured (and CRLF is one line break)."""
    if not isinstance(value, str):
        return value
    try:
        return unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    except UnicodeError:  # pragma: no cover - normalize accepts any str
        return value


def _refuse_controls(value: str, allowed: set[str]) -> str:
    for char in value:
        if char not in allowed and (
            char in HIDING or unicodedata.category(char) in REFUSED_CATEGORIES
        ):
            raise ValueError(
                f"control or invisible character U+{ord(char):04X} is not allowed"
            )
    return value


def single_line(value: str) -> str:
    return _refuse_controls(value, set())


def multi_line(value: str) -> str:
    return _refuse_controls(value, FREE_TEXT_ALLOWED)
