"""The words the gazetteer's index tells apart from places (bot/routing/place_index.py)."""

from __future__ import annotations

import pytest

from bot.routing.place_index import sentence_word


@pytest.mark.parametrize(
    "word",
    ["motor", "dicopet", "kehilangan", "dijambret", "penipuan", "pengirim", "hp", "ojol", "klitih"],
)
def test_words_a_complaint_is_told_with(word: str) -> None:
    """Dictionary words, their affixed forms (meN-/peN- eat the root's first consonant)
    and chat words."""
    assert sentence_word(word)


@pytest.mark.parametrize("word", ["gombel", "rawakalong", "cibinong", "pamulang", "tebet"])
def test_names_of_places_are_no_such_words(word: str) -> None:
    assert not sentence_word(word)
