"""Where a story's people fled to or came from (bot/routing/journeys.py)."""

from __future__ import annotations

import pytest

from bot.routing.journeys import journey_word_at


@pytest.mark.parametrize(
    ("text", "name", "flight"),
    [
        ("pelaku kabur ke klaten", "klaten", "kabur"),
        ("jambret lari ke arah gamping", "gamping", "lari"),
        ("pelaku kabur naik kapal ke surabaya", "surabaya", "kabur"),
        ("pengungsi dr wamena ditampung", "wamena", "pengungsi"),
        ("kabur ke jl enggano priok", "priok", "kabur"),
    ],
)
def test_a_journeys_word(text: str, name: str, flight: str) -> None:
    words = text.split()
    at = journey_word_at(words, words.index(name))
    assert at is not None and words[at] == flight


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("motor dicuri di klaten", "klaten"),  # where it happened
        ("pelaku kabur di klaten", "klaten"),  # caught fleeing in Klaten: "di"
        ("warga ke klaten", "klaten"),  # no flight word
        ("pelaku kabur lalu ditangkap warga sekitar ke klaten", "klaten"),  # too far
        ("kabur ke pasar , di klaten", "klaten"),  # a comma ends the journey
    ],
)
def test_no_journey(text: str, name: str) -> None:
    words = text.split()
    assert journey_word_at(words, words.index(name)) is None
