"""bot/routing/hamlets.py: where a hamlet's name ends and the place holding it begins
(session 40, issue 14: a known name after a hamlet word and a name the tree does not hold
was read as the hamlet's and lost)."""

from __future__ import annotations

import pytest

from bot.routing.hamlets import (
    hamlets_phrase_before,
    in_a_hamlets_phrase,
    own_name_before,
    settlement_phrase_before,
)
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


@pytest.mark.parametrize(
    ("text", "name", "phrase"),
    [
        ("di kampung sileh kedaton", "kedaton", range(1, 3)),
        ("di perumahan sileh 2 pamotan", "pamotan", range(1, 4)),
        ("di blok c2 kedaton", "kedaton", range(1, 3)),
        ("di dusun entinuh engkahan", "engkahan", range(1, 3)),  # a hamlet word still opens one
        # a named road is no settlement below the village: it says the town (sessions 28, 35)
        ("di gang sileh kedaton", "kedaton", None),
        ("di kampung sileh ditangkap kedaton", "kedaton", None),  # a story word between
    ],
)
def test_settlement_phrase_before(text: str, name: str, phrase: range | None) -> None:
    words, at = _at(text, name)
    assert settlement_phrase_before(words, at, sentence_word) == phrase


@pytest.mark.parametrize(
    ("text", "kecamatan"),
    [
        # the story hamlet audit's kampung / estate / block forms (session 40,
        # "kampung and gang before a shared kecamatan"): the kecamatan was guessed. The
        # names after the settlement word are village words of another province, no name
        # of the tree. Kec. Paninggaran (Pekalongan), Desa Paninggaran (Kuningan)
        ("rumah warga terbakar di kampung budong paninggaran", "33.26.02"),
        # Kec. Kedaton of Bandar Lampung, villages Kedaton of Sumatera Selatan and Lampung
        ("tolong pak ada maling di kp sileh kedaton", "18.71.01"),
        ("tolong pak ada maling di blok sileh kedaton", "18.71.01"),
        # Kec. Pamotan (Rembang), villages Pamotan of Subang, Malang, Lumajang, Probolinggo
        ("motor warga dicuri di perumahan sileh pamotan", "33.17.07"),
    ],
)
def test_a_shared_kecamatan_after_a_kampung_or_estate_is_asked(
    router: Router, text: str, kecamatan: str
) -> None:
    result = router.resolve_text(text)
    assert result.status == "ambiguous", result
    assert len({c.polres_id for c in result.candidates}) >= 2
    assert result.candidates[0].code == kecamatan  # asked, the kecamatan first (session 35)


@pytest.mark.parametrize(
    "text",
    [
        "maling ditangkap di gang sileh kedaton",  # a named road: in the town (session 35)
        "tolong pak ada maling di kampung sileh kec kedaton",  # the level word decides
    ],
)
def test_a_named_road_or_level_word_still_decides(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen.code if result.chosen else "") == ("ok", "18.71.01")
