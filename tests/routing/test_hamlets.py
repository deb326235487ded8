"""bot/routing/hamlets.py: where a hamlet's name ends and the place holding it begins
(session 40, issue 14: a known name after a hamlet word and a name the tree does not hold
was read as the hamlet's and lost)."""

from __future__ import annotations

import pytest

from bot.routing.hamlets import hamlets_phrase_before, in_a_hamlets_phrase, own_name_before
from bot.routing.place_index import sentence_word
from bot.routing.resolver import Router


def _at(text: str, word: str) -> tuple[list[str], int]:
    words = text.split()
    return words, words.index(word)


@pytest.mark.parametrize(
    ("text", "name", "own"),
    [
        ("dusun bandarharapan terbanggi", "terbanggi", True),  # an unknown hamlet's name
        ("lingkungan kanakea batupoaro", "batupoaro", True),
        ("dusun 3 batang", "batang", False),  # a number is no name: "batang" is the hamlet's
        ("dusun ii sukamaju", "sukamaju", False),
        ("padukuhan blimbingsari", "blimbingsari", False),
    ],
)
def test_own_name_before(text: str, name: str, own: bool) -> None:
    words, at = _at(text, name)
    assert own_name_before(words, 0, at) is own


@pytest.mark.parametrize(
    ("text", "name", "phrase"),
    [
        ("di dusun entinuh engkahan", "engkahan", range(1, 3)),
        ("di dusun engkahan", "engkahan", range(1, 2)),
        ("rt 03 rw 05 dusun limok ciracas", "ciracas", range(4, 6)),
        # a word of the sentence, a comma or a level word between ends the phrase
        ("dusun limok dibakar ciracas", "ciracas", None),
        ("dusun limok , ciracas", "ciracas", None),
        ("dusun limok desa ciracas", "ciracas", None),
        ("motor dicuri di ciracas", "ciracas", None),
    ],
)
def test_hamlets_phrase_before(text: str, name: str, phrase: range | None) -> None:
    words, at = _at(text, name)
    assert hamlets_phrase_before(words, at, sentence_word) == phrase
    assert in_a_hamlets_phrase(words, at, sentence_word) is (phrase is not None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the examples: the known name after the hamlet's unknown one
        ("begal hampir tiap hari di dusun bandarharapan terbanggi besar", "18.02.07"),
        ("8 pemuda berparang ditangkap di lingkungan kanakea batupoaro", "74.72.08"),
        ("sapi warga dicuri di dusun teluk kombal pemenang barat", "52.08.05.2002"),
        # the audit's (tests/routing/story_hamlet_forms.py): Kec. Ranto Peureulak, Aceh Timur
        ("begal beraksi hampir tiap malam di dusun saweak niara ranto peureulak", "11.03.10"),
        # a village whose name reads as a story word ("engkah" + "-an") after a hamlet's
        ("rumah kosong dibakar otk di jl lintas malindo dusun entinuh engkahan", "61.03.07.2006"),
        # the hamlet's name right after its word is still the hamlet's (session 34)
        ("padukuhan blimbingsari caturtunggal", "34.04.07.2001"),
    ],
)
def test_the_place_holding_the_hamlet(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen.code if result.chosen else "") == ("ok", code)


@pytest.mark.parametrize(
    "text",
    [
        # Kec. Padureso of Kebumen and Desa Padureso of Purbalingga (other units): a hamlet
        # before the name lies in either, and decides nothing
        "motor warga dicuri di dusun galik padureso",
        "rumah warga terbakar di dukuh sikek tagaimon kencong",  # Jember, or Kediri's village
    ],
)
def test_a_shared_name_after_a_hamlet_is_asked(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ambiguous", result
    assert len({c.polres_id for c in result.candidates}) >= 2


def test_a_local_name_without_a_hamlet_word_still_decides(router: Router) -> None:
    # session 31's reading: "pasir bajing" is a hamlet of Kec. Banyuresmi (Garut)
    result = router.resolve_text("pasir bajing banyuresmi")
    assert (result.status, result.chosen.code if result.chosen else "") == ("ok", "32.05.06")
