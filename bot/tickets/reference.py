"""Ticket references: short, readable aloud, with a check character.

A reference looks like ``DMS-K7QM-XP4C``: the fixed prefix, seven random characters and
one check character, 13 characters with dashes. The alphabet leaves out the letters that
are confused with digits or with each other when read aloud or typed on a phone (0/O,
1/I/L, U/V), so a citizen reading a number over the phone is understood. The check
character (Damm's scheme over the 29-symbol alphabet) catches every single wrong character and every
swap of two neighbours, so a mistyped number is reported as mistyped instead of matching
someone else's ticket. 29**7 (about 1.7e10) random values make guessing a valid reference
hopeless, and the check character rejects 28 of 29 guesses before any lookup.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 symbols: no 0 O 1 I L U V
PREFIX = "DMS"
_BODY = 7
_N = len(ALPHABET)
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
_CLEAN = re.compile(r"[\s\-_.#/]+")


def _interim(text: str) -> int:
    """Damm's scheme over the quasigroup x*y = 2x + y (mod 29): 29 is prime and 2 != 1,
    so every single substitution and every swap of neighbours changes the result."""
    value = 0
    for ch in text:
        value = (2 * value + _INDEX[ch]) % _N
    return value


def _check_char(body: str) -> str:
    return ALPHABET[(-2 * _interim(body)) % _N]


def _is_valid_body(body_with_check: str) -> bool:
    return _interim(body_with_check) == 0


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(_BODY))
    full = body + _check_char(body)
    return f"{PREFIX}-{full[:4]}-{full[4:]}"


def normalize(text: str) -> str | None:
    """Canonical form of what a citizen typed, or None when it is not a reference shape.

    Accepts any case, missing or extra dashes/spaces, and the prefix left out.
    """
    raw = _CLEAN.sub("", text.strip().upper())
    # Strip the prefix only when it is there in full: a body may itself begin with "DMS".
    if len(raw) == len(PREFIX) + _BODY + 1 and raw.startswith(PREFIX):
        raw = raw[len(PREFIX) :]
    if len(raw) != _BODY + 1:
        return None
    return f"{PREFIX}-{raw[:4]}-{raw[4:]}"


def check(text: str) -> tuple[str | None, str]:
    """Classify typed text: (canonical reference or None, "ok" | "shape" | "checksum")."""
    canonical = normalize(text)
    if canonical is None:
        return None, "shape"
    body = canonical[len(PREFIX) + 1 :].replace("-", "")
    if any(ch not in _INDEX for ch in body):
        return None, "checksum"  # a confusable character (0, O, 1, I...) is a typo too
    if not _is_valid_body(body):
        return None, "checksum"
    return canonical, "ok"
