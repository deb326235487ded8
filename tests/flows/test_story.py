"""flows/story.py: the place and time of a story, taken only where sure (real router)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.routing.resolver import Router
from flows.story import find_place, find_when, place_phrases

NOW = datetime(2026, 12, 5, 12, 0)  # a Saturday noon, local time


@pytest.mark.parametrize(
    ("story", "place", "when"),
    [
        (
            "Motor saya dicuri orang di parkiran Pasar Minggu, Jakarta Selatan, tadi malam",
            "Kec. Pasar Minggu",
            datetime(2026, 12, 4, 20, 0),
        ),
        (
            "hp saya dijambret 2 orang naik motor kemarin sore di jalan malioboro jogja",
            "Jalan Malioboro",
            datetime(2026, 12, 4, 16, 0),
        ),
        (
            "hp saya baru dirampas orang di depan stasiun bogor 10 menit lalu",
            "Stasiun Bogor",
            datetime(2026, 12, 5, 11, 50),
        ),
        (
            "Two men snatched my phone yesterday afternoon on Monkey Forest Road in Ubud",
            "Kec. Ubud",
            datetime(2026, 12, 4, 15, 0),
        ),
    ],
)
def test_place_and_time_taken_when_sure(
    router: Router, story: str, place: str, when: datetime
) -> None:
    found = find_place(story, router)
    assert found is not None and found.resolution.chosen is not None
    assert found.resolution.chosen.path.startswith(place)
    answer = find_when(story, NOW, found.phrase)
    assert answer is not None and answer.local == when


@pytest.mark.parametrize(
    "story",
    [
        # "2 juta" is no village Juta in Papua; no place word at all
        "Saya tertipu jual beli online, sudah transfer 2 juta tapi barang tidak dikirim",
        # an alias hit on "Rumah Fatmawati" (Bengkulu) is not the place named
        "Dompet saya dicopet di halte busway Fatmawati kemarin",
        # a name shared by several regions is asked, never picked
        "di kampung melayu ada balap liar",
        # generic places
        "saya dipukul di rumah oleh suami semalam",
    ],
)
def test_no_place_guessed(router: Router, story: str) -> None:
    assert find_place(story, router) is None


def test_no_time_from_a_weekday_in_a_place_name_or_a_repeating_nuisance(router: Router) -> None:
    # "Pasar Minggu" is no Sunday: with the place removed, nothing is left to read
    story = "motor saya hilang di Pasar Minggu"
    found = find_place(story, router)
    assert find_when(story, NOW, found.phrase if found else None) is None
    # "tiap malam minggu": it repeats, there is no one time
    assert find_when("di gang kami ada balap liar tiap malam minggu", NOW) is None
    # "besok" is a plan, not the time of the incident
    assert find_when("besok mau ada tawuran di sekolah", NOW) is None


def test_phrases_stop_at_time_words_and_the_next_marker() -> None:
    assert place_phrases("dirampas di depan stasiun bogor 10 menit lalu") == [
        "depan stasiun bogor",
        "stasiun bogor",
    ]
    assert place_phrases("robbed in Seminyak around 2 am") == ["Seminyak", "2 am"]
