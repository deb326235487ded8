"""Session 44 (issue 14), story_places `INSTRUMENT_WORDS` read by `things_of_the_story`:
stone or coal after a word saying what a thing is done with ("pake batu", "dengan batu")
is a tool of the story, not Kota Batu or Kab. Batu Bara, with or without another place
in the text; the name alone, after "di" or with its level word is still the kab/kota."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router


@pytest.mark.parametrize(
    "text",
    [
        "warga nyerang polisi pake batu",  # chat's "pake" (pakai)
        "pos ronda dilempari warga dengan batu",
        "pelaku mecahin kaca mobil pakai batu",
    ],
)
def test_stone_used_names_no_place(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert (result.status, result.chosen) == ("not_found", None), [
        c.code for c in result.candidates
    ]


def test_the_place_stated_beside_the_stone_used_is_the_answer(router: Router) -> None:
    # a dev line (the lead's list of misses): Distrik Mimika Timur of Kab. Mimika
    result = router.resolve_text(
        "warga mapurujaya nyerang mapolsek mimika timur pake batu, blokade jalan"
    )
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code[:5] == "94.04"


def test_the_village_stated_before_the_stone_used_is_the_answer(router: Router) -> None:
    # Desa Kalapacung of Purbalingga: read as Kota Batu, "batu" narrowed the villages the
    # text states to Batu's, and none was left once it was read as a thing
    result = router.resolve_text("rumah di desa kalapacung dilempar pake batu")
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code[:5] == "33.03"


@pytest.mark.parametrize("text", ["batu", "di batu", "begal di batu", "kota batu malang"])
def test_kota_batu_named_as_a_place_is_kept(router: Router, text: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code == "35.79"
