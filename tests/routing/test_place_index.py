"""The words the gazetteer's index tells apart from places (bot/routing/place_index.py)."""

from __future__ import annotations

import pytest

from bot.routing.place_index import (
    counts_a_thing,
    roman_value,
    sentence_word,
    with_digits,
    written_variants,
)


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


@pytest.mark.parametrize(
    ("word", "value"),
    [("i", 1), ("iv", 4), ("ix", 9), ("xi", 11), ("xiv", 14), ("xx", 20), ("xxiv", 24)],
)
def test_roman_numbers(word: str, value: int) -> None:
    assert roman_value(word) == value


@pytest.mark.parametrize("word", ["lili", "li", "ilili", "vv", "ivi", "koto", ""])
def test_names_are_no_roman_numbers(word: str) -> None:
    assert roman_value(word) is None


@pytest.mark.parametrize(
    ("key", "counted"),
    [
        ("batin xxiv", "batin 24"),  # session 40: every Roman number, not only up to xvi
        ("iv koto", "4 koto"),  # and a first word of two or more
        ("x koto singkarak", "10 koto singkarak"),
        ("simpang iii sipin", "simpang 3 sipin"),
        ("tujuh ulu", "7 ulu"),
        ("tana lili", "tana lili"),
        ("vi", "vi"),  # a one-word name is never a number
    ],
)
def test_names_counted_in_digits(key: str, counted: str) -> None:
    assert with_digits(key) == counted


def test_a_roman_first_word_before_a_sentence_word_counts_things() -> None:
    assert counts_a_thing("vi suku", "6 suku")  # "beli 6 suku cadang"
    assert not counts_a_thing("iv koto", "4 koto")
    assert not counts_a_thing("tujuh ulu", "7 ulu")  # Palembang's usual writing, kept


def test_a_landmarks_name_after_its_kind_glued_with_its_short_first_word() -> None:
    # "pantai pdbali": Pantai Pondok Bali, the first word's short form glued (session 40)
    assert "pantai pdbali" in written_variants("pantai pondok bali", {})
    assert "pelabuhan tgpriok" in written_variants("pelabuhan tanjung priok", {})
