"""The GSM 03.38 7-bit alphabet that SMS uses: which text fits, and how long it is.

A message in this alphabet fits 160 characters in one SMS and 153 per part when split; a single
character outside it switches the whole message to UCS-2 (70 per part). So SMS answers stay inside
it, and 459 characters (3 parts) at most.
"""

from __future__ import annotations

# The basic character set (one septet each), line feed and carriage return included.
BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs two septets (an escape and the character).
EXTENDED = frozenset("^{}\\[~]|€\f")
MAX_SMS_CHARS = 459  # three concatenated parts of 153

# Typographic characters with a plain GSM-7 equivalent.
REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u2026": "...", "\u2022": "-", "\u00b7": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "\u00ae": "(R)", "\u2122": "(TM)", "\u00a9": "(c)", "\u00e1": "a", "\u00ed": "i",
    "\u00f3": "o", "\u00fa": "u", "\u00e7": "c", "\u00ea": "e", "\u00e2": "a", "\u00f4": "o",
}  # fmt: skip


def is_gsm7(text: str) -> bool:
    """True when every character of ``text`` is in the GSM-7 alphabet."""
    return all(char in BASIC or char in EXTENDED for char in text)


def gsm7_length(text: str) -> int:
    """Length in septets: extension characters count twice."""
    return sum(2 if char in EXTENDED else 1 for char in text)


def to_gsm7(text: str) -> str:
    """``text`` with typographic characters made plain and anything else outside GSM-7 dropped.

    A safety net for text that did not come from the domain's SMS variants (tests keep those
    within GSM-7 already).
    """
    plain = "".join(REPLACEMENTS.get(char, char) for char in text)
    return "".join(char for char in plain if char in BASIC or char in EXTENDED)
