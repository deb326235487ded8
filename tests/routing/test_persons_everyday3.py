"""bot/routing/persons.py (session 43, issue 14): which words are a person's by trade or
age (agent nouns, trades), where a sentence puts a person, and a counted level word."""

from __future__ import annotations

import pytest

from bot.routing.persons import a_counted_level_word, a_persons_word, an_agent_noun
from bot.routing.place_words import normalise


@pytest.mark.parametrize(
    "word",
    # peN- on a root ("tarik", "jual", "kemudi", "pulung", "tambang"), pe- ("tani",
    # "dagang", "muda"), pel- before a vowel ("ajar"), and a trade's own word
    ["penarik", "penjual", "pengemudi", "pemulung", "penambang", "petani", "pedagang", "pemuda"]
    + ["pelajar", "tukang", "kuli", "nelayan"],
)
def test_agent_nouns_and_trades_are_persons_words(word: str) -> None:
    assert an_agent_noun(word)


@pytest.mark.parametrize(
    "word",
    # "-an" makes a place or the act ("pesanggrahan", "penarikan"); a root too short
    # ("perak": "rak"); a name with no agent prefix ("cilandak", "kalapacung")
    ["pesanggrahan", "penarikan", "perak", "petak", "cilandak", "kalapacung", "sampe"],
)
def test_other_names_are_no_persons_words(word: str) -> None:
    assert not an_agent_noun(word)


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("penarik gerobak ditemuin meninggal", 0),  # opening the text, its object after
        ("5 pemuda dihajar orang", 1),  # after a number, its verb after
        ("puluhan pemulung diusir satpol pp", 1),  # after a counting word
        ("para nelayan ribut sama preman", 1),  # after "para"
        ("seorang petani dianiaya", 1),  # after "seorang"
    ],
)
def test_a_person_where_a_sentence_puts_one(text: str, at: int) -> None:
    assert a_persons_word(normalise(text), at)


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("motor hilang di penarik", 3),  # after "di": the place
        ("warga penarik resah", 1),  # after the people's word: where they live
        ("penarik mukomuko", 0),  # a name after it, no word of the story
        ("penarik", 0),  # alone
        ("penarik subuh tadi ada begal", 0),  # a time word after it: may be where
        ("desa 5 pemuda dihajar", 2),  # a level word and a number before it
    ],
)
def test_a_name_where_a_place_stands_is_no_person(text: str, at: int) -> None:
    assert not a_persons_word(normalise(text), at)


def test_a_level_word_after_a_count_marks_no_name() -> None:
    for text in ("bentrok 2 desa sampe jalan", "warga dua kampung ribut", "tawuran antar desa"):
        words = normalise(text)
        at = next(i for i, w in enumerate(words) if w in ("desa", "kampung"))
        assert a_counted_level_word(words, at), text
    # its own level word, and a number that numbers a place word before it: a kilometre
    # post, a school, a neighbourhood ("km 21 desa sako": Desa Sako)
    for text in (
        "desa sampe",
        "warga desa sampe resah",
        "km 21 desa sako",
        "rt 3 desa kalapacung",
        "smp negeri 6 desa sorong",
    ):
        words = normalise(text)
        assert not a_counted_level_word(words, words.index("desa")), text
