"""bot/routing/story_places.py: a person's home town beside the story's place (session 40:
a one-word dictionary name is no place the home town gives way to)."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # "pemuda" (youth) is also Desa Pemuda of Banjar: no place the text states, so
        # Ampenan, the only place told, is kept
        ("pemuda asal ampenan hamili anak dibawah umur", "52.71.01"),
        # a town after a road's own name is a stated place: the campus (Medan) gives way
        ("mahasiswa uma ditikam begal di jalan lubuk pakam batang kuis aras kabu", "12.07.27"),
        # a road named after a town is not: the campus's Bandung stays
        ("mahasiswa itb dibegal di jl cisitu lama", "32.73.02"),
        # a stated place elsewhere still wins over the home town (session 32)
        ("pria asal bandung ditusuk di kebumen", "33.05"),
    ],
)
def test_a_persons_origin(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen.code if result.chosen else "") == ("ok", code)


# Session 41 (issue 14): a citizen's everyday word that is also a kecamatan's or a
# village's name gives way to the unique place the sentence states, when it stands right
# after that place's name or a comma, or counts what follows ("puluhan"); the places a
# name so placed belongs to are kept.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        # "abang" (a brother; Kec. Abang of Karangasem) right after a village of Kalimantan
        ("warga bintangmas abang kampung sebelah", "61.12.07.2005"),
        ("motor hilang di bintangmas, abang sampai malam", "61.12.07.2005"),
        # a quantity word (Desa Puluhan of Klaten) and the thing it counts (Desa Sawit)
        ("puluhan sawit dicuri di desa bintangmas", "61.12.07.2005"),
        # a village told with the kecamatan it lies in is one place
        ("desa gondoriyo bergas", "33.22.13.2004"),
        # after a road's name the kecamatan places the road (Kec. Sambutan of Samarinda)
        ("jl kapten sujono sungai kerbau sambutan", "64.72.07"),
        # after a kind of place the word is the place's name (a bridge in Ngaliyan)
        ("jembatan beringin ngaliyan", "33.74.15"),
        # after "di" the quantity word is the village
        ("kena tipu di puluhan, klaten", "33.10"),
    ],
)
def test_an_everyday_word_beside_a_stated_place(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code.startswith(code)


def test_a_derived_word_read_as_a_word_leaves_the_other_name_alone(router: Router) -> None:
    # "petani" (a farmer; Desa Petani of Riau) is the sentence's: Brati, the one place
    # named, is shared by Grobogan and Kendal and is asked
    result = router.resolve_text("motor petani ditinggal kuncinya di sawah brati")
    assert result.status == "ambiguous"
    assert {c.code[:5] for c in result.candidates} >= {"33.15", "33.18"}


@pytest.mark.parametrize(
    "text",
    [
        # "puluhan" counts money (Desa Puluhan of Klaten): no place, whatever "net89" is
        "sy member net89, rugi puluhan juta",
    ],
)
def test_a_quantity_word_names_no_place(router: Router, text: str) -> None:
    assert router.resolve_text(text).status == "not_found"


def test_the_words_after_one_read_as_a_word_are_read_again(router: Router) -> None:
    # "rawan" (Desa Rawan of Lumajang) gives way to the village before it; then "begal"
    # (Desa Begal of Ngawi) has a story word before it and gives way too
    result = router.resolve_text("bintangmas rawan begal")
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code == "61.12.07.2005"
