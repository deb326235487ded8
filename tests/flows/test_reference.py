"""Ticket references: readable, short, and every single typo or swap detected."""

from __future__ import annotations

import pytest

from bot.tickets.reference import ALPHABET, PREFIX, check, new_reference, normalize


def test_shape() -> None:
    for _ in range(200):
        reference = new_reference()
        assert len(reference) <= 14
        assert reference.startswith(PREFIX + "-")
        assert not set(reference.replace("-", "")[3:]) - set(ALPHABET)
        assert not set("0O1ILUV") & set(reference[4:])
        assert check(reference) == (reference, "ok")


def test_every_single_substitution_and_adjacent_swap_is_caught() -> None:
    for _ in range(50):
        reference = new_reference()
        body = reference[4:].replace("-", "")
        for i in range(len(body)):
            for ch in ALPHABET:
                if ch != body[i]:
                    wrong = body[:i] + ch + body[i + 1 :]
                    assert check(wrong)[1] == "checksum"
        for i in range(len(body) - 1):
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            if swapped != body:
                assert check(swapped)[1] == "checksum"


@pytest.mark.parametrize(
    "typed", ["dms-k7qm-xp4c", "DMS K7QM XP4C", "k7qmxp4c", " DMS-K7QM-XP4C ", "DMSK7QMXP4C"]
)
def test_normalize_accepts_common_typing(typed: str) -> None:
    assert normalize(typed) == "DMS-K7QM-XP4C"


@pytest.mark.parametrize("typed", ["", "123", "DMS-K7QM", "hello world", "DMS-K7QM-XP4C-EXTRA"])
def test_wrong_shapes(typed: str) -> None:
    assert check(typed) == (None, "shape")


def test_confusable_characters_are_typos() -> None:
    reference = new_reference()
    with_zero = reference[:5] + "0" + reference[6:]
    assert check(with_zero) == (None, "checksum")


def test_a_body_that_begins_like_the_prefix() -> None:
    """A number typed without its prefix whose body starts with "DMS" is still a number
    (this was once read as a prefix and called "not a ticket number")."""
    body = "DMS7K3M"
    from bot.tickets.reference import _check_char

    full = body + _check_char(body)
    assert check(full) == (f"DMS-{full[:4]}-{full[4:]}", "ok")
    assert check(f"DMS-{full[:4]}-{full[4:]}")[1] == "ok"
    wrong = full[:7] + next(c for c in ALPHABET if c != full[7])
    assert check(wrong)[1] == "checksum"
