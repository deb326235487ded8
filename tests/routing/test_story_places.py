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
