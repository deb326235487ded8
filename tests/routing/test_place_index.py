"""The words the gazetteer's index tells apart from places (bot/routing/place_index.py)."""

from __future__ import annotations

import pytest

from bot.routing.place_index import sentence_word, written_variants


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


def test_a_landmarks_name_after_its_kind_glued_with_its_short_first_word() -> None:
    # "pantai pdbali": Pantai Pondok Bali, the first word's short form glued (session 40)
    assert "pantai pdbali" in written_variants("pantai pondok bali", {})
    assert "pelabuhan tgpriok" in written_variants("pelabuhan tanjung priok", {})
