"""flows/language.py: English or Indonesian from the words, only when they are clear."""

from __future__ import annotations

import pytest

from flows.language import guess_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", "en"),
        ("my phone was stolen at the beach", "en"),
        ("pls help my bag stolen at kuta beach", "en"),
        ("halo", "id"),
        ("hp saya dicuri tadi malam", "id"),
        ("terima kasih pak", "id"),
        ("ok", None),
        ("1", None),
        ("Kuta", None),
        ("", None),
    ],
)
def test_guess_language(text: str, expected: str | None) -> None:
    assert guess_language(text) == expected
